package dev.serverlessmysql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one line a DataSource logs when it is built: which DataSource is in use, for which server
 * and user, and every setting that differs from its default, named by its Spring Boot property.
 * Never the password, and the URL only as {@code host:port}.
 */
final class StartupSummary {

    private StartupSummary() {
    }

    static String of(ServerlessMySqlConfig config) {
        List<String> changed = changedSettings(config);
        int connections = config.maxConnectionsPerEnvironment();
        return "Using ServerlessMySqlDataSource for " + config.username() + "@" + config.serverAddress()
                + (connections == 1 ? " (one connection per container, opened on first use); "
                        : " (up to " + connections + " connections per environment, one per concurrent request, each opened"
                                + " on first use); ")
                + (changed.isEmpty() ? "all serverless.mysql.* settings at their defaults"
                        : "settings that differ from the defaults: " + String.join(", ", changed));
    }

    static List<String> changedSettings(ServerlessMySqlConfig config) {
        ServerlessMySqlConfig defaults = defaults(ServerlessMySqlConfig.builder());
        // Some defaults follow other settings: compare those with what the user's values imply.
        ServerlessMySqlConfig derived = defaults(ServerlessMySqlConfig.builder()
                .zombieMinTimeout(config.zombieMinTimeout()).zombieMaxTimeout(config.zombieMaxTimeout())
                .usedConnectionsCacheTtl(config.usedConnectionsCacheTtl()));
        List<String> changed = new ArrayList<>();
        add(changed, "connection-utilization", config.connectionUtilization(), defaults.connectionUtilization());
        add(changed, "max-connections-cache-ttl", config.maxConnectionsCacheTtl(), defaults.maxConnectionsCacheTtl());
        add(changed, "used-connections-cache-ttl", config.usedConnectionsCacheTtl(), defaults.usedConnectionsCacheTtl());
        add(changed, "used-connections-cache-ttl-under-half", config.usedConnectionsCacheTtlUnderHalf(),
                derived.usedConnectionsCacheTtlUnderHalf());
        add(changed, "thaw-threshold", config.thawThreshold(), derived.thawThreshold());
        add(changed, "validation-timeout", config.validationTimeout(), defaults.validationTimeout());
        add(changed, "lease-timeout", config.leaseTimeout(), defaults.leaseTimeout());
        add(changed, "connect-timeout", config.connectTimeout(), defaults.connectTimeout());
        add(changed, "session-wait-timeout", config.sessionWaitTimeout(), derived.sessionWaitTimeout());
        add(changed, "retry.max-retries", config.maxRetries(), defaults.maxRetries());
        addBackoff(changed, config.backoff(), defaults.backoff());
        add(changed, "housekeeping.enabled", config.housekeepingEnabled(), defaults.housekeepingEnabled());
        add(changed, "zombie.min-timeout", config.zombieMinTimeout(), defaults.zombieMinTimeout());
        add(changed, "zombie.max-timeout", config.zombieMaxTimeout(), defaults.zombieMaxTimeout());
        add(changed, "zombie.max-kills-per-invocation", config.zombieMaxKillsPerInvocation(),
                defaults.zombieMaxKillsPerInvocation());
        add(changed, "zombie.sweep-interval", config.zombieSweepInterval(), defaults.zombieSweepInterval());
        add(changed, "lambda-shutdown.enabled", config.lambdaShutdownEnabled(), defaults.lambdaShutdownEnabled());
        add(changed, "max-connections-per-environment", config.maxConnectionsPerEnvironment(),
                defaults.maxConnectionsPerEnvironment());
        add(changed, "lease-leak-stack-trace", config.captureLeaseStackTraces(), defaults.captureLeaseStackTraces());
        if (!config.driverProperties().isEmpty()) {
            // Names only: a driver property may carry a secret.
            changed.add("driver properties " + config.driverProperties().keySet());
        }
        if (!config.listeners().isEmpty()) {
            changed.add(config.listeners().size() + " listener(s)");
        }
        return changed;
    }

    private static void addBackoff(List<String> changed, Backoff backoff, Backoff defaultBackoff) {
        JitterWindow window = window(backoff);
        JitterWindow defaultWindow = window(defaultBackoff);
        if (window == null) {
            changed.add("backoff=" + backoff);
            return;
        }
        add(changed, "retry.backoff", policy(backoff), policy(defaultBackoff));
        add(changed, "retry.base", window.base(), defaultWindow.base());
        add(changed, "retry.cap", window.cap(), defaultWindow.cap());
    }

    private static JitterWindow window(Backoff backoff) {
        if (backoff instanceof FullJitterBackoff full) {
            return full.window();
        }
        return backoff instanceof DecorrelatedJitterBackoff decorrelated ? decorrelated.window() : null;
    }

    private static String policy(Backoff backoff) {
        return backoff instanceof FullJitterBackoff ? "full-jitter" : "decorrelated-jitter";
    }

    private static ServerlessMySqlConfig defaults(ServerlessMySqlConfig.Builder builder) {
        return builder.jdbcUrl("jdbc:mysql://localhost/defaults").username("defaults").buildConfig();
    }

    private static void add(List<String> changed, String property, Object value, Object defaultValue) {
        if (!Objects.equals(value, defaultValue)) {
            changed.add(property + "=" + (value instanceof Duration duration ? Durations.format(duration) : value));
        }
    }
}
