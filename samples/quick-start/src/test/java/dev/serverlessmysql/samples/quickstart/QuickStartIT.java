package dev.serverlessmysql.samples.quickstart;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.orders.OrdersApplication;
import dev.serverlessmysql.test.FakeLambdaContext;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start as a user copies it: its dependencies and packaging are this module's
 * pom, its application and application.yml are this module's files, the Lambda jar is lean (no
 * WebFlux, Netty or HikariCP), and the function runs through Lambda's handler against a real server
 * without logging the event.
 */
@MySqlTest
@ExtendWith(OutputCaptureExtension.class)
class QuickStartIT {

    /** The bound the README states for the Lambda jar (about 21 MB; 40 MB with WebFlux). */
    private static final long JAR_BOUND_BYTES = 25L * 1024 * 1024;

    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>");
    private static final Pattern CODE_BLOCK = Pattern.compile("```(xml|yaml|java)\\n(.*?)```", Pattern.DOTALL);

    private static String quickStart() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        return readme.substring(readme.indexOf("## Quick start"), readme.indexOf("## Configuration"));
    }

    private static List<String> blocks(String language) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher block = CODE_BLOCK.matcher(quickStart());
        while (block.find()) {
            if (block.group(1).equals(language)) {
                blocks.add(block.group(2));
            }
        }
        return blocks;
    }

    private static List<String> dependencies(String xml) {
        List<String> found = new ArrayList<>();
        Matcher dependency = DEPENDENCY.matcher(xml);
        while (dependency.find()) {
            found.add(dependency.group(1) + ":" + dependency.group(2));
        }
        return found;
    }

    /** XML without comments and white space, to compare what a snippet configures. */
    private static String normalized(String xml) {
        return xml.replaceAll("(?s)<!--.*?-->", "").replaceAll("\\s+", "");
    }

    @Test
    void everyDependencyAndThePackagingStepOfTheReadmeAreThisModulesBuild() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        List<String> xml = blocks("xml");
        assertThat(xml).hasSize(1);
        String readme = xml.get(0);
        assertThat(dependencies(readme)).containsExactly("org.springframework.cloud:spring-cloud-dependencies",
                "dev.serverlessmysql:serverless-mysql-starter", "org.springframework.cloud:spring-cloud-function-adapter-aws",
                "com.amazonaws:aws-lambda-java-core");
        // Each dependency as the README writes it, exclusions included, is this module's (versions come
        // from the build's dependency management here).
        String afterManagement = readme.substring(readme.indexOf("</dependencyManagement>"));
        String dependencies = afterManagement.substring(afterManagement.indexOf("<dependencies>") + 14,
                afterManagement.indexOf("</dependencies>"));
        for (String dependency : dependencies.split("</dependency>")) {
            if (!dependency.isBlank()) {
                assertThat(normalized(pom)).contains(normalized(dependency).replaceAll("<version>[^<]*</version>", ""));
            }
        }
        String shade = readme.substring(readme.indexOf("<plugin>"), readme.indexOf("</plugin>") + 9);
        assertThat(normalized(pom)).contains(normalized(shade));
        // The versions the README gives are the ones this build uses.
        String rootPom = Files.readString(Path.of("../../pom.xml"));
        assertThat(readme).contains("<version>" + property(rootPom, "aws-lambda-java-core.version") + "</version>")
                .contains("<version>" + property(rootPom, "spring-cloud.version") + "</version>")
                .contains("<version>" + projectVersion(rootPom) + "</version>");
    }

    @Test
    void hikariCpIsNotOnTheClassPath() {
        assertThat(ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", null)).isFalse();
    }

    @Test
    void theShadedJarForLambdaHoldsTheApplicationAndEveryAutoConfiguration() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter((file) -> file.getFileName().toString().endsWith("-aws.jar")).findFirst().orElseThrow();
        }
        try (JarFile shaded = new JarFile(jar.toFile())) {
            assertThat(shaded.getEntry("com/example/orders/OrdersApplication.class")).isNotNull();
            assertThat(shaded.getEntry("org/springframework/cloud/function/adapter/aws/FunctionInvoker.class")).isNotNull();
            assertThat(shaded.getEntry("com/amazonaws/services/lambda/runtime/Context.class")).isNotNull();
            String imports = new String(shaded.getInputStream(shaded.getEntry(
                    "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")).readAllBytes(),
                    StandardCharsets.UTF_8);
            // Merged, not overwritten: Boot's and the starter's auto-configurations both.
            assertThat(imports).contains("dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration",
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
            // Lean: no web server (WebFlux brings Netty) and no HikariCP.
            List<String> heavy = shaded.stream().map(JarEntry::getName)
                    .filter((name) -> name.startsWith("io/netty/") || name.startsWith("reactor/netty/")
                            || name.startsWith("org/springframework/web/reactive/") || name.startsWith("com/zaxxer/hikari/"))
                    .toList();
            assertThat(heavy).isEmpty();
        }
        assertThat(Files.size(jar)).as("size of %s in bytes", jar).isLessThan(JAR_BOUND_BYTES);
    }

    @Test
    void theApplicationAndItsYamlAreTheReadmesAsWritten() throws IOException {
        assertThat(blocks("java")).containsExactly(
                Files.readString(Path.of("src/main/java/com/example/orders/OrdersApplication.java")));
        assertThat(blocks("yaml")).containsExactly(Files.readString(Path.of("src/main/resources/application.yml")));
    }

    @Test
    void theFunctionAnswersThroughLambdasHandlerWithoutLoggingTheEvent(TestDatabase db, CapturedOutput output)
            throws Exception {
        try (Connection setup = db.connect()) {
            TestDatabase.execute(setup, "CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(20))");
            TestDatabase.execute(setup, "INSERT INTO orders VALUES (1, 'ada'), (2, 'ada'), (3, 'bob')");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("MAIN_CLASS", OrdersApplication.class.getName());
        properties.put("DB_PASSWORD", db.password());
        // Only what a local test must change: where the database is.
        properties.put("spring.datasource.url", db.jdbcUrl());
        properties.put("spring.datasource.username", db.username());
        Map<String, String> previous = new LinkedHashMap<>();
        properties.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        try {
            FunctionInvoker invoker = new FunctionInvoker();
            assertThat(invoke(invoker, "ada")).isEqualTo("2");
            assertThat(invoke(invoker, "bob")).isEqualTo("1");
            // Spring Cloud Function would log every event ("AWSLambdaUtils : Received: ...") at INFO.
            assertThat(output.getAll()).contains("Located function").doesNotContain("Received:").doesNotContain("\"ada\"");
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    private static String invoke(FunctionInvoker invoker, String customer) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(("\"" + customer + "\"").getBytes(StandardCharsets.UTF_8)), output,
                new FakeLambdaContext("orders", "request-" + customer));
        return output.toString(StandardCharsets.UTF_8);
    }

    private static String projectVersion(String rootPom) {
        Matcher version = Pattern.compile("<artifactId>serverless-mysql-parent</artifactId>\\s*<version>([^<]+)</")
                .matcher(rootPom);
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    private static String property(String pom, String name) {
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(value.find()).as(name).isTrue();
        return value.group(1);
    }
}
