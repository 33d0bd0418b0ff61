package dev.serverlessmysql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings {@link ServerlessMySqlConfig.Builder} collects, each with its default from
 * {@link ConfigDefaults}, and their setters. The public {@code Builder} is the only subclass, and
 * javadoc and javac present these setters as its own. Nothing is checked here:
 * {@link ConfigValidation} checks every setting at once when the configuration is built.
 */
abstract sealed class ConfigBuilder permits ServerlessMySqlConfig.Builder {

    // Package-private for ConfigValidation and ServerlessMySqlConfig, which read them all;
    // unset (null) ones default from other settings when the configuration is built.
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
    /** Unset (null): computed per invocation, {@link InvocationDeadline#defaultReserve}. */
    Duration deadlineReserve;
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

    /** {@code jdbc:mysql://host:3306/db} or {@code jdbc:mariadb://...} ({@code spring.datasource.url}). */
    public ServerlessMySqlConfig.Builder jdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        return self();
    }

    /** The database user ({@code spring.datasource.username}); only its threads are ever killed. */
    public ServerlessMySqlConfig.Builder username(String username) {
        this.username = username;
        return self();
    }

    /** The password ({@code spring.datasource.password}); never logged. */
    public ServerlessMySqlConfig.Builder password(String password) {
        this.password = password;
        return self();
    }

    /** An extra driver property, passed to the JDBC driver on every connect. */
    public ServerlessMySqlConfig.Builder driverProperty(String name, String value) {
        this.driverProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return self();
    }

    /**
     * The JDBC driver class ({@code spring.datasource.driver-class-name}), loaded and
     * instantiated once by {@link ServerlessMySqlConfig.Builder#build()}; every connect then goes straight to it. Not set:
     * {@code DriverManager} finds a driver for the URL on each connect.
     */
    public ServerlessMySqlConfig.Builder driverClassName(String driverClassName) {
        this.driverClassName = driverClassName;
        return self();
    }

    /** Fraction of the connection limit above which housekeeping acts (0.8). */
    public ServerlessMySqlConfig.Builder connectionUtilization(double connectionUtilization) {
        this.connectionUtilization = connectionUtilization;
        return self();
    }

    /** How long the connection limit is cached (15 s). */
    public ServerlessMySqlConfig.Builder maxConnectionsCacheTtl(Duration ttl) {
        this.maxConnectionsCacheTtl = ttl;
        return self();
    }

    /** How long the usage count is cached (1 s). */
    public ServerlessMySqlConfig.Builder usedConnectionsCacheTtl(Duration ttl) {
        this.usedConnectionsCacheTtl = ttl;
        return self();
    }

    /**
     * How long a usage sample that showed the count at most half the threshold is reused
     * (unset: five times {@code usedConnectionsCacheTtl}, 5 s by default); at least
     * {@code usedConnectionsCacheTtl}.
     */
    public ServerlessMySqlConfig.Builder usedConnectionsCacheTtlUnderHalf(Duration ttl) {
        this.usedConnectionsCacheTtlUnderHalf = ttl;
        return self();
    }

    /**
     * Whether {@code endInvocation()} runs housekeeping (true): the usage check, killing this
     * user's zombie connections and giving up the own connection while the server stays full.
     * False behind RDS Proxy, which owns the server-side connections.
     */
    public ServerlessMySqlConfig.Builder housekeepingEnabled(boolean enabled) {
        this.housekeepingEnabled = enabled;
        return self();
    }

    /**
     * The same switch as {@link #housekeepingEnabled(boolean)}: false turns off all
     * housekeeping, not only killing.
     *
     * @deprecated use {@link #housekeepingEnabled(boolean)}
     */
    @Deprecated(since = "0.1.0")
    public ServerlessMySqlConfig.Builder zombieEnabled(boolean enabled) {
        return housekeepingEnabled(enabled);
    }

    /** Youngest sleeping thread that may be killed when over the threshold (3 s). */
    public ServerlessMySqlConfig.Builder zombieMinTimeout(Duration timeout) {
        this.zombieMinTimeout = timeout;
        return self();
    }

    /** Sleeping threads older than this are always killed (15 min). */
    public ServerlessMySqlConfig.Builder zombieMaxTimeout(Duration timeout) {
        this.zombieMaxTimeout = timeout;
        return self();
    }

    /** At most this many KILLs per {@code endInvocation()} (10). */
    public ServerlessMySqlConfig.Builder zombieMaxKillsPerInvocation(int kills) {
        this.zombieMaxKillsPerInvocation = kills;
        return self();
    }

    /**
     * At most one listing of the processlist per this interval for threads asleep past the zombie
     * max timeout, when the usage came from the server-wide counter (1 min; zero: every invocation).
     */
    public ServerlessMySqlConfig.Builder zombieSweepInterval(Duration interval) {
        this.zombieSweepInterval = interval;
        return self();
    }

    /** Session {@code wait_timeout} set on connect (= zombie max timeout); zero leaves the server's. */
    public ServerlessMySqlConfig.Builder sessionWaitTimeout(Duration timeout) {
        this.sessionWaitTimeout = timeout;
        return self();
    }

    /**
     * An extra bound on connect retries per acquisition (10000, so that {@link #leaseTimeout}
     * is the bound); 0 turns retries off.
     */
    public ServerlessMySqlConfig.Builder maxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
        return self();
    }

    /** Base of the built-in backoff policies (2 ms). Ignored when a custom {@link #backoff} is set. */
    public ServerlessMySqlConfig.Builder retryBase(Duration base) {
        this.retryBase = base;
        return self();
    }

    /** Longest single sleep of the built-in backoff policies (100 ms). */
    public ServerlessMySqlConfig.Builder retryCap(Duration cap) {
        this.retryCap = cap;
        return self();
    }

    /**
     * A built-in backoff policy, used with
     * {@link #retryBase} and {@link #retryCap}: full jitter by default.
     */
    public ServerlessMySqlConfig.Builder backoffPolicy(Backoff.Policy policy) {
        this.backoffPolicy = Objects.requireNonNull(policy, "policy");
        return self();
    }

    /** A custom backoff policy, in place of {@link #backoffPolicy} with {@link #retryBase} and {@link #retryCap}. */
    public ServerlessMySqlConfig.Builder backoff(Backoff backoff) {
        this.backoff = backoff;
        return self();
    }

    /** Idle time after which a lease validates the connection first (1 s, at most 1 s below the zombie min timeout). */
    public ServerlessMySqlConfig.Builder thawThreshold(Duration threshold) {
        this.thawThreshold = threshold;
        return self();
    }

    /** Bound on the thaw ping, in whole seconds (1 s). */
    public ServerlessMySqlConfig.Builder validationTimeout(Duration timeout) {
        this.validationTimeout = timeout;
        return self();
    }

    /**
     * Bound on one connect attempt, TCP connect and MySQL handshake together (5 s): a server
     * that accepts the socket but never greets (frozen, overloaded) must not hang the caller.
     * Driver properties or URL parameters {@code connectTimeout} / {@code socketTimeout} win.
     */
    public ServerlessMySqlConfig.Builder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return self();
    }

    /**
     * How long {@code getConnection()} may take in all (30 s): waiting for a concurrent caller
     * to return the lease, and connecting with retries. Retries stop early rather than sleep
     * past it.
     */
    public ServerlessMySqlConfig.Builder leaseTimeout(Duration timeout) {
        this.leaseTimeout = timeout;
        return self();
    }

    /**
     * The time every wait of {@code getConnection()} keeps back from the invocation's deadline
     * ({@link ServerlessMySqlDataSource#beginInvocation}), so that the function can still answer
     * when it fails. Unset (null), the default: 10 % of the time the invocation has left, at least
     * 100 ms and at most 1 s. A value set here applies to every invocation as it is, 0 included.
     */
    public ServerlessMySqlConfig.Builder deadlineReserve(Duration reserve) {
        this.deadlineReserve = reserve;
        return self();
    }

    /** Adds a listener for events. */
    public ServerlessMySqlConfig.Builder listener(ServerlessMySqlListener listener) {
        this.listeners.add(Objects.requireNonNull(listener, "listener"));
        return self();
    }

    /**
     * Whether the DataSource registers its own CRaC resource when {@code org.crac} is present
     * (true). Turn it off when a framework calls {@code beforeCheckpoint()} and
     * {@code afterRestore()} itself, so the hooks run once.
     */
    public ServerlessMySqlConfig.Builder registerCheckpointHook(boolean register) {
        this.registerCheckpointHook = register;
        return self();
    }

    /** Seeds the jitter random source, for reproducible tests. A restore reseeds it anyway. */
    public ServerlessMySqlConfig.Builder jitterSeed(long seed) {
        this.jitterSeed = seed;
        return self();
    }

    /**
     * Whether each lease records the stack trace of its {@code getConnection()} (false), so that
     * the warning about a connection never closed says where it was taken. It costs a stack
     * walk per lease: turn it on while looking for a leak.
     */
    public ServerlessMySqlConfig.Builder captureLeaseStackTraces(boolean capture) {
        this.captureLeaseStackTraces = capture;
        return self();
    }

    /**
     * Whether, on AWS Lambda ({@code AWS_LAMBDA_RUNTIME_API} set), the DataSource registers a
     * internal extension during init, so that Lambda sends SIGTERM before it retires the
     * environment, and closes its connection on that signal through a JVM shutdown hook (true);
     * where invocations come one at a time the extension also receives INVOKE events and runs
     * housekeeping after the response.
     * Off Lambda it does nothing either way.
     */
    public ServerlessMySqlConfig.Builder lambdaShutdownEnabled(boolean enabled) {
        this.lambdaShutdownEnabled = enabled;
        return self();
    }

    /**
     * How many physical connections one execution environment may hold at once (default: the
     * value of {@code AWS_LAMBDA_MAX_CONCURRENCY} when set, else 1). With 1, one connection
     * serves one caller at a time. With N, up to N connections are opened lazily, each leased
     * to one caller and reused; housekeeping is shared and never kills any of them.
     */
    public ServerlessMySqlConfig.Builder maxConnectionsPerEnvironment(int connections) {
        this.maxConnectionsPerEnvironment = connections;
        return self();
    }

    /** The value of {@code AWS_LAMBDA_MAX_CONCURRENCY} to default from; for tests. */
    ServerlessMySqlConfig.Builder lambdaMaxConcurrency(String value) {
        this.lambdaMaxConcurrency = value;
        return self();
    }

    /** The Runtime API address to register with, in place of {@code AWS_LAMBDA_RUNTIME_API}; for tests. */
    ServerlessMySqlConfig.Builder lambdaRuntimeApi(String address) {
        this.lambdaRuntimeApi = address;
        return self();
    }

    /**
     * Where each physical connect (and each retry) gets its user and password, in place of
     * {@link #password(String)}: an {@link IamAuthTokenCredentials IAM token}, a
     * {@link SecretsManagerCredentials Secrets Manager secret}, or your own. The
     * {@link #username(String)} must still be set: housekeeping kills only that user's threads.
     */
    public ServerlessMySqlConfig.Builder credentialsProvider(CredentialsProvider provider) {
        this.credentialsProvider = provider;
        return self();
    }

    /**
     * Whether the URL points at RDS Proxy; unset, a {@code *.proxy-*.rds.amazonaws.com} host
     * says so. Behind the proxy the DataSource sends no
     * {@code SET} at connect (it would pin the session) and runs no housekeeping (the
     * processlist and KILL would reach the proxy's shared connections).
     */
    public ServerlessMySqlConfig.Builder rdsProxy(boolean behindProxy) {
        this.rdsProxy = behindProxy;
        return self();
    }

    private ServerlessMySqlConfig.Builder self() {
        return (ServerlessMySqlConfig.Builder) this;
    }
}
