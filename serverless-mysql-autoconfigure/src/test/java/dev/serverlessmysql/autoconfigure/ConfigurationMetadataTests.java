package dev.serverlessmysql.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.serverlessmysql.Backoff;
import dev.serverlessmysql.ServerlessMySqlConfig;
import dev.serverlessmysql.ServerlessMySqlDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build generates (IDE help): every property documented, with
 * the default the core library really uses. The properties themselves stay unset (null) unless
 * configured, so the core's defaults apply: these defaults are documentation, checked here.
 */
class ConfigurationMetadataTests {

    private static final List<String> PROPERTIES = List.of("enabled", "connection-utilization",
            "max-connections-cache-ttl", "used-connections-cache-ttl", "used-connections-cache-ttl-under-half",
            "thaw-threshold", "validation-timeout",
            "lease-timeout", "deadline-reserve", "connect-timeout", "session-wait-timeout", "lease-leak-stack-trace", "lambda-shutdown.enabled",
            "max-connections-per-environment", "retry.max-retries", "retry.backoff", "retry.base", "retry.cap",
            "housekeeping.enabled", "zombie.enabled", "zombie.min-timeout", "zombie.max-timeout",
            "zombie.max-kills-per-invocation", "zombie.sweep-interval",
            // AWS credentials and endpoints (issue 35)
            "rds-proxy", "auth.mode", "auth.iam.region", "auth.secrets-manager.secret-id",
            "auth.secrets-manager.region", "auth.secrets-manager.endpoint", "auth.secrets-manager.cache-ttl");

    /** Detected or read from the environment when unset (issue 35). */
    private static final List<String> AWS_WITHOUT_DEFAULT = List.of("rds-proxy", "auth.iam.region",
            "auth.secrets-manager.secret-id", "auth.secrets-manager.region", "auth.secrets-manager.endpoint");

    private static Map<String, Map<String, Object>> properties;
    private static List<Object> hints;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readMetadata() throws IOException {
        String json = Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json"),
                StandardCharsets.UTF_8);
        Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(json);
        properties = new LinkedHashMap<>();
        for (Object property : (List<Object>) metadata.get("properties")) {
            Map<String, Object> map = (Map<String, Object>) property;
            properties.put((String) map.get("name"), map);
        }
        hints = (List<Object>) metadata.get("hints");
    }

    @Test
    void everyPropertyIsListedWithADescription() {
        assertThat(properties.keySet().stream().filter((name) -> name.startsWith("serverless.mysql.")))
                .containsExactlyInAnyOrderElementsOf(PROPERTIES.stream().map((p) -> "serverless.mysql." + p).toList());
        PROPERTIES.forEach((p) -> assertThat((String) property(p).get("description")).as(p).isNotBlank());
    }

    @Test
    void everyPropertyHasADefaultExceptThoseThatFollowOtherSettingsAndTheDeprecatedAlias() {
        PROPERTIES.stream().filter((p) -> !p.equals("session-wait-timeout") && !p.equals("zombie.enabled")
                && !p.equals("deadline-reserve")
                && !p.equals("max-connections-per-environment") && !p.equals("used-connections-cache-ttl-under-half")
                && !AWS_WITHOUT_DEFAULT.contains(p))
                .forEach((p) -> assertThat(property(p).get("defaultValue")).as(p).isNotNull());
        assertThat((String) property("session-wait-timeout").get("description")).contains("zombie.max-timeout");
        assertThat((String) property("max-connections-per-environment").get("description")).contains("AWS_LAMBDA_MAX_CONCURRENCY");
        assertThat((String) property("deadline-reserve").get("description"))
                .contains("10% of the time the invocation has left").contains("100ms").contains("1s");
        assertThat((String) property("used-connections-cache-ttl-under-half").get("description"))
                .contains("five times used-connections-cache-ttl, 5s");
    }

    @Test
    @SuppressWarnings("unchecked")
    void zombieEnabledIsDeprecatedInFavourOfHousekeepingEnabled() {
        Map<String, Object> deprecation = (Map<String, Object>) property("zombie.enabled").get("deprecation");
        assertThat(deprecation).isNotNull().containsEntry("replacement", "serverless.mysql.housekeeping.enabled")
                .containsEntry("level", "warning");
        assertThat((String) deprecation.get("reason")).contains("all invocation-end housekeeping");
        assertThat(property("housekeeping.enabled")).doesNotContainKey("deprecation");
    }

    @Test
    void documentedDefaultsAreTheCoreDefaults() {
        ServerlessMySqlConfig core = ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example/orders")
                .username("orders").buildConfig();
        assertThat(number("connection-utilization")).isEqualTo(core.connectionUtilization());
        assertThat(duration("max-connections-cache-ttl")).isEqualTo(core.maxConnectionsCacheTtl());
        assertThat(duration("used-connections-cache-ttl")).isEqualTo(core.usedConnectionsCacheTtl());
        assertThat(core.usedConnectionsCacheTtlUnderHalf()).isEqualTo(Duration.ofSeconds(5));
        assertThat(duration("thaw-threshold")).isEqualTo(core.thawThreshold());
        assertThat(duration("validation-timeout")).isEqualTo(core.validationTimeout());
        assertThat(duration("lease-timeout")).isEqualTo(core.leaseTimeout());
        assertThat(duration("connect-timeout")).isEqualTo(core.connectTimeout());
        assertThat(number("retry.max-retries")).isEqualTo(core.maxRetries());
        assertThat(property("retry.backoff").get("defaultValue")).isEqualTo("full-jitter");
        // The core's base and cap show in its backoff: the documented ones must make the same.
        assertThat(core.backoff()).isEqualTo(Backoff.fullJitter(duration("retry.base"), duration("retry.cap")));
        assertThat(property("lease-leak-stack-trace").get("defaultValue")).isEqualTo(core.captureLeaseStackTraces());
        assertThat(property("lambda-shutdown.enabled").get("defaultValue")).isEqualTo(core.lambdaShutdownEnabled());
        assertThat(property("housekeeping.enabled").get("defaultValue")).isEqualTo(core.housekeepingEnabled());
        assertThat(duration("zombie.min-timeout")).isEqualTo(core.zombieMinTimeout());
        assertThat(duration("zombie.max-timeout")).isEqualTo(core.zombieMaxTimeout());
        assertThat(number("zombie.max-kills-per-invocation")).isEqualTo(core.zombieMaxKillsPerInvocation());
        assertThat(duration("zombie.sweep-interval")).isEqualTo(core.zombieSweepInterval());
        assertThat(property("enabled").get("defaultValue")).isEqualTo(true);
        assertThat(property("auth.mode").get("defaultValue")).isEqualTo("password");
        assertThat(duration("auth.secrets-manager.cache-ttl"))
                .isEqualTo(dev.serverlessmysql.SecretsManagerCredentials.DEFAULT_CACHE_TTL);
        assertThat((String) property("rds-proxy").get("description")).contains("*.proxy-*.rds.amazonaws.com");
    }

    @Test
    void unsetPropertiesLeaveEveryDefaultToTheCore() {
        ServerlessMySqlProperties properties = new ServerlessMySqlProperties();
        assertThat(properties.getConnectionUtilization()).isNull();
        assertThat(properties.getLeaseTimeout()).isNull();
        assertThat(properties.getLeaseLeakStackTrace()).isNull();
        assertThat(properties.getRetry().getMaxRetries()).isNull();
        assertThat(properties.getRetry().getBackoff()).isNull();
        assertThat(properties.getZombie().getMinTimeout()).isNull();
        assertThat(properties.getLambdaShutdown().getEnabled()).isNull();
    }

    @Test
    void backoffHasAValueHintForEachPolicy() {
        assertThat(hints.toString()).contains("serverless.mysql.retry.backoff").contains("full-jitter")
                .contains("decorrelated-jitter");
    }

    private static Map<String, Object> property(String name) {
        Map<String, Object> property = properties.get("serverless.mysql." + name);
        assertThat(property).as(name).isNotNull();
        return property;
    }

    private static Duration duration(String name) {
        return DurationStyle.detectAndParse((String) property(name).get("defaultValue"));
    }

    private static double number(String name) {
        return ((Number) property(name).get("defaultValue")).doubleValue();
    }
}
