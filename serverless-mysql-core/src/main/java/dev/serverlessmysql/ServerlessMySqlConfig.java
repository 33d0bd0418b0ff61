package dev.serverlessmysql;

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
     * Default thaw threshold. A peer may kill our connection once it has slept
     * {@code zombie.min-timeout}; the server counts that sleep from our last statement, which is a
     * little before we returned the lease, so we validate well before that point: after 1 s idle
     * (or at {@code zombie.min-timeout}, when that is shorter). A steadily busy container (more
     * than one invocation a second) never pays for the ping.
     */
    static final Duration DEFAULT_THAW_THRESHOLD = Duration.ofSeconds(1);
    /**
     * Default usage cache. The count of connections changes with every cold start, so it is
     * cached briefly: within 1 s a warm container re-uses its last count, which bounds
     * housekeeping to about one usage query per container per second however fast it is
     * invoked, while a burst is still seen within a second.
     */
    static final Duration DEFAULT_USED_CONNECTIONS_CACHE_TTL = Duration.ofSeconds(1);
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
    private final double connectionUtilization;
    private final Duration maxConnectionsCacheTtl;
    private final Duration usedConnectionsCacheTtl;
    private final boolean zombieEnabled;
    private final Duration zombieMinTimeout;
    private final Duration zombieMaxTimeout;
    private final int zombieMaxKillsPerInvocation;
    private final Duration sessionWaitTimeout;
    private final int maxRetries;
    private final Backoff backoff;
    private final Duration thawThreshold;
    private final Duration validationTimeout;
    private final Duration leaseTimeout;
    private final Duration connectTimeout;
    private final List<ServerlessMySqlListener> listeners;
    private final boolean registerCheckpointHook;
    private final Long jitterSeed;

    private ServerlessMySqlConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.username = b.username;
        this.password = b.password;
        this.driverProperties = Map.copyOf(b.driverProperties);
        this.connectionUtilization = b.connectionUtilization;
        this.maxConnectionsCacheTtl = b.maxConnectionsCacheTtl;
        this.usedConnectionsCacheTtl = b.usedConnectionsCacheTtl;
        this.zombieEnabled = b.zombieEnabled;
        this.zombieMinTimeout = b.zombieMinTimeout;
        this.zombieMaxTimeout = b.zombieMaxTimeout;
        this.zombieMaxKillsPerInvocation = b.zombieMaxKillsPerInvocation;
        this.sessionWaitTimeout = b.sessionWaitTimeout != null ? b.sessionWaitTimeout : b.zombieMaxTimeout;
        this.maxRetries = b.maxRetries;
        this.backoff = b.backoff != null ? b.backoff : b.backoffPolicy.with(b.retryBase, b.retryCap);
        this.thawThreshold = b.thawThreshold != null ? b.thawThreshold : min(DEFAULT_THAW_THRESHOLD, b.zombieMinTimeout);
        this.validationTimeout = b.validationTimeout;
        this.leaseTimeout = b.leaseTimeout;
        this.connectTimeout = b.connectTimeout;
        this.listeners = List.copyOf(b.listeners);
        this.registerCheckpointHook = b.registerCheckpointHook;
        this.jitterSeed = b.jitterSeed;
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

    public double connectionUtilization() {
        return connectionUtilization;
    }

    public Duration maxConnectionsCacheTtl() {
        return maxConnectionsCacheTtl;
    }

    public Duration usedConnectionsCacheTtl() {
        return usedConnectionsCacheTtl;
    }

    public boolean zombieEnabled() {
        return zombieEnabled;
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

    @Override
    public String toString() {
        return "ServerlessMySqlConfig[url=" + safeJdbcUrl() + ", username=" + username + ", password=****"
                + ", connectionUtilization=" + connectionUtilization + ", zombieEnabled=" + zombieEnabled
                + ", zombieMinTimeout=" + Durations.format(zombieMinTimeout)
                + ", zombieMaxTimeout=" + Durations.format(zombieMaxTimeout)
                + ", sessionWaitTimeout=" + Durations.format(sessionWaitTimeout) + ", maxRetries=" + maxRetries
                + ", thawThreshold=" + Durations.format(thawThreshold) + ", leaseTimeout=" + Durations.format(leaseTimeout)
                + ", connectTimeout=" + Durations.format(connectTimeout) + "]";
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
        private double connectionUtilization = 0.8;
        private Duration maxConnectionsCacheTtl = Duration.ofSeconds(15);
        private Duration usedConnectionsCacheTtl = DEFAULT_USED_CONNECTIONS_CACHE_TTL;
        private boolean zombieEnabled = true;
        private Duration zombieMinTimeout = Duration.ofSeconds(3);
        private Duration zombieMaxTimeout = Duration.ofMinutes(15);
        private int zombieMaxKillsPerInvocation = 10;
        private Duration sessionWaitTimeout;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration retryBase = Duration.ofMillis(2);
        private Duration retryCap = Duration.ofMillis(100);
        private Backoff backoff;
        private Backoff.Policy backoffPolicy = Backoff.Policy.FULL_JITTER;
        private Duration thawThreshold;
        private Duration validationTimeout = Duration.ofSeconds(1);
        private Duration leaseTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private final List<ServerlessMySqlListener> listeners = new ArrayList<>();
        private boolean registerCheckpointHook = true;
        private Long jitterSeed;

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

        /** Whether housekeeping kills zombies and watches usage (true); false behind RDS Proxy. */
        public Builder zombieEnabled(boolean enabled) {
            this.zombieEnabled = enabled;
            return this;
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

        /** Idle time after which a lease validates the connection first (1 s, at most the zombie min timeout). */
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
            if (username == null || username.isBlank()) {
                throw new InvalidConfigurationException("spring.datasource.username", "(not set)",
                        "the database user; it is needed to find and kill this user's zombie connections");
            }
            if (!(connectionUtilization > 0 && connectionUtilization <= 1)) {
                throw new InvalidConfigurationException("serverless.mysql.connection-utilization", connectionUtilization,
                        "a fraction greater than 0 and at most 1, such as 0.8");
            }
            requireAtLeast("serverless.mysql.max-connections-cache-ttl", maxConnectionsCacheTtl, Duration.ZERO);
            requireAtLeast("serverless.mysql.used-connections-cache-ttl", usedConnectionsCacheTtl, Duration.ZERO);
            requireAtLeast("serverless.mysql.zombie.min-timeout", zombieMinTimeout, MIN_ZOMBIE_TIMEOUT);
            String zombieMaxAllowed = "serverless.mysql.zombie.min-timeout (" + Durations.format(zombieMinTimeout)
                    + ") to 365d, the server's largest wait_timeout";
            requireAtLeast("serverless.mysql.zombie.max-timeout", zombieMaxTimeout, zombieMinTimeout, zombieMaxAllowed);
            requireAtMost("serverless.mysql.zombie.max-timeout", zombieMaxTimeout, MAX_WAIT_TIMEOUT, zombieMaxAllowed);
            if (zombieMaxKillsPerInvocation < 1 || zombieMaxKillsPerInvocation > 1000) {
                throw new InvalidConfigurationException("serverless.mysql.zombie.max-kills-per-invocation",
                        zombieMaxKillsPerInvocation, "1 to 1000");
            }
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
                String thawAllowed = "0 to serverless.mysql.zombie.min-timeout (" + Durations.format(zombieMinTimeout)
                        + "): a peer may kill a connection that slept that long, so it must be checked first";
                requireAtLeast("serverless.mysql.thaw-threshold", thawThreshold, Duration.ZERO, thawAllowed);
                requireAtMost("serverless.mysql.thaw-threshold", thawThreshold, zombieMinTimeout, thawAllowed);
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
            requireAtLeast("serverless.mysql.lease-timeout", leaseTimeout, Duration.ofMillis(1), "at least 1ms, such as 30s");
            requireAtLeast("serverless.mysql.connect-timeout", connectTimeout, Duration.ofMillis(1),
                    "1ms to 1h, such as 5s");
            requireAtMost("serverless.mysql.connect-timeout", connectTimeout, Duration.ofHours(1),
                    "1ms to 1h, such as 5s");
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

        private static void requireAtMost(String property, Duration value, Duration max, String allowed) {
            if (value.compareTo(max) > 0) {
                throw new InvalidConfigurationException(property, value, allowed);
            }
        }
    }
}
