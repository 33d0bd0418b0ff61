package dev.serverlessmysql;

import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The DataSource's settings: immutable, validated once by {@link Builder#build()}. Error messages
 * name a setting by its builder method ({@code leaseTimeout}); the Spring Boot starter shows its
 * property ({@code serverless.mysql.lease-timeout}) in their place. The defaults are in
 * {@code ConfigDefaults}, the checks in {@code ConfigValidation}.
 */
public final class ServerlessMySqlConfig {

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final Map<String, String> driverProperties;
    private final String driverClassName;
    /** Resolved once from {@link #driverClassName}; null leaves the choice to DriverManager. */
    private final Driver driver;
    private final double connectionUtilization;
    private final Duration maxConnectionsCacheTtl;
    private final Duration usedConnectionsCacheTtl;
    private final Duration usedConnectionsCacheTtlUnderHalf;
    private final boolean housekeepingEnabled;
    private final Duration zombieMinTimeout;
    private final Duration zombieMaxTimeout;
    private final int zombieMaxKillsPerInvocation;
    private final Duration zombieSweepInterval;
    private final Duration sessionWaitTimeout;
    private final int maxRetries;
    private final Backoff backoff;
    /** The built-in policy and its window; {@code null} policy when a custom {@link Backoff} is set. */
    private final Backoff.Policy backoffPolicy;
    private final Duration retryBase;
    private final Duration retryCap;
    private final Duration thawThreshold;
    private final Duration validationTimeout;
    private final Duration leaseTimeout;
    /** Kept back from the invocation's deadline; null: 10 % of the time left, 100 ms to 1 s. */
    private final Duration deadlineReserve;
    private final Duration connectTimeout;
    private final List<ServerlessMySqlListener> listeners;
    private final boolean registerCheckpointHook;
    private final Long jitterSeed;
    private final boolean captureLeaseStackTraces;
    private final boolean lambdaShutdownEnabled;
    private final int maxConnectionsPerEnvironment;
    private final String lambdaRuntimeApi;
    /** Asked for user and password at each physical connect (issue 35); a fixed one by default. */
    private final CredentialsProvider credentialsProvider;
    /** Behind RDS Proxy: no connect-time SET, no housekeeping through the proxy. */
    private final boolean rdsProxy;

    private ServerlessMySqlConfig(Builder b, Driver driver) {
        this.jdbcUrl = b.jdbcUrl;
        this.username = b.username;
        this.password = b.password;
        this.driverProperties = Map.copyOf(b.driverProperties);
        this.driver = driver;
        this.driverClassName = driver != null ? b.driverClassName : null;
        this.connectionUtilization = b.connectionUtilization;
        this.maxConnectionsCacheTtl = ConfigDefaults.saturated(b.maxConnectionsCacheTtl);
        this.usedConnectionsCacheTtl = ConfigDefaults.saturated(b.usedConnectionsCacheTtl);
        this.usedConnectionsCacheTtlUnderHalf = ConfigDefaults.saturated(b.usedConnectionsCacheTtlUnderHalf != null
                ? b.usedConnectionsCacheTtlUnderHalf : ConfigDefaults.underHalf(b.usedConnectionsCacheTtl));
        this.rdsProxy = b.rdsProxy != null ? b.rdsProxy : AwsEndpoints.isRdsProxy(b.jdbcUrl);
        this.credentialsProvider = b.credentialsProvider != null ? b.credentialsProvider
                : CredentialsProvider.of(b.username, b.password);
        // Behind RDS Proxy the processlist and KILL reach the proxy's connections, shared by every client.
        this.housekeepingEnabled = b.housekeepingEnabled && !rdsProxy;
        this.zombieMinTimeout = b.zombieMinTimeout;
        this.zombieMaxTimeout = b.zombieMaxTimeout;
        this.zombieMaxKillsPerInvocation = b.zombieMaxKillsPerInvocation;
        this.zombieSweepInterval = b.zombieSweepInterval;
        this.sessionWaitTimeout = rdsProxy ? Duration.ZERO
                : b.sessionWaitTimeout != null ? b.sessionWaitTimeout : b.zombieMaxTimeout;
        this.maxRetries = b.maxRetries;
        this.backoff = b.backoff != null ? b.backoff : b.backoffPolicy.with(b.retryBase, b.retryCap);
        this.backoffPolicy = b.backoff != null ? null : b.backoffPolicy;
        this.retryBase = b.retryBase;
        this.retryCap = b.retryCap;
        this.thawThreshold = b.thawThreshold != null ? b.thawThreshold : ConfigDefaults.thawThreshold(b.zombieMinTimeout);
        this.validationTimeout = b.validationTimeout;
        this.leaseTimeout = b.leaseTimeout;
        this.deadlineReserve = b.deadlineReserve;
        this.connectTimeout = b.connectTimeout;
        this.listeners = List.copyOf(b.listeners);
        this.registerCheckpointHook = b.registerCheckpointHook;
        this.jitterSeed = b.jitterSeed;
        this.captureLeaseStackTraces = b.captureLeaseStackTraces;
        this.lambdaShutdownEnabled = b.lambdaShutdownEnabled;
        this.maxConnectionsPerEnvironment = b.maxConnectionsPerEnvironment != null ? b.maxConnectionsPerEnvironment
                : ConfigDefaults.connectionsPerEnvironment(b.lambdaMaxConcurrency);
        this.lambdaRuntimeApi = b.lambdaRuntimeApi;
    }

    /** A builder with every default of the contract. */
    public static Builder builder() {
        return new Builder();
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The URL with user-info and password parameters removed, safe for messages and logs. */
    public String safeJdbcUrl() {
        return JdbcUrls.withoutSecrets(jdbcUrl);
    }

    /** {@code host:port} (or the host list) of the URL, for messages. */
    public String serverAddress() {
        return JdbcUrls.hosts(jdbcUrl);
    }

    public String username() {
        return username;
    }

    String password() {
        return password;
    }

    public Map<String, String> driverProperties() {
        return driverProperties;
    }

    /** The JDBC driver class named by {@link Builder#driverClassName(String)}, or null. */
    public String driverClassName() {
        return driverClassName;
    }

    /**
     * The driver to connect through, loaded once when the configuration was built; null when no
     * driver class was named, and {@code DriverManager} picks one by URL.
     */
    Driver driver() {
        return driver;
    }

    public double connectionUtilization() {
        return connectionUtilization;
    }

    public Duration maxConnectionsCacheTtl() {
        return maxConnectionsCacheTtl;
    }

    public Duration usedConnectionsCacheTtl() {
        return usedConnectionsCacheTtl;
    }

    /**
     * How long a usage sample is reused when it showed the count at most half the threshold
     * ({@code used / limit <= connectionUtilization / 2}); {@code usedConnectionsCacheTtl}
     * rules a fuller server's samples.
     */
    public Duration usedConnectionsCacheTtlUnderHalf() {
        return usedConnectionsCacheTtlUnderHalf;
    }

    /**
     * Whether {@code endInvocation()} runs housekeeping at all: the usage check, killing zombie
     * connections and giving up the own connection while the server stays full.
     */
    public boolean housekeepingEnabled() {
        return housekeepingEnabled;
    }

    /**
     * The same as {@link #housekeepingEnabled()}: the switch always turned off all housekeeping,
     * not only killing.
     *
     * @deprecated use {@link #housekeepingEnabled()}
     */
    @Deprecated(since = "0.1.0")
    public boolean zombieEnabled() {
        return housekeepingEnabled;
    }

    public Duration zombieMinTimeout() {
        return zombieMinTimeout;
    }

    public Duration zombieMaxTimeout() {
        return zombieMaxTimeout;
    }

    public int zombieMaxKillsPerInvocation() {
        return zombieMaxKillsPerInvocation;
    }

    public Duration zombieSweepInterval() {
        return zombieSweepInterval;
    }

    /** The session {@code wait_timeout} set on connect; zero leaves the server's. */
    public Duration sessionWaitTimeout() {
        return sessionWaitTimeout;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Backoff backoff() {
        return backoff;
    }

    /** How far the sleeps may grow while the server stays full: this many times {@code retryCap}. */
    static final int FULL_CAP_FACTOR = 10;

    /**
     * The backoff for the next retry after the server refused as full ("too many connections"),
     * with {@code remainingNanos} left of the call's budget. The built-in policies: the same policy
     * and base, with the cap raised to a tenth of the time left, at most {@value #FULL_CAP_FACTOR}
     * × {@code retryCap} (1 s with the defaults) and never below {@code retryCap}. So a caller that
     * has just begun retrying ramps up as usual, a long wait retries about twice a second instead of
     * twenty times (each refused attempt costs the server, and every other client on a shared host,
     * a connect), and a caller near its {@code leaseTimeout} retries as often as {@code retryCap}
     * allows, ahead of the ones that came after it. A custom {@link Backoff}: as it is.
     */
    public Backoff backoffWhenFull(long remainingNanos) {
        if (backoffPolicy == null) {
            return backoff;
        }
        long capNanos = JitterWindow.saturatedNanos(retryCap);
        long grown = Math.min(capNanos > Long.MAX_VALUE / FULL_CAP_FACTOR ? Long.MAX_VALUE : capNanos * FULL_CAP_FACTOR,
                remainingNanos / 10);
        if (grown <= capNanos) {
            return backoff;
        }
        return backoffPolicy.with(retryBase, Duration.ofNanos(grown));
    }

    /** {@code retryCap}: the longest delay between two connect attempts (while the server is not full). */
    Duration retryCap() {
        return retryCap;
    }

    public Duration thawThreshold() {
        return thawThreshold;
    }

    public Duration validationTimeout() {
        return validationTimeout;
    }

    public Duration leaseTimeout() {
        return leaseTimeout;
    }

    /**
     * The time kept back from the invocation's deadline for the function to answer; null when not
     * set: then 10 % of the time the invocation has left, at least 100 ms and at most 1 s.
     */
    public Duration deadlineReserve() {
        return deadlineReserve;
    }

    /** Bound on one connect attempt, TCP connect and MySQL handshake together. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    public List<ServerlessMySqlListener> listeners() {
        return listeners;
    }

    public boolean registerCheckpointHook() {
        return registerCheckpointHook;
    }

    Long jitterSeed() {
        return jitterSeed;
    }

    /**
     * Whether, on AWS Lambda, the DataSource registers an internal extension so that Lambda sends
     * SIGTERM before it retires the environment, and closes its connection then; the extension also
     * runs housekeeping after the response where it receives INVOKE events.
     */
    public boolean lambdaShutdownEnabled() {
        return lambdaShutdownEnabled;
    }

    /**
     * How many physical connections this environment may hold at once, each leased to one caller
     * (default: {@code AWS_LAMBDA_MAX_CONCURRENCY} when set, as on Lambda Managed Instances, else 1).
     */
    public int maxConnectionsPerEnvironment() {
        return maxConnectionsPerEnvironment;
    }

    /** The Lambda Runtime API address ({@code AWS_LAMBDA_RUNTIME_API}), or null off Lambda. */
    String lambdaRuntimeApi() {
        return lambdaRuntimeApi;
    }

    /** Where each physical connect gets its user and password: {@link CredentialsProvider}. */
    public CredentialsProvider credentialsProvider() {
        return credentialsProvider;
    }

    /**
     * Whether the URL points at RDS Proxy (detected from a {@code *.proxy-*.rds.amazonaws.com} host
     * unless set): no {@code SET} at connect and no housekeeping through the proxy.
     */
    public boolean rdsProxy() {
        return rdsProxy;
    }

    /** Whether each lease records where it was taken, for the warning about a lease never closed. */
    public boolean captureLeaseStackTraces() {
        return captureLeaseStackTraces;
    }

    @Override
    public String toString() {
        return "ServerlessMySqlConfig[url=" + safeJdbcUrl() + ", username=" + username + ", password=****"
                + ", connectionUtilization=" + connectionUtilization + ", housekeepingEnabled=" + housekeepingEnabled
                + ", usedConnectionsCacheTtl=" + Durations.format(usedConnectionsCacheTtl)
                + ", usedConnectionsCacheTtlUnderHalf=" + Durations.format(usedConnectionsCacheTtlUnderHalf)
                + ", zombieMinTimeout=" + Durations.format(zombieMinTimeout)
                + ", zombieMaxTimeout=" + Durations.format(zombieMaxTimeout)
                + ", zombieSweepInterval=" + Durations.format(zombieSweepInterval)
                + ", sessionWaitTimeout=" + Durations.format(sessionWaitTimeout) + ", maxRetries=" + maxRetries
                + ", thawThreshold=" + Durations.format(thawThreshold) + ", leaseTimeout=" + Durations.format(leaseTimeout)
                + ", connectTimeout=" + Durations.format(connectTimeout)
                + ", maxConnectionsPerEnvironment=" + maxConnectionsPerEnvironment
                + ", rdsProxy=" + rdsProxy + ", credentials=" + credentialsProvider + "]";
    }

    /**
     * Collects settings; {@link #build()} validates them all at once and builds the DataSource.
     * Defaults are the contract's: see the README's configuration table. The setters are declared
     * in {@code ConfigBuilder}.
     */
    public static final class Builder extends ConfigBuilder {

        Builder() {
        }

        /** Validates every setting and returns the immutable configuration. */
        public ServerlessMySqlConfig buildConfig() {
            return new ServerlessMySqlConfig(this, ConfigValidation.validate(this));
        }

        /** Validates every setting and builds the DataSource. It does not connect. */
        public ServerlessMySqlDataSource build() {
            return new ServerlessMySqlDataSource(buildConfig());
        }
    }
}
