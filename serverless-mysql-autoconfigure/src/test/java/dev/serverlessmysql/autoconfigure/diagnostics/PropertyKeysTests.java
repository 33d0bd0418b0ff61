package dev.serverlessmysql.autoconfigure.diagnostics;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.serverlessmysql.IamAuthTokenCredentials;
import dev.serverlessmysql.SecretsManagerCredentials;
import dev.serverlessmysql.ServerlessMySqlConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The one table from the core's setting names to the starter's properties, kept true both ways. */
class PropertyKeysTests {

    /** Properties of the starter alone, or aliases: no core setting stands behind them. */
    private static final Set<String> STARTER_ONLY = Set.of("serverless.mysql.enabled", "serverless.mysql.zombie.enabled");

    @Test
    void everySettingIsABuilderMethodAndEveryPropertyIsInTheMetadata() throws IOException {
        Set<String> metadata = metadataNames();
        PropertyKeys.BY_SETTING.forEach((setting, property) -> {
            assertThat(builderMethods(setting)).as(setting).contains(setting.substring(setting.indexOf('.') + 1));
            assertThat(property.startsWith("spring.datasource.") || metadata.contains(property)).as(property).isTrue();
        });
    }

    @Test
    void everyServerlessMySqlPropertyHasItsSetting() throws IOException {
        Set<String> mapped = Set.copyOf(PropertyKeys.BY_SETTING.values());
        assertThat(metadataNames().stream().filter((name) -> name.startsWith("serverless.mysql."))
                .filter((name) -> !STARTER_ONLY.contains(name))).allSatisfy((name) -> assertThat(mapped).contains(name));
    }

    @Test
    void onlyTheMentionedSettingsOfATextAreTranslatedAndOnlyAsWholeWords() {
        assertThat(PropertyKeys.translate("at least retryBase (2ms)", List.of("retryBase")))
                .isEqualTo("at least serverless.mysql.retry.base (2ms)");
        // The URL's connectTimeout is a driver parameter, not the setting of the same name.
        assertThat(PropertyKeys.translate("a connectTimeout in whole milliseconds, such as connectTimeout=10000",
                List.of())).isEqualTo("a connectTimeout in whole milliseconds, such as connectTimeout=10000");
        assertThat(PropertyKeys.translate("zombieMinTimeoutX or zombieMinTimeout", List.of("zombieMinTimeout")))
                .isEqualTo("zombieMinTimeoutX or serverless.mysql.zombie.min-timeout");
        assertThat(PropertyKeys.of("sessionVariables (in jdbcUrl or a driverProperty)"))
                .isEqualTo("sessionVariables (in jdbcUrl or a driverProperty)");
    }

    private static Set<String> builderMethods(String setting) {
        Class<?> builder = switch (setting.contains(".") ? setting.substring(0, setting.indexOf('.')) : "") {
            case "IamAuthTokenCredentials" -> IamAuthTokenCredentials.Builder.class;
            case "SecretsManagerCredentials" -> SecretsManagerCredentials.Builder.class;
            default -> ServerlessMySqlConfig.Builder.class;
        };
        return Arrays.stream(builder.getMethods()).filter((m) -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> metadataNames() throws IOException {
        String json = Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json"),
                StandardCharsets.UTF_8);
        List<Object> properties = (List<Object>) JsonParserFactory.getJsonParser().parseMap(json).get("properties");
        return properties.stream().map((p) -> (String) ((Map<String, Object>) p).get("name")).collect(Collectors.toSet());
    }
}
