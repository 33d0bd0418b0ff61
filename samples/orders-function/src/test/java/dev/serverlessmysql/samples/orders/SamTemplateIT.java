package dev.serverlessmysql.samples.orders;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code template.yaml} parses, and points at the artifact {@code package} built and the real handler. */
class SamTemplateIT {

    private static Map<String, Object> template;

    @BeforeAll
    static void parse() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("template.yaml"))) {
            template = new Yaml(new CloudFormationConstructor()).load(reader);
        }
    }

    @Test
    void globalsPointAtTheBuiltJarAndTheFunctionInvoker() throws ClassNotFoundException {
        Map<String, Object> function = map(map(template, "Globals"), "Function");
        Path codeUri = Path.of((String) function.get("CodeUri"));

        assertThat(codeUri).isEqualTo(Path.of("target").resolve(LambdaArtifactIT.lambdaJar().getFileName()));
        assertThat(codeUri).exists();
        String handler = (String) function.get("Handler");
        assertThat(handler).isEqualTo("org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest");
        assertThat(Class.forName(handler.substring(0, handler.indexOf("::")))).isNotNull();
        assertThat(function.get("Runtime")).isIn("java17", "java21");
        assertThat(map(function, "SnapStart")).containsEntry("ApplyOn", "PublishedVersions");
        assertThat(function.get("AutoPublishAlias")).isEqualTo("live");
        Map<String, Object> variables = map(map(function, "Environment"), "Variables");
        assertThat(variables).containsEntry("SPRING_DATASOURCE_URL", Map.of("!Ref", "DatabaseUrl"))
                .containsEntry("SPRING_DATASOURCE_USERNAME", Map.of("!Ref", "DatabaseUsername"))
                .containsEntry("SPRING_DATASOURCE_PASSWORD", Map.of("!Ref", "DatabasePassword"))
                .containsEntry("MAIN_CLASS", OrdersApplication.class.getName());
        assertThat(map(map(template, "Parameters"), "DatabasePassword")).containsEntry("NoEcho", true);
    }

    @Test
    void oneFunctionPerDefinition() {
        Map<String, Object> resources = map(template, "Resources");
        Map<String, String> definitions = new LinkedHashMap<>();
        resources.forEach((name, value) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> resource = (Map<String, Object>) value;
            assertThat(resource.get("Type")).isEqualTo("AWS::Serverless::Function");
            Map<String, Object> variables = map(map(map(resource, "Properties"), "Environment"), "Variables");
            definitions.put(name, (String) variables.get("SPRING_CLOUD_FUNCTION_DEFINITION"));
        });
        assertThat(definitions).containsExactly(
                Map.entry("PlaceOrderFunction", "placeOrder"),
                Map.entry("GetOrderFunction", "getOrder"),
                Map.entry("OrderStatsFunction", "orderStats"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    /** Reads CloudFormation's short forms ({@code !Ref X}) as {@code {"!Ref": X}}. */
    private static final class CloudFormationConstructor extends SafeConstructor {

        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = List.copyOf(constructSequence(sequence));
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(node.getTag().getValue(), value);
                }
            });
        }
    }
}
