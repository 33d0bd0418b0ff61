package dev.serverlessmysql.autoconfigure.diagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Spring Boot property behind each setting the core names in its messages (the builder method,
 * {@code leaseTimeout}), so that what the starter reports names what a Spring user sets
 * ({@code serverless.mysql.lease-timeout}). One table; a test checks it against the builders and
 * the configuration metadata.
 */
final class PropertyKeys {

    private static final String PREFIX = "serverless.mysql.";

    /** Setting (builder method, or {@code Class.method} for a credentials builder) to property. */
    static final Map<String, String> BY_SETTING = table(
            "jdbcUrl", "spring.datasource.url",
            "username", "spring.datasource.username",
            "password", "spring.datasource.password",
            "driverClassName", "spring.datasource.driver-class-name",
            "connectionUtilization", PREFIX + "connection-utilization",
            "maxConnectionsCacheTtl", PREFIX + "max-connections-cache-ttl",
            "usedConnectionsCacheTtl", PREFIX + "used-connections-cache-ttl",
            "usedConnectionsCacheTtlUnderHalf", PREFIX + "used-connections-cache-ttl-under-half",
            "housekeepingEnabled", PREFIX + "housekeeping.enabled",
            "zombieMinTimeout", PREFIX + "zombie.min-timeout",
            "zombieMaxTimeout", PREFIX + "zombie.max-timeout",
            "zombieMaxKillsPerInvocation", PREFIX + "zombie.max-kills-per-invocation",
            "zombieSweepInterval", PREFIX + "zombie.sweep-interval",
            "sessionWaitTimeout", PREFIX + "session-wait-timeout",
            "maxRetries", PREFIX + "retry.max-retries",
            "backoffPolicy", PREFIX + "retry.backoff",
            "retryBase", PREFIX + "retry.base",
            "retryCap", PREFIX + "retry.cap",
            "thawThreshold", PREFIX + "thaw-threshold",
            "validationTimeout", PREFIX + "validation-timeout",
            "leaseTimeout", PREFIX + "lease-timeout",
            "deadlineReserve", PREFIX + "deadline-reserve",
            "connectTimeout", PREFIX + "connect-timeout",
            "captureLeaseStackTraces", PREFIX + "lease-leak-stack-trace",
            "lambdaShutdownEnabled", PREFIX + "lambda-shutdown.enabled",
            "maxConnectionsPerEnvironment", PREFIX + "max-connections-per-environment",
            "rdsProxy", PREFIX + "rds-proxy",
            "credentialsProvider", PREFIX + "auth.mode",
            "IamAuthTokenCredentials.region", PREFIX + "auth.iam.region",
            "SecretsManagerCredentials.secretId", PREFIX + "auth.secrets-manager.secret-id",
            "SecretsManagerCredentials.region", PREFIX + "auth.secrets-manager.region",
            "SecretsManagerCredentials.endpoint", PREFIX + "auth.secrets-manager.endpoint",
            "SecretsManagerCredentials.cacheTtl", PREFIX + "auth.secrets-manager.cache-ttl");

    private PropertyKeys() {
    }

    /** The property of a setting; the setting itself when it has none (such as {@code sessionVariables}). */
    static String of(String setting) {
        return BY_SETTING.getOrDefault(setting, setting);
    }

    /**
     * {@code text} with each of the {@code mentioned} settings, where it stands as a whole word,
     * replaced by its property.
     */
    static String translate(String text, List<String> mentioned) {
        for (String setting : mentioned) {
            Matcher word = Pattern.compile("(?<![\\w.])" + Pattern.quote(setting) + "(?![\\w(])").matcher(text);
            text = word.replaceAll(Matcher.quoteReplacement(of(setting)));
        }
        return text;
    }

    private static Map<String, String> table(String... pairs) {
        Map<String, String> table = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            table.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(table);
    }
}
