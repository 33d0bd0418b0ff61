package dev.serverlessmysql;

import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
     * Whether, on AWS Lambda, the DataSource registers a no-op extension so that Lambda sends
     * SIGTERM before it retires the environment, and closes its connection then.
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
     * Defaults are the contract's: see the README's configuration table.
     */
    public static final class Builder {
        // Package-private for ConfigValidation, which reads them all; unset (null) ones default
        // from other settings when the configuration is built.
        String jdbcUrl;
        String username;
        String password;
        final Map<String, String> driverProperties = new LinkedHashMap<>();
        String driverClassName;
        double connectionUtilization = ConfigDefaults.CONNECTION_UTILIZATION;
        Duration maxConnectionsCacheTtl = ConfigDefaults.MAX_CONNECTIONS_CACHE_TTL;
        Duration usedConnectionsCacheTtl = ConfigDefaults.USED_CONNECTIONS_CACHE_TTL;
        Duration usedConnectionsCacheTtlUnderHalf;
        boolean housekeepingEnabled = ConfigDefaults.HOUSEKEEPING_ENABLED;
        Duration zombieMinTimeout = ConfigDefaults.ZOMBIE_MIN_TIMEOUT;
        Duration zombieMaxTimeout = ConfigDefaults.ZOMBIE_MAX_TIMEOUT;
        int zombieMaxKillsPerInvocation = ConfigDefaults.ZOMBIE_MAX_KILLS_PER_INVOCATION;
        Duration zombieSweepInterval = ConfigDefaults.ZOMBIE_SWEEP_INTERVAL;
        Duration sessionWaitTimeout;
        int maxRetries = ConfigDefaults.MAX_RETRIES;
        Duration retryBase = ConfigDefaults.RETRY_BASE;
        Duration retryCap = ConfigDefaults.RETRY_CAP;
        Backoff backoff;
        Backoff.Policy backoffPolicy = ConfigDefaults.BACKOFF_POLICY;
        Duration thawThreshold;
        Duration validationTimeout = ConfigDefaults.VALIDATION_TIMEOUT;
        Duration leaseTimeout = ConfigDefaults.LEASE_TIMEOUT;
        Duration connectTimeout = ConfigDefaults.CONNECT_TIMEOUT;
        final List<ServerlessMySqlListener> listeners = new ArrayList<>();
        boolean registerCheckpointHook = ConfigDefaults.REGISTER_CHECKPOINT_HOOK;
        Long jitterSeed;
        boolean captureLeaseStackTraces = ConfigDefaults.CAPTURE_LEASE_STACK_TRACES;
        boolean lambdaShutdownEnabled = ConfigDefaults.LAMBDA_SHUTDOWN_ENABLED;
        String lambdaRuntimeApi = System.getenv("AWS_LAMBDA_RUNTIME_API");
        Integer maxConnectionsPerEnvironment;
        String lambdaMaxConcurrency = System.getenv("AWS_LAMBDA_MAX_CONCURRENCY");
        CredentialsProvider credentialsProvider;
        Boolean rdsProxy;

        Builder() {
        }

        /** {@code jdbc:mysql://host:3306/db} or {@code jdbc:mariadb://...} ({@code spring.datasource.url}). */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** The database user ({@code spring.datasource.username}); only its threads are ever killed. */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The password ({@code spring.datasource.password}); never logged. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** An extra driver property, passed to the JDBC driver on every connect. */
        public Builder driverProperty(String name, String value) {
            this.driverProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The JDBC driver class ({@code spring.datasource.driver-class-name}), loaded and
         * instantiated once by {@link #build()}; every connect then goes straight to it. Not set:
         * {@code DriverManager} finds a driver for the URL on each connect.
         */
        public Builder driverClassName(String driverClassName) {
            this.driverClassName = driverClassName;
            return this;
        }

        /** Fraction of the connection limit above which housekeeping acts (0.8). */
        public Builder connectionUtilization(double connectionUtilization) {
            this.connectionUtilization = connectionUtilization;
            return this;
        }

        /** How long the connection limit is cached (15 s). */
        public Builder maxConnectionsCacheTtl(Duration ttl) {
            this.maxConnectionsCacheTtl = ttl;
            return this;
        }

        /** How long the usage count is cached (1 s). */
        public Builder usedConnectionsCacheTtl(Duration ttl) {
            this.usedConnectionsCacheTtl = ttl;
            return this;
        }

        /**
         * How long a usage sample that showed the count at most half the threshold is reused
         * (unset: five times {@code usedConnectionsCacheTtl}, 5 s by default); at least
         * {@code usedConnectionsCacheTtl}.
         */
        public Builder usedConnectionsCacheTtlUnderHalf(Duration ttl) {
            this.usedConnectionsCacheTtlUnderHalf = ttl;
            return this;
        }

        /**
         * Whether {@code endInvocation()} runs housekeeping (true): the usage check, killing this
         * user's zombie connections and giving up the own connection while the server stays full.
         * False behind RDS Proxy, which owns the server-side connections.
         */
        public Builder housekeepingEnabled(boolean enabled) {
            this.housekeepingEnabled = enabled;
            return this;
        }

        /**
         * The same switch as {@link #housekeepingEnabled(boolean)}: false turns off all
         * housekeeping, not only killing.
         *
         * @deprecated use {@link #housekeepingEnabled(boolean)}
         */
        @Deprecated(since = "0.1.0")
        public Builder zombieEnabled(boolean enabled) {
            return housekeepingEnabled(enabled);
        }

        /** Youngest sleeping thread that may be killed when over the threshold (3 s). */
        public Builder zombieMinTimeout(Duration timeout) {
            this.zombieMinTimeout = timeout;
            return this;
        }

        /** Sleeping threads older than this are always killed (15 min). */
        public Builder zombieMaxTimeout(Duration timeout) {
            this.zombieMaxTimeout = timeout;
            return this;
        }

        /** At most this many KILLs per {@code endInvocation()} (10). */
        public Builder zombieMaxKillsPerInvocation(int kills) {
            this.zombieMaxKillsPerInvocation = kills;
            return this;
        }

        /**
         * At most one listing of the processlist per this interval for threads asleep past the zombie
         * max timeout, when the usage came from the server-wide counter (1 min; zero: every invocation).
         */
        public Builder zombieSweepInterval(Duration interval) {
            this.zombieSweepInterval = interval;
            return this;
        }

        /** Session {@code wait_timeout} set on connect (= zombie max timeout); zero leaves the server's. */
        public Builder sessionWaitTimeout(Duration timeout) {
            this.sessionWaitTimeout = timeout;
            return this;
        }

        /**
         * An extra bound on connect retries per acquisition (10000, so that {@link #leaseTimeout}
         * is the bound); 0 turns retries off.
         */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** Base of the built-in backoff policies (2 ms). Ignored when a custom {@link #backoff} is set. */
        public Builder retryBase(Duration base) {
            this.retryBase = base;
            return this;
        }

        /** Longest single sleep of the built-in backoff policies (100 ms). */
        public Builder retryCap(Duration cap) {
            this.retryCap = cap;
            return this;
        }

        /**
         * A built-in backoff policy, used with
         * {@link #retryBase} and {@link #retryCap}: full jitter by default.
         */
        public Builder backoffPolicy(Backoff.Policy policy) {
            this.backoffPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** A custom backoff policy, in place of {@link #backoffPolicy} with {@link #retryBase} and {@link #retryCap}. */
        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /** Idle time after which a lease validates the connection first (1 s, at most 1 s below the zombie min timeout). */
        public Builder thawThreshold(Duration threshold) {
            this.thawThreshold = threshold;
            return this;
        }

        /** Bound on the thaw ping, in whole seconds (1 s). */
        public Builder validationTimeout(Duration timeout) {
            this.validationTimeout = timeout;
            return this;
        }

        /**
         * Bound on one connect attempt, TCP connect and MySQL handshake together (5 s): a server
         * that accepts the socket but never greets (frozen, overloaded) must not hang the caller.
         * Driver properties or URL parameters {@code connectTimeout} / {@code socketTimeout} win.
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * How long {@code getConnection()} may take in all (30 s): waiting for a concurrent caller
         * to return the lease, and connecting with retries. Retries stop early rather than sleep
         * past it.
         */
        public Builder leaseTimeout(Duration timeout) {
            this.leaseTimeout = timeout;
            return this;
        }

        /** Adds a listener for events. */
        public Builder listener(ServerlessMySqlListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Whether the DataSource registers its own CRaC resource when {@code org.crac} is present
         * (true). Turn it off when a framework calls {@code beforeCheckpoint()} and
         * {@code afterRestore()} itself, so the hooks run once.
         */
        public Builder registerCheckpointHook(boolean register) {
            this.registerCheckpointHook = register;
            return this;
        }

        /** Seeds the jitter random source, for reproducible tests. A restore reseeds it anyway. */
        public Builder jitterSeed(long seed) {
            this.jitterSeed = seed;
            return this;
        }

        /**
         * Whether each lease records the stack trace of its {@code getConnection()} (false), so that
         * the warning about a connection never closed says where it was taken. It costs a stack
         * walk per lease: turn it on while looking for a leak.
         */
        public Builder captureLeaseStackTraces(boolean capture) {
            this.captureLeaseStackTraces = capture;
            return this;
        }

        /**
         * Whether, on AWS Lambda ({@code AWS_LAMBDA_RUNTIME_API} set), the DataSource registers a
         * no-op internal extension during init, so that Lambda sends SIGTERM before it retires the
         * environment, and closes its connection on that signal through a JVM shutdown hook (true).
         * Off Lambda it does nothing either way.
         */
        public Builder lambdaShutdownEnabled(boolean enabled) {
            this.lambdaShutdownEnabled = enabled;
            return this;
        }

        /**
         * How many physical connections one execution environment may hold at once (default: the
         * value of {@code AWS_LAMBDA_MAX_CONCURRENCY} when set, else 1). With 1, one connection
         * serves one caller at a time. With N, up to N connections are opened lazily, each leased
         * to one caller and reused; housekeeping is shared and never kills any of them.
         */
        public Builder maxConnectionsPerEnvironment(int connections) {
            this.maxConnectionsPerEnvironment = connections;
            return this;
        }

        /** The value of {@code AWS_LAMBDA_MAX_CONCURRENCY} to default from; for tests. */
        Builder lambdaMaxConcurrency(String value) {
            this.lambdaMaxConcurrency = value;
            return this;
        }

        /** The Runtime API address to register with, in place of {@code AWS_LAMBDA_RUNTIME_API}; for tests. */
        Builder lambdaRuntimeApi(String address) {
            this.lambdaRuntimeApi = address;
            return this;
        }

        /**
         * Where each physical connect (and each retry) gets its user and password, in place of
         * {@link #password(String)}: an {@link IamAuthTokenCredentials IAM token}, a
         * {@link SecretsManagerCredentials Secrets Manager secret}, or your own. The
         * {@link #username(String)} must still be set: housekeeping kills only that user's threads.
         */
        public Builder credentialsProvider(CredentialsProvider provider) {
            this.credentialsProvider = provider;
            return this;
        }

        /**
         * Whether the URL points at RDS Proxy; unset, a
         * {@code *.proxy-*.rds.amazonaws.com} host says so. Behind the proxy the DataSource sends no
         * {@code SET} at connect (it would pin the session) and runs no housekeeping (the
         * processlist and KILL would reach the proxy's shared connections).
         */
        public Builder rdsProxy(boolean behindProxy) {
            this.rdsProxy = behindProxy;
            return this;
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
