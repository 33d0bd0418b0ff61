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
 * The DataSource's settings: immutable, validated once by {@link Builder#build()}. Names in error
 * messages are the Spring Boot property names ({@code serverless.mysql.*},
 * {@code spring.datasource.*}); each has a builder method of the same meaning.
 */
public final class ServerlessMySqlConfig {

    /** The smallest zombie timeout: a peer between two statements also shows as Sleep for 0 s. */
    static final Duration MIN_ZOMBIE_TIMEOUT = Duration.ofSeconds(1);
    /** The server's largest {@code wait_timeout}. */
    static final Duration MAX_WAIT_TIMEOUT = Duration.ofSeconds(31_536_000);
    /**
     * The longest {@code lease-timeout}: far beyond any use (a Lambda invocation lasts at most 15
     * minutes), and far below where a deadline in nanoseconds would overflow a {@code long}.
     */
    static final Duration MAX_LEASE_TIMEOUT = Duration.ofDays(1);
    /**
     * The longest cache TTL kept: about 292 years, the most nanoseconds a {@code long} holds. A
     * longer one ("never refresh") means the same and is saturated to it, so that no TTL
     * arithmetic in nanoseconds can overflow.
     */
    static final Duration LONGEST_TTL = Duration.ofNanos(Long.MAX_VALUE);
    /**
     * Default thaw threshold. A peer may kill our connection once the processlist shows it asleep
     * for {@code zombie.min-timeout}; the server counts that sleep from our last statement, which is
     * a little before we returned the lease, so we validate well before that point: after 1 s idle
     * (or {@link #TIME_RESOLUTION} below {@code zombie.min-timeout}, when that is shorter). A
     * steadily busy container (more than one invocation a second) never pays for the ping.
     */
    static final Duration DEFAULT_THAW_THRESHOLD = Duration.ofSeconds(1);
    /**
     * How much earlier than {@code zombie.min-timeout} a peer may kill: the processlist's TIME is
     * whole seconds, and MySQL computes it as the current second less the second the statement
     * started (both truncated), so TIME 1 can mean a few milliseconds of sleep. MariaDB truncates
     * the exact microsecond difference, so there TIME n means at least n seconds; the rule is the
     * same for both because the server is not known when the configuration is checked.
     */
    static final Duration TIME_RESOLUTION = Duration.ofSeconds(1);
    /**
     * Default usage cache. The count of connections changes with every cold start, so it is
     * cached briefly: within 1 s a warm container re-uses its last count, which bounds
     * housekeeping to about one usage query per container per second however fast it is
     * invoked, while a burst is still seen within a second.
     */
    static final Duration DEFAULT_USED_CONNECTIONS_CACHE_TTL = Duration.ofSeconds(1);
    /**
     * Default lifetime of a usage sample that showed the server at most half as full as the
     * threshold, as a multiple of {@code used-connections-cache-ttl}: its connections would have to
     * double before the threshold mattered, and a container invoked every second or two (a real
     * rate) would otherwise replace its thaw ping with the dearer usage query at every invocation.
     */
    static final int DEFAULT_UNDER_HALF_TTL_FACTOR = 5;
    /**
     * Default sweep interval. Listing the processlist costs the server work for every connection
     * in it, so a container sweeps for threads asleep past {@code zombie.max-timeout} once a minute
     * at most rather than at every invocation: such a thread goes at most a minute late, while the
     * session {@code wait_timeout} (= {@code zombie.max-timeout} by default) reaps this library's own
     * connections on time anyway.
     */
    static final Duration DEFAULT_ZOMBIE_SWEEP_INTERVAL = Duration.ofMinutes(1);
    /**
     * Default count bound on connect retries. The retry budget is time ({@code lease-timeout}); the
     * count only bounds it when a user asks: with the default backoff cap (100 ms) 10000 retries
     * take minutes, far past the default 30 s lease timeout, so an outage is never cut short by it.
     */
    static final int DEFAULT_MAX_RETRIES = 10_000;

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

    private ServerlessMySqlConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.username = b.username;
        this.password = b.password;
        this.driverProperties = Map.copyOf(b.driverProperties);
        this.driver = b.driver;
        this.driverClassName = b.driver != null ? b.driverClassName : null;
        this.connectionUtilization = b.connectionUtilization;
        this.maxConnectionsCacheTtl = saturated(b.maxConnectionsCacheTtl);
        this.usedConnectionsCacheTtl = saturated(b.usedConnectionsCacheTtl);
        this.usedConnectionsCacheTtlUnderHalf = saturated(b.usedConnectionsCacheTtlUnderHalf != null
                ? b.usedConnectionsCacheTtlUnderHalf : underHalfDefault(b.usedConnectionsCacheTtl));
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
        this.thawThreshold = b.thawThreshold != null ? b.thawThreshold : min(DEFAULT_THAW_THRESHOLD, killableAfter(b.zombieMinTimeout));
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
                : Builder.fromLambdaConcurrency(b.lambdaMaxConcurrency);
        this.lambdaRuntimeApi = b.lambdaRuntimeApi;
    }

    /**
     * The shortest sleep after which a peer with {@code zombie.min-timeout} may kill a connection:
     * {@link #TIME_RESOLUTION} less, never below 0.
     */
    static Duration killableAfter(Duration zombieMinTimeout) {
        Duration earlier = zombieMinTimeout.minus(TIME_RESOLUTION);
        return earlier.isNegative() ? Duration.ZERO : earlier;
    }

    /** A TTL no longer than {@link #LONGEST_TTL}, which means the same: never refresh. */
    private static Duration saturated(Duration ttl) {
        return min(ttl, LONGEST_TTL);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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

    /** The JDBC driver class named by {@code spring.datasource.driver-class-name}, or null. */
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
     * ({@code used / limit <= connection-utilization / 2}); {@code used-connections-cache-ttl}
     * rules a fuller server's samples.
     */
    public Duration usedConnectionsCacheTtlUnderHalf() {
        return usedConnectionsCacheTtlUnderHalf;
    }

    /** {@code used-connections-cache-ttl-under-half} when unset: five times {@code used-connections-cache-ttl}. */
    static Duration underHalfDefault(Duration usedConnectionsCacheTtl) {
        // Called once used-connections-cache-ttl is validated (set, not negative). A lifetime of
        // centuries is "never expires" already: no need to multiply it (or overflow).
        return usedConnectionsCacheTtl.getSeconds() > Long.MAX_VALUE / (2L * DEFAULT_UNDER_HALF_TTL_FACTOR)
                ? usedConnectionsCacheTtl : usedConnectionsCacheTtl.multipliedBy(DEFAULT_UNDER_HALF_TTL_FACTOR);
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

    /** How far the sleeps may grow while the server stays full: this many times {@code retry.cap}. */
    static final int FULL_CAP_FACTOR = 10;

    /**
     * The backoff for the next retry after the server refused as full ("too many connections"),
     * with {@code remainingNanos} left of the call's budget. The built-in policies: the same policy
     * and base, with the cap raised to a tenth of the time left, at most {@value #FULL_CAP_FACTOR}
     * × {@code retry.cap} (1 s with the defaults) and never below {@code retry.cap}. So a caller that
     * has just begun retrying ramps up as usual, a long wait retries about twice a second instead of
     * twenty times (each refused attempt costs the server, and every other client on a shared host,
     * a connect), and a caller near its {@code lease-timeout} retries as often as {@code retry.cap}
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

    /** {@code retry.cap}: the longest delay between two connect attempts (while the server is not full). */
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
        private String jdbcUrl;
        private String username;
        private String password;
        private final Map<String, String> driverProperties = new LinkedHashMap<>();
        private String driverClassName;
        private Driver driver;
        private double connectionUtilization = 0.8;
        private Duration maxConnectionsCacheTtl = Duration.ofSeconds(15);
        private Duration usedConnectionsCacheTtl = DEFAULT_USED_CONNECTIONS_CACHE_TTL;
        private Duration usedConnectionsCacheTtlUnderHalf;
        private boolean housekeepingEnabled = true;
        private Duration zombieMinTimeout = Duration.ofSeconds(3);
        private Duration zombieMaxTimeout = Duration.ofMinutes(15);
        private int zombieMaxKillsPerInvocation = 10;
        private Duration zombieSweepInterval = DEFAULT_ZOMBIE_SWEEP_INTERVAL;
        private Duration sessionWaitTimeout;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration retryBase = Duration.ofMillis(2);
        private Duration retryCap = Duration.ofMillis(100);
        private Backoff backoff;
        private Backoff.Policy backoffPolicy = Backoff.Policy.FULL_JITTER;
        private Duration thawThreshold;
        private Duration validationTimeout = Duration.ofSeconds(1);
        private Duration leaseTimeout = Duration.ofSeconds(30);
        private Duration deadlineReserve;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private final List<ServerlessMySqlListener> listeners = new ArrayList<>();
        private boolean registerCheckpointHook = true;
        private Long jitterSeed;
        private boolean captureLeaseStackTraces;
        private boolean lambdaShutdownEnabled = true;
        private String lambdaRuntimeApi = System.getenv("AWS_LAMBDA_RUNTIME_API");
        private Integer maxConnectionsPerEnvironment;
        private String lambdaMaxConcurrency = System.getenv("AWS_LAMBDA_MAX_CONCURRENCY");
        private CredentialsProvider credentialsProvider;
        private Boolean rdsProxy;

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
         * (unset: five times {@code used-connections-cache-ttl}, 5 s by default); at least
         * {@code used-connections-cache-ttl}.
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
         * A built-in backoff policy ({@code serverless.mysql.retry.backoff}), used with
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

        /**
         * The time every wait of {@code getConnection()} keeps back from the invocation's deadline
         * ({@link ServerlessMySqlDataSource#beginInvocation}), so that the function can still answer
         * when it fails. Unset (null), the default: 10 % of the time the invocation has left, at least
         * 100 ms and at most 1 s. A value set here applies to every invocation as it is, 0 included.
         */
        public Builder deadlineReserve(Duration reserve) {
            this.deadlineReserve = reserve;
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

        static int fromLambdaConcurrency(String value) {
            if (value == null || value.isBlank()) {
                return 1;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
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
         * Whether the URL points at RDS Proxy ({@code serverless.mysql.rds-proxy}); unset, a
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
            validate();
            return new ServerlessMySqlConfig(this);
        }

        /** Validates every setting and builds the DataSource. It does not connect. */
        public ServerlessMySqlDataSource build() {
            return new ServerlessMySqlDataSource(buildConfig());
        }

        private void validate() {
            if (jdbcUrl == null || jdbcUrl.isBlank()) {
                throw new InvalidConfigurationException("spring.datasource.url", "(not set)",
                        "a jdbc:mysql:// or jdbc:mariadb:// URL");
            }
            if (!JdbcUrls.isMySql(jdbcUrl)) {
                throw new InvalidConfigurationException("spring.datasource.url", JdbcUrls.withoutSecrets(jdbcUrl),
                        "a jdbc:mysql:// or jdbc:mariadb:// URL; this DataSource speaks only to MySQL and MariaDB");
            }
            if (!JdbcUrls.isSafe(jdbcUrl)) {
                throw new InvalidConfigurationException("spring.datasource.url", JdbcUrls.withoutSecrets(jdbcUrl),
                        "a URL that can be read without guessing, so that its password can be masked: every parameter"
                                + " as key=value, numeric ports, balanced parentheses; percent-encode '@', '?', '&', '/'"
                                + " and '%' in a value, or set the user and password as spring.datasource.username"
                                + " and spring.datasource.password instead");
            }
            driver = (driverClassName != null && !driverClassName.isBlank()) ? loadDriver() : null;
            if (username == null || username.isBlank()) {
                throw new InvalidConfigurationException("spring.datasource.username", "(not set)",
                        "the database user; it is needed to find and kill this user's zombie connections");
            }
            for (String urlUser : JdbcUrls.users(jdbcUrl)) {
                if (!urlUser.equals(username)) {
                    throw new InvalidConfigurationException("spring.datasource.url",
                            JdbcUrls.withoutSecrets(jdbcUrl) + " (logs in as user '" + urlUser + "')",
                            "no user in the URL, or the same user as spring.datasource.username ('" + username
                                    + "'): housekeeping kills only the connections of the configured user, so the URL"
                                    + " must not log in as another account; remove the user from the URL or make both"
                                    + " name the same account");
                }
            }
            for (String timeout : List.of("connectTimeout", "socketTimeout")) {
                requireDriverTimeout(timeout);
            }
            if (!(connectionUtilization > 0 && connectionUtilization <= 1)) {
                throw new InvalidConfigurationException("serverless.mysql.connection-utilization", connectionUtilization,
                        "a fraction greater than 0 and at most 1, such as 0.8");
            }
            requireAtLeast("serverless.mysql.max-connections-cache-ttl", maxConnectionsCacheTtl, Duration.ZERO);
            requireAtLeast("serverless.mysql.used-connections-cache-ttl", usedConnectionsCacheTtl, Duration.ZERO);
            if (usedConnectionsCacheTtlUnderHalf != null) {
                requireAtLeast("serverless.mysql.used-connections-cache-ttl-under-half", usedConnectionsCacheTtlUnderHalf,
                        usedConnectionsCacheTtl, "at least serverless.mysql.used-connections-cache-ttl ("
                                + Durations.format(usedConnectionsCacheTtl) + "), such as "
                                + Durations.format(underHalfDefault(usedConnectionsCacheTtl)));
            }
            requireBetween("serverless.mysql.zombie.min-timeout", zombieMinTimeout, MIN_ZOMBIE_TIMEOUT, MAX_WAIT_TIMEOUT,
                    "1s to 365d, such as 3s");
            String zombieMaxAllowed = "serverless.mysql.zombie.min-timeout (" + Durations.format(zombieMinTimeout)
                    + ") to 365d, the server's largest wait_timeout";
            requireAtLeast("serverless.mysql.zombie.max-timeout", zombieMaxTimeout, zombieMinTimeout, zombieMaxAllowed);
            requireAtMost("serverless.mysql.zombie.max-timeout", zombieMaxTimeout, MAX_WAIT_TIMEOUT, zombieMaxAllowed);
            if (zombieMaxKillsPerInvocation < 1 || zombieMaxKillsPerInvocation > 1000) {
                throw new InvalidConfigurationException("serverless.mysql.zombie.max-kills-per-invocation",
                        zombieMaxKillsPerInvocation, "1 to 1000");
            }
            String sweepAllowed = "0 (at every invocation) to 1d, such as 1m";
            requireAtLeast("serverless.mysql.zombie.sweep-interval", zombieSweepInterval, Duration.ZERO, sweepAllowed);
            requireAtMost("serverless.mysql.zombie.sweep-interval", zombieSweepInterval, Duration.ofDays(1), sweepAllowed);
            if (sessionWaitTimeout != null && !sessionWaitTimeout.isZero()) {
                String sessionWaitAllowed = "0 (keep the server's) or 1s to 365d";
                requireAtLeast("serverless.mysql.session-wait-timeout", sessionWaitTimeout, Duration.ofSeconds(1),
                        sessionWaitAllowed);
                requireAtMost("serverless.mysql.session-wait-timeout", sessionWaitTimeout, MAX_WAIT_TIMEOUT,
                        sessionWaitAllowed);
            }
            if (maxRetries < 0 || maxRetries > 10_000) {
                throw new InvalidConfigurationException("serverless.mysql.retry.max-retries", maxRetries, "0 to 10000");
            }
            if (backoff == null) {
                requireAtLeast("serverless.mysql.retry.base", retryBase, Duration.ofNanos(1), "more than 0, such as 2ms");
                requireAtLeast("serverless.mysql.retry.cap", retryCap, retryBase,
                        "at least serverless.mysql.retry.base (" + Durations.format(retryBase) + ")");
            }
            if (thawThreshold != null) {
                Duration killable = killableAfter(zombieMinTimeout);
                String thawAllowed = "0 to " + Durations.format(killable) + ", 1s below serverless.mysql.zombie.min-timeout ("
                        + Durations.format(zombieMinTimeout) + "): the processlist counts sleep in whole seconds"
                        + " (MySQL from start times truncated to the second), so a peer may kill a connection that"
                        + " slept just over " + Durations.format(killable) + ", and it must be checked first";
                requireAtLeast("serverless.mysql.thaw-threshold", thawThreshold, Duration.ZERO, thawAllowed);
                requireAtMost("serverless.mysql.thaw-threshold", thawThreshold, killable, thawAllowed);
                // The lease compares the idle time with wait_timeout only on a thaw, so a connection
                // the server reaped before the thaw threshold would reach the caller unchecked.
                Duration sessionWait = sessionWaitTimeout != null ? sessionWaitTimeout : zombieMaxTimeout;
                if (!sessionWait.isZero()) {
                    requireAtMost("serverless.mysql.thaw-threshold", thawThreshold, sessionWait,
                            "0 to serverless.mysql.session-wait-timeout (" + Durations.format(sessionWait) + "): the server closes a"
                                    + " connection idle that long, so it must be checked first");
                }
            }
            String validationAllowed = "1s to 1h, in whole seconds (JDBC's isValid counts seconds)";
            requireAtLeast("serverless.mysql.validation-timeout", validationTimeout, Duration.ofSeconds(1),
                    validationAllowed);
            requireAtMost("serverless.mysql.validation-timeout", validationTimeout, Duration.ofHours(1),
                    validationAllowed);
            if (validationTimeout.getNano() != 0) {
                throw new InvalidConfigurationException("serverless.mysql.validation-timeout", validationTimeout,
                        validationAllowed);
            }
            requireBetween("serverless.mysql.lease-timeout", leaseTimeout, Duration.ofMillis(1), MAX_LEASE_TIMEOUT,
                    "1ms to 1d, such as 30s");
            if (deadlineReserve != null) {
                // Lambda's longest timeout is 15 minutes: a larger reserve would leave no time to wait.
                requireBetween("serverless.mysql.deadline-reserve", deadlineReserve, Duration.ZERO,
                        Duration.ofMinutes(15), "0 to 15m, such as 500ms; unset: 10% of the time left, 100ms to 1s");
            }
            if (maxConnectionsPerEnvironment != null) {
                if (maxConnectionsPerEnvironment < 1 || maxConnectionsPerEnvironment > 1000) {
                    throw new InvalidConfigurationException("serverless.mysql.max-connections-per-environment",
                            maxConnectionsPerEnvironment, "1 to 1000 (1: one connection per execution environment)");
                }
            } else {
                int fromEnvironment = fromLambdaConcurrency(lambdaMaxConcurrency);
                if (fromEnvironment < 1 || fromEnvironment > 1000) {
                    throw new InvalidConfigurationException("serverless.mysql.max-connections-per-environment",
                            "AWS_LAMBDA_MAX_CONCURRENCY=" + lambdaMaxConcurrency,
                            "1 to 1000; set serverless.mysql.max-connections-per-environment to override the environment");
                }
            }
            AwsEndpoints.validate(jdbcUrl, driverProperties, credentialsProvider,
                    rdsProxy != null ? rdsProxy : AwsEndpoints.isRdsProxy(jdbcUrl), sessionWaitTimeout);
            requireAtLeast("serverless.mysql.connect-timeout", connectTimeout, Duration.ofMillis(1),
                    "1ms to 1h, such as 5s");
            requireAtMost("serverless.mysql.connect-timeout", connectTimeout, Duration.ofHours(1),
                    "1ms to 1h, such as 5s");
        }

        /**
         * A driver timeout the user set in the URL or driver properties: whole milliseconds, which the
         * connector bounds by the time left for each attempt and so must read.
         */
        private void requireDriverTimeout(String key) {
            Long millis;
            try {
                millis = JdbcUrls.timeoutMillis(jdbcUrl, driverProperties, key);
            } catch (NumberFormatException e) {
                millis = -1L;
            }
            if (millis != null && (millis < 0 || millis > Integer.MAX_VALUE)) {
                throw new InvalidConfigurationException("spring.datasource.url", JdbcUrls.withoutSecrets(jdbcUrl)
                        + " (" + key + ")", "a " + key + " in whole milliseconds from 0 to " + Integer.MAX_VALUE
                        + " in the URL and driver properties, such as " + key + "=10000, or none");
            }
        }

        /** Loads the named driver once; it must accept the URL, so that a wrong pairing fails here. */
        private Driver loadDriver() {
            String property = "spring.datasource.driver-class-name";
            Object instance;
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                Class<?> type = Class.forName(driverClassName, true,
                        loader != null ? loader : ServerlessMySqlConfig.class.getClassLoader());
                instance = type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new InvalidConfigurationException(property, driverClassName, "a JDBC driver class on the class"
                        + " path; this one could not be loaded (" + e + "). Add the driver's jar, or leave the property"
                        + " unset to use the driver for the URL");
            }
            if (!(instance instanceof Driver loaded)) {
                throw new InvalidConfigurationException(property, driverClassName,
                        "a class that implements java.sql.Driver, such as com.mysql.cj.jdbc.Driver or org.mariadb.jdbc.Driver");
            }
            if (!accepts(loaded, jdbcUrl)) {
                throw new InvalidConfigurationException(property, driverClassName, "a driver that accepts the URL "
                        + JdbcUrls.withoutSecrets(jdbcUrl) + ": com.mysql.cj.jdbc.Driver for jdbc:mysql://,"
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

        private static void requireAtLeast(String property, Duration value, Duration min) {
            requireAtLeast(property, value, min, "at least " + Durations.format(min));
        }

        private static void requireAtLeast(String property, Duration value, Duration min, String allowed) {
            if (value == null) {
                throw new InvalidConfigurationException(property, "(not set)", allowed);
            }
            if (value.compareTo(min) < 0) {
                throw new InvalidConfigurationException(property, value, allowed);
            }
        }

        private static void requireBetween(String property, Duration value, Duration min, Duration max, String allowed) {
            requireAtLeast(property, value, min, allowed);
            requireAtMost(property, value, max, allowed);
        }

        private static void requireAtMost(String property, Duration value, Duration max, String allowed) {
            if (value.compareTo(max) > 0) {
                throw new InvalidConfigurationException(property, value, allowed);
            }
        }
    }
}
