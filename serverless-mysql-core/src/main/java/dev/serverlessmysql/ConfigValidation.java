package dev.serverlessmysql;

import static dev.serverlessmysql.ConfigDefaults.MAX_LEASE_TIMEOUT;
import static dev.serverlessmysql.ConfigDefaults.MAX_WAIT_TIMEOUT;
import static dev.serverlessmysql.ConfigDefaults.MIN_ZOMBIE_TIMEOUT;
import static dev.serverlessmysql.ConfigDefaults.killableAfter;

import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Checks every setting of a {@link ServerlessMySqlConfig.Builder} at once, before anything is
 * built. A rejected value throws one {@link InvalidConfigurationException} that names the setting
 * by its builder method ({@code leaseTimeout}), the value and what is allowed; other settings in
 * the allowed text are named the same way, so that the starter can put its property keys in their
 * place.
 */
final class ConfigValidation {

    private static final String MYSQL_URL = "a jdbc:mysql:// or jdbc:mariadb:// URL";

    private ConfigValidation() {
    }

    /**
     * Validates the builder's settings.
     *
     * @return the driver named by {@code driverClassName}, loaded once, or null when none is named
     * @throws InvalidConfigurationException for the first setting that cannot be used
     */
    static Driver validate(ConfigBuilder b) {
        Driver driver = validateConnection(b);
        if (!(b.connectionUtilization > 0 && b.connectionUtilization <= 1)) {
            throw new InvalidConfigurationException("connectionUtilization", b.connectionUtilization,
                    "a fraction greater than 0 and at most 1, such as 0.8");
        }
        requireAtLeast("maxConnectionsCacheTtl", b.maxConnectionsCacheTtl, Duration.ZERO);
        requireAtLeast("usedConnectionsCacheTtl", b.usedConnectionsCacheTtl, Duration.ZERO);
        if (b.usedConnectionsCacheTtlUnderHalf != null) {
            requireAtLeast("usedConnectionsCacheTtlUnderHalf", b.usedConnectionsCacheTtlUnderHalf,
                    b.usedConnectionsCacheTtl, "at least usedConnectionsCacheTtl ("
                            + Durations.format(b.usedConnectionsCacheTtl) + "), such as "
                            + Durations.format(ConfigDefaults.underHalf(b.usedConnectionsCacheTtl)),
                    "usedConnectionsCacheTtl");
        }
        validateZombies(b);
        if (b.maxRetries < 0 || b.maxRetries > 10_000) {
            throw new InvalidConfigurationException("maxRetries", b.maxRetries, "0 to 10000");
        }
        if (b.backoff == null) {
            requireAtLeast("retryBase", b.retryBase, Duration.ofNanos(1), "more than 0, such as 2ms");
            requireAtLeast("retryCap", b.retryCap, b.retryBase,
                    "at least retryBase (" + Durations.format(b.retryBase) + ")", "retryBase");
        }
        validateThawThreshold(b);
        String validationAllowed = "1s to 1h, in whole seconds (JDBC's isValid counts seconds)";
        requireBetween("validationTimeout", b.validationTimeout, Duration.ofSeconds(1), Duration.ofHours(1),
                validationAllowed);
        if (b.validationTimeout.getNano() != 0) {
            throw new InvalidConfigurationException("validationTimeout", b.validationTimeout, validationAllowed);
        }
        requireBetween("leaseTimeout", b.leaseTimeout, Duration.ofMillis(1), MAX_LEASE_TIMEOUT, "1ms to 1d, such as 30s");
        if (b.deadlineReserve != null) {
            // Lambda's longest timeout is 15 minutes: a larger reserve would leave no time to wait.
            requireBetween("deadlineReserve", b.deadlineReserve, Duration.ZERO, Duration.ofMinutes(15),
                    "0 to 15m, such as 500ms; unset: 10% of the time left, 100ms to 1s");
        }
        validateConnectionsPerEnvironment(b);
        AwsEndpoints.validate(b.jdbcUrl, b.driverProperties, b.credentialsProvider,
                b.rdsProxy != null ? b.rdsProxy : AwsEndpoints.isRdsProxy(b.jdbcUrl), b.sessionWaitTimeout);
        requireBetween("connectTimeout", b.connectTimeout, Duration.ofMillis(1), Duration.ofHours(1),
                "1ms to 1h, such as 5s");
        return driver;
    }

    /** The URL, the driver and the user: what every connect needs. */
    private static Driver validateConnection(ConfigBuilder b) {
        String url = b.jdbcUrl;
        if (url == null || url.isBlank()) {
            throw new InvalidConfigurationException("jdbcUrl", "(not set)", MYSQL_URL);
        }
        if (!JdbcUrls.isMySql(url)) {
            throw new InvalidConfigurationException("jdbcUrl", JdbcUrls.withoutSecrets(url),
                    MYSQL_URL + "; this DataSource speaks only to MySQL and MariaDB");
        }
        if (!JdbcUrls.isSafe(url)) {
            throw new InvalidConfigurationException("jdbcUrl", JdbcUrls.withoutSecrets(url),
                    "a URL that can be read without guessing, so that its password can be masked: every parameter"
                            + " as key=value, numeric ports, balanced parentheses; percent-encode '@', '?', '&', '/'"
                            + " and '%' in a value, or set the user and password as the username and password"
                            + " settings instead", "username", "password");
        }
        Driver driver = b.driverClassName != null && !b.driverClassName.isBlank()
                ? loadDriver(b.driverClassName, url) : null;
        if (b.username == null || b.username.isBlank()) {
            throw new InvalidConfigurationException("username", "(not set)",
                    "the database user; it is needed to find and kill this user's zombie connections");
        }
        for (String urlUser : JdbcUrls.users(url)) {
            if (!urlUser.equals(b.username)) {
                throw new InvalidConfigurationException("jdbcUrl",
                        JdbcUrls.withoutSecrets(url) + " (logs in as user '" + urlUser + "')",
                        "no user in the URL, or the same user as the username setting ('" + b.username
                                + "'): housekeeping kills only the connections of the configured user, so the URL"
                                + " must not log in as another account; remove the user from the URL or make both"
                                + " name the same account", "username");
            }
        }
        for (String timeout : List.of("connectTimeout", "socketTimeout")) {
            requireDriverTimeout(b, timeout);
        }
        return driver;
    }

    private static void validateZombies(ConfigBuilder b) {
        requireBetween("zombieMinTimeout", b.zombieMinTimeout, MIN_ZOMBIE_TIMEOUT, MAX_WAIT_TIMEOUT,
                "1s to 365d, such as 3s");
        String zombieMaxAllowed = "zombieMinTimeout (" + Durations.format(b.zombieMinTimeout)
                + ") to 365d, the server's largest wait_timeout";
        requireBetween("zombieMaxTimeout", b.zombieMaxTimeout, b.zombieMinTimeout, MAX_WAIT_TIMEOUT, zombieMaxAllowed,
                "zombieMinTimeout");
        if (b.zombieMaxKillsPerInvocation < 1 || b.zombieMaxKillsPerInvocation > 1000) {
            throw new InvalidConfigurationException("zombieMaxKillsPerInvocation", b.zombieMaxKillsPerInvocation,
                    "1 to 1000");
        }
        requireBetween("zombieSweepInterval", b.zombieSweepInterval, Duration.ZERO, Duration.ofDays(1),
                "0 (at every invocation) to 1d, such as 1m");
        if (b.sessionWaitTimeout != null && !b.sessionWaitTimeout.isZero()) {
            requireBetween("sessionWaitTimeout", b.sessionWaitTimeout, Duration.ofSeconds(1), MAX_WAIT_TIMEOUT,
                    "0 (keep the server's) or 1s to 365d");
        }
    }

    private static void validateThawThreshold(ConfigBuilder b) {
        if (b.thawThreshold == null) {
            return;
        }
        Duration killable = killableAfter(b.zombieMinTimeout);
        String thawAllowed = "0 to " + Durations.format(killable) + ", 1s below zombieMinTimeout ("
                + Durations.format(b.zombieMinTimeout) + "): the processlist counts sleep in whole seconds"
                + " (MySQL from start times truncated to the second), so a peer may kill a connection that"
                + " slept just over " + Durations.format(killable) + ", and it must be checked first";
        requireBetween("thawThreshold", b.thawThreshold, Duration.ZERO, killable, thawAllowed, "zombieMinTimeout");
        // The lease compares the idle time with wait_timeout only on a thaw, so a connection
        // the server reaped before the thaw threshold would reach the caller unchecked.
        Duration sessionWait = b.sessionWaitTimeout != null ? b.sessionWaitTimeout : b.zombieMaxTimeout;
        if (!sessionWait.isZero()) {
            requireAtMost("thawThreshold", b.thawThreshold, sessionWait,
                    "0 to sessionWaitTimeout (" + Durations.format(sessionWait) + "): the server closes a"
                            + " connection idle that long, so it must be checked first", "sessionWaitTimeout");
        }
    }

    private static void validateConnectionsPerEnvironment(ConfigBuilder b) {
        if (b.maxConnectionsPerEnvironment != null) {
            if (b.maxConnectionsPerEnvironment < 1 || b.maxConnectionsPerEnvironment > 1000) {
                throw new InvalidConfigurationException("maxConnectionsPerEnvironment", b.maxConnectionsPerEnvironment,
                        "1 to 1000 (1: one connection per execution environment)");
            }
            return;
        }
        int fromEnvironment = ConfigDefaults.connectionsPerEnvironment(b.lambdaMaxConcurrency);
        if (fromEnvironment < 1 || fromEnvironment > 1000) {
            throw new InvalidConfigurationException("maxConnectionsPerEnvironment",
                    "AWS_LAMBDA_MAX_CONCURRENCY=" + b.lambdaMaxConcurrency,
                    "1 to 1000; set maxConnectionsPerEnvironment to override the environment",
                    "maxConnectionsPerEnvironment");
        }
    }

    /**
     * A driver timeout the user set in the URL or driver properties: whole milliseconds, which the
     * connector bounds by the time left for each attempt and so must read.
     */
    private static void requireDriverTimeout(ConfigBuilder b, String key) {
        Long millis;
        try {
            millis = JdbcUrls.timeoutMillis(b.jdbcUrl, b.driverProperties, key);
        } catch (NumberFormatException e) {
            millis = -1L;
        }
        if (millis != null && (millis < 0 || millis > Integer.MAX_VALUE)) {
            throw new InvalidConfigurationException("jdbcUrl", JdbcUrls.withoutSecrets(b.jdbcUrl) + " (" + key + ")",
                    "a " + key + " in whole milliseconds from 0 to " + Integer.MAX_VALUE
                            + " in the URL and driver properties, such as " + key + "=10000, or none");
        }
    }

    /** Loads the named driver once; it must accept the URL, so that a wrong pairing fails here. */
    private static Driver loadDriver(String driverClassName, String url) {
        String setting = "driverClassName";
        Object instance;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(driverClassName, true,
                    loader != null ? loader : ConfigValidation.class.getClassLoader());
            instance = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new InvalidConfigurationException(setting, driverClassName, "a JDBC driver class on the class"
                    + " path; this one could not be loaded (" + e + "). Add the driver's jar, or leave "
                    + setting + " unset to use the driver for the URL", setting);
        }
        if (!(instance instanceof Driver loaded)) {
            throw new InvalidConfigurationException(setting, driverClassName,
                    "a class that implements java.sql.Driver, such as com.mysql.cj.jdbc.Driver or org.mariadb.jdbc.Driver");
        }
        if (!accepts(loaded, url)) {
            throw new InvalidConfigurationException(setting, driverClassName, "a driver that accepts the URL "
                    + JdbcUrls.withoutSecrets(url) + ": com.mysql.cj.jdbc.Driver for jdbc:mysql://,"
                    + " org.mariadb.jdbc.Driver for jdbc:mariadb://");
        }
        return loaded;
    }

    private static boolean accepts(Driver driver, String url) {
        try {
            return driver.acceptsURL(url);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void requireAtLeast(String setting, Duration value, Duration min) {
        requireAtLeast(setting, value, min, "at least " + Durations.format(min));
    }

    private static void requireAtLeast(String setting, Duration value, Duration min, String allowed,
            String... mentions) {
        if (value == null) {
            throw new InvalidConfigurationException(setting, "(not set)", allowed, mentions);
        }
        if (value.compareTo(min) < 0) {
            throw new InvalidConfigurationException(setting, value, allowed, mentions);
        }
    }

    private static void requireBetween(String setting, Duration value, Duration min, Duration max, String allowed,
            String... mentions) {
        requireAtLeast(setting, value, min, allowed, mentions);
        requireAtMost(setting, value, max, allowed, mentions);
    }

    private static void requireAtMost(String setting, Duration value, Duration max, String allowed,
            String... mentions) {
        if (value.compareTo(max) > 0) {
            throw new InvalidConfigurationException(setting, value, allowed, mentions);
        }
    }
}
