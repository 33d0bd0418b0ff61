package dev.serverlessmysql.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the serverless MySQL DataSource ({@code serverless.mysql.*}). The connection itself
 * (URL, user, password) comes from {@code spring.datasource.*} or from a
 * {@code JdbcConnectionDetails} bean.
 *
 * <p>Every setting the core library has stays {@code null} until set, and the core's default
 * applies: defaults are written once, in the core. The configuration metadata carries them for
 * IDEs ({@code additional-spring-configuration-metadata.json}), and {@code ConfigurationMetadataTests}
 * checks them against the core's.
 */
// Unknown keys fail binding, so a typo stops start-up (explained by UnknownPropertyFailureAnalyzer)
// instead of leaving the user to believe the setting applies.
@ConfigurationProperties(prefix = "serverless.mysql", ignoreUnknownFields = false)
public class ServerlessMySqlProperties {

    /**
     * Whether to replace Spring Boot's default connection pool with the serverless MySQL
     * DataSource (one connection per container, opened lazily).
     */
    private boolean enabled = true;

    /**
     * Fraction of the server's connection limit above which invocation-end housekeeping kills
     * zombie connections. Greater than 0, at most 1.
     */
    private Double connectionUtilization;

    /**
     * How long the server's connection limit (max_connections, max_user_connections) is cached;
     * once older, it is read again with the next usage read, in the same statement.
     */
    private Duration maxConnectionsCacheTtl;

    /**
     * How long the server's count of connections in use is cached between invocations. Default:
     * 1s (chosen by the core library).
     */
    private Duration usedConnectionsCacheTtl;

    /**
     * How long the count of connections in use is cached when it showed the server at most half as
     * full as connection-utilization allows (a server that must double its connections before the
     * threshold matters). At least used-connections-cache-ttl. Default: five times
     * used-connections-cache-ttl, 5s (chosen by the core library).
     */
    private Duration usedConnectionsCacheTtlUnderHalf;

    /**
     * Idle time after which a lease validates the connection before handing it out (a thawed
     * container). At most zombie.min-timeout less 1s (the processlist counts whole seconds). Default: 1s, or
     * zombie.min-timeout less 1s when that is shorter (chosen by the core library).
     */
    private Duration thawThreshold;

    /** Bound on the validation ping after a thaw, in whole seconds. */
    private Duration validationTimeout;

    /**
     * How long getConnection() may take in all: waiting for a concurrent caller to return the one
     * connection, and connecting with retries. It is the retry budget: a restart, failover or
     * paused Aurora Serverless that answers within it is ridden out.
     */
    private Duration leaseTimeout;

    /**
     * Time kept back from the invocation's deadline (the Lambda Context's remaining time): no wait
     * for a connection goes past the deadline less this, so the function can still answer (such as
     * a 503) when it fails. Unset, the default: 10% of the time the invocation has left, at least
     * 100ms and at most 1s (300ms for a 3s function, 1s for 10s and more). A value set applies as
     * it is, 0 included.
     */
    private Duration deadlineReserve;

    /**
     * Bound on one connect attempt, TCP connect and MySQL handshake together, so that a server
     * that accepts the socket but never answers cannot hang the caller.
     */
    private Duration connectTimeout;

    /**
     * Session wait_timeout set on connect, so that the server itself closes the connection of a
     * container that died frozen. 0 keeps the server's. Default: zombie.max-timeout.
     */
    private Duration sessionWaitTimeout;

    /**
     * Whether each lease records where it was taken, so that the warning about a connection never
     * closed (taken back at the invocation end) names the code that took it. Costs a stack walk
     * per lease: turn it on while looking for a leak.
     */
    private Boolean leaseLeakStackTrace;

    /**
     * How many physical connections one execution environment may hold at once, each leased to
     * one caller. 1 on classic Lambda (one request per environment). Default: the value of
     * AWS_LAMBDA_MAX_CONCURRENCY when set (Lambda Managed Instances), else 1.
     */
    private Integer maxConnectionsPerEnvironment;

    /** Connect retries after capacity errors. */
    private final Retry retry = new Retry();

    /** Zombie connection clean-up at invocation end. */
    private final Zombie zombie = new Zombie();

    /** Graceful shutdown on AWS Lambda. */
    private final LambdaShutdown lambdaShutdown = new LambdaShutdown();

    /** Invocation-end housekeeping as a whole. */
    private final Housekeeping housekeeping = new Housekeeping();

    // --- AWS credentials and endpoints (issue 35): kept together for an easy merge. ---

    /**
     * Whether the URL points at RDS Proxy: no SET at connect (it would pin the session to one
     * database connection) and no housekeeping through the proxy. Default: detected from a
     * *.proxy-*.rds.amazonaws.com host.
     */
    private Boolean rdsProxy;

    /** Where each physical connect gets its user and password. */
    private final Auth auth = new Auth();

    public Boolean getRdsProxy() {
        return rdsProxy;
    }

    public void setRdsProxy(Boolean rdsProxy) {
        this.rdsProxy = rdsProxy;
    }

    public Auth getAuth() {
        return auth;
    }

    /** Where each physical connect (and each retry) gets its user and password. */
    public static class Auth {

        /**
         * password: spring.datasource.password. iam: an RDS IAM authentication token made for
         * spring.datasource.username (needs software.amazon.awssdk:rds and a URL that requires
         * TLS). secrets-manager: the username and password fields of a Secrets Manager secret (needs
         * software.amazon.awssdk:secretsmanager).
         */
        private AuthMode mode = AuthMode.PASSWORD;

        /** IAM database authentication. */
        private final Iam iam = new Iam();

        /** Secrets Manager. */
        private final SecretsManager secretsManager = new SecretsManager();

        public AuthMode getMode() {
            return mode;
        }

        public void setMode(AuthMode mode) {
            this.mode = mode;
        }

        public Iam getIam() {
            return iam;
        }

        public SecretsManager getSecretsManager() {
            return secretsManager;
        }
    }

    /** How the DataSource authenticates. */
    public enum AuthMode {
        /** spring.datasource.password. */
        PASSWORD,
        /** An RDS IAM authentication token per connect, reused for 14 of its 15 minutes. */
        IAM,
        /** A Secrets Manager secret's username and password, cached and refreshed after access denied. */
        SECRETS_MANAGER
    }

    /** IAM database authentication. */
    public static class Iam {

        /**
         * The database's AWS region. Default: the one in an *.rds.amazonaws.com host name, else the
         * AWS SDK's default chain (AWS_REGION on Lambda).
         */
        private String region;

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }
    }

    /**
     * Secrets Manager. With Spring Cloud AWS's SecretsManagerClient bean in the context, that client
     * (and its spring.cloud.aws.* region, credentials and endpoint) is used, and region and
     * endpoint here are not.
     */
    public static class SecretsManager {

        /** Name or ARN of the secret holding the database username and password. */
        private String secretId;

        /** The secret's AWS region. Default: the AWS SDK's default chain (AWS_REGION on Lambda). */
        private String region;

        /** Endpoint override, such as a VPC interface endpoint. */
        private java.net.URI endpoint;

        /**
         * How long the secret's value is reused. A rotation is noticed at the first refused connect
         * anyway: the secret is then read again and the connect retried once.
         */
        private Duration cacheTtl = Duration.ofMinutes(15);

        public String getSecretId() {
            return secretId;
        }

        public void setSecretId(String secretId) {
            this.secretId = secretId;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public java.net.URI getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(java.net.URI endpoint) {
            this.endpoint = endpoint;
        }

        public Duration getCacheTtl() {
            return cacheTtl;
        }

        public void setCacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
        }
    }

    // --- end of AWS credentials and endpoints ---

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Double getConnectionUtilization() {
        return connectionUtilization;
    }

    public void setConnectionUtilization(Double connectionUtilization) {
        this.connectionUtilization = connectionUtilization;
    }

    public Duration getMaxConnectionsCacheTtl() {
        return maxConnectionsCacheTtl;
    }

    public void setMaxConnectionsCacheTtl(Duration maxConnectionsCacheTtl) {
        this.maxConnectionsCacheTtl = maxConnectionsCacheTtl;
    }

    public Duration getUsedConnectionsCacheTtl() {
        return usedConnectionsCacheTtl;
    }

    public void setUsedConnectionsCacheTtl(Duration usedConnectionsCacheTtl) {
        this.usedConnectionsCacheTtl = usedConnectionsCacheTtl;
    }

    public Duration getUsedConnectionsCacheTtlUnderHalf() {
        return usedConnectionsCacheTtlUnderHalf;
    }

    public void setUsedConnectionsCacheTtlUnderHalf(Duration usedConnectionsCacheTtlUnderHalf) {
        this.usedConnectionsCacheTtlUnderHalf = usedConnectionsCacheTtlUnderHalf;
    }

    public Duration getThawThreshold() {
        return thawThreshold;
    }

    public void setThawThreshold(Duration thawThreshold) {
        this.thawThreshold = thawThreshold;
    }

    public Duration getValidationTimeout() {
        return validationTimeout;
    }

    public void setValidationTimeout(Duration validationTimeout) {
        this.validationTimeout = validationTimeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getLeaseTimeout() {
        return leaseTimeout;
    }

    public void setLeaseTimeout(Duration leaseTimeout) {
        this.leaseTimeout = leaseTimeout;
    }

    public Duration getDeadlineReserve() {
        return deadlineReserve;
    }

    public void setDeadlineReserve(Duration deadlineReserve) {
        this.deadlineReserve = deadlineReserve;
    }

    public Duration getSessionWaitTimeout() {
        return sessionWaitTimeout;
    }

    public void setSessionWaitTimeout(Duration sessionWaitTimeout) {
        this.sessionWaitTimeout = sessionWaitTimeout;
    }

    public Boolean getLeaseLeakStackTrace() {
        return leaseLeakStackTrace;
    }

    public void setLeaseLeakStackTrace(Boolean leaseLeakStackTrace) {
        this.leaseLeakStackTrace = leaseLeakStackTrace;
    }

    public Integer getMaxConnectionsPerEnvironment() {
        return maxConnectionsPerEnvironment;
    }

    public void setMaxConnectionsPerEnvironment(Integer maxConnectionsPerEnvironment) {
        this.maxConnectionsPerEnvironment = maxConnectionsPerEnvironment;
    }

    public Retry getRetry() {
        return retry;
    }

    public Zombie getZombie() {
        return zombie;
    }

    public LambdaShutdown getLambdaShutdown() {
        return lambdaShutdown;
    }

    public Housekeeping getHousekeeping() {
        return housekeeping;
    }

    /** Connect retries after "too many connections" and network errors. */
    public static class Retry {

        /**
         * An extra bound on connect retries per getConnection(); 0 turns retries off. The budget
         * is time (lease-timeout): the default is high enough never to end a wait before it.
         */
        private Integer maxRetries;

        /** Backoff policy between connect retries. */
        private BackoffPolicy backoff;

        /** Base delay of the backoff policy. */
        private Duration base;

        /**
         * Longest single sleep between two connect attempts. While the server refuses as full, a
         * long wait's sleeps may grow to 10 times this (a tenth of the time left of lease-timeout).
         */
        private Duration cap;

        public Integer getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
        }

        public BackoffPolicy getBackoff() {
            return backoff;
        }

        public void setBackoff(BackoffPolicy backoff) {
            this.backoff = backoff;
        }

        public Duration getBase() {
            return base;
        }

        public void setBase(Duration base) {
            this.base = base;
        }

        public Duration getCap() {
            return cap;
        }

        public void setCap(Duration cap) {
            this.cap = cap;
        }
    }

    /** The built-in backoff policies. */
    public enum BackoffPolicy {
        /** A delay drawn uniformly from [0, min(cap, base × 2^attempt)]. */
        FULL_JITTER,
        /** min(cap, a delay drawn from [base, 3 × previous delay]). */
        DECORRELATED_JITTER
    }

    /** Finding and killing this user's zombie connections at invocation end. */
    public static class Zombie {

        /**
         * Deprecated alias of housekeeping.enabled: false turns off all invocation-end
         * housekeeping, not only killing. Unset by default; housekeeping.enabled wins when both are set.
         */
        private Boolean enabled;

        /**
         * Youngest sleeping connection of this user that may be killed while the server is over
         * connection-utilization. At least 1s; set it above the longest pause your functions
         * make inside a transaction, unless the user has the PROCESS privilege.
         */
        private Duration minTimeout;

        /** Sleeping connections of this user older than this are always killed. */
        private Duration maxTimeout;

        /** At most this many KILL statements per invocation (1 to 1000). */
        private Integer maxKillsPerInvocation;

        /**
         * When the usage comes from the server-wide Threads_connected counter, the processlist is
         * listed for connections asleep past max-timeout at most once per this interval (0: at
         * every invocation; at most 1d), or once per as many seconds as the server counts
         * connections when that is longer, the first time that long after the first invocation.
         */
        private Duration sweepInterval;

        /** @deprecated use {@link Housekeeping#getEnabled()} */
        @Deprecated(since = "0.1.0")
        public Boolean getEnabled() {
            return enabled;
        }

        /** @deprecated use {@link Housekeeping#setEnabled(Boolean)} */
        @Deprecated(since = "0.1.0")
        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getMinTimeout() {
            return minTimeout;
        }

        public void setMinTimeout(Duration minTimeout) {
            this.minTimeout = minTimeout;
        }

        public Duration getMaxTimeout() {
            return maxTimeout;
        }

        public void setMaxTimeout(Duration maxTimeout) {
            this.maxTimeout = maxTimeout;
        }

        public Integer getMaxKillsPerInvocation() {
            return maxKillsPerInvocation;
        }

        public void setMaxKillsPerInvocation(Integer maxKillsPerInvocation) {
            this.maxKillsPerInvocation = maxKillsPerInvocation;
        }

        public Duration getSweepInterval() {
            return sweepInterval;
        }

        public void setSweepInterval(Duration sweepInterval) {
            this.sweepInterval = sweepInterval;
        }
    }

    /** Graceful shutdown on AWS Lambda. */
    public static class LambdaShutdown {

        /**
         * On AWS Lambda (AWS_LAMBDA_RUNTIME_API set), register an internal extension during init:
         * Lambda then sends SIGTERM before it retires the environment, and the connection is closed
         * (no zombie is left); where invocations come one at a time the extension also receives
         * INVOKE events and runs housekeeping after the response. false: no extension (housekeeping
         * then runs in endInvocation(), before the response). Off Lambda it does nothing.
         */
        private Boolean enabled;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Invocation-end housekeeping: what endInvocation() does on the own connection. */
    public static class Housekeeping {

        /**
         * Whether endInvocation() runs housekeeping: the usage check, killing this user's zombie
         * connections, and giving up the own connection while the server stays full. Turn off
         * behind RDS Proxy, which owns the server-side connections. Default: true.
         */
        private Boolean enabled;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }
    }
}
