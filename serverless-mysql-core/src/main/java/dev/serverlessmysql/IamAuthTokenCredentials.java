package dev.serverlessmysql;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * RDS IAM database authentication: the password of each connect is an authentication token, a
 * SigV4 presigned request made locally by the AWS SDK's {@code RdsUtilities} (no network call)
 * from the function's AWS credentials. A token is valid for 15 minutes; one is reused for
 * {@link #REUSE_FOR} after it was made and never later, so a connect never presents an expired one.
 * Tokens travel in clear text ({@code mysql_clear_password}): the URL must require TLS, which the
 * configuration checks.
 *
 * <p>Needs {@code software.amazon.awssdk:rds} on the class path (only for {@code RdsUtilities}),
 * and the IAM permission {@code rds-db:connect} on
 * {@code arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId or prx-id>/<user>}.
 */
public final class IamAuthTokenCredentials implements CredentialsProvider {

    /** How long RDS accepts a token after it was signed. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    /**
     * How long a token is reused: a minute short of its lifetime, so that a connect that starts
     * just before the end (and takes up to {@code connect-timeout}), or a server clock a little
     * ahead, still sees a valid token.
     */
    public static final Duration REUSE_FOR = TOKEN_LIFETIME.minusMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(IamAuthTokenCredentials.class);
    /** {@code ...<region>.rds.amazonaws.com}: the region is in the endpoint's name. */
    private static final Pattern RDS_HOST_REGION = Pattern.compile(
            "(?i)^.+\\.([a-z]{2}(?:-[a-z]+)+-\\d)\\.rds\\.amazonaws\\.com(?:\\.cn)?$");

    private final String host;
    private final int port;
    private final String username;
    private final Region region;
    private final RdsUtilities utilities;
    private final Clock clock;
    // Guarded by this.
    private String token;
    private Instant madeAt;

    private IamAuthTokenCredentials(Builder b, Region region, RdsUtilities utilities) {
        this.host = b.host;
        this.port = b.port;
        this.username = b.username;
        this.region = region;
        this.utilities = utilities;
        this.clock = b.clock;
    }

    /** A builder; host, port and user are required ({@link Builder#jdbcUrl(String)} sets the first two). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized Credentials credentials() throws SQLException {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(madeAt.plus(REUSE_FOR)) || now.isBefore(madeAt)) {
            try {
                token = utilities.generateAuthenticationToken(request -> request.hostname(host).port(port)
                        .username(username).region(region));
            } catch (SdkException | IllegalArgumentException | IllegalStateException e) {
                token = null;
                SQLException failed = new SQLNonTransientConnectionException("Could not make an RDS IAM authentication"
                        + " token for user '" + username + "' at " + host + ":" + port + " (" + e.getMessage() + ")."
                        + " The AWS credentials come from the default chain (on Lambda, the function's execution"
                        + " role); check that they are available and that the region (" + region + ") is right", "08004");
                failed.addSuppressed(e);
                throw failed;
            }
            madeAt = now;
            log.debug("Made an RDS IAM authentication token for user '{}' at {}:{}, reused until {}", username, host,
                    port, madeAt.plus(REUSE_FOR));
        }
        return new Credentials(username, token);
    }

    /**
     * A refused token is not refreshed: a fresh one would be refused the same way (the user lacks
     * {@code rds-db:connect} or was not created {@code IDENTIFIED WITH AWSAuthenticationPlugin}).
     */
    @Override
    public boolean refreshAfterAccessDenied(Credentials refused) {
        return false;
    }

    @Override
    public synchronized void forget() {
        token = null;
        madeAt = null;
    }

    @Override
    public boolean requiresTls() {
        return true;
    }

    @Override
    public String toString() {
        return "IamAuthTokenCredentials[user=" + username + ", endpoint=" + host + ":" + port + ", region=" + region + "]";
    }

    /** Settings of an {@link IamAuthTokenCredentials}; {@link #build()} checks them. */
    public static final class Builder {
        private String host;
        private int port = 3306;
        private String username;
        private String region;
        private AwsCredentialsProvider awsCredentials;
        private RdsUtilities utilities;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The host and port of a single-host JDBC URL: the endpoint the token is signed for. */
        public Builder jdbcUrl(String jdbcUrl) {
            AwsEndpoints.HostAndPort endpoint = AwsEndpoints.hostAndPort(jdbcUrl);
            this.host = endpoint.host();
            this.port = endpoint.port();
            return this;
        }

        /** The endpoint the client connects to (the instance, cluster or RDS Proxy endpoint). */
        public Builder endpoint(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        /** The database user the token is for ({@code spring.datasource.username}). */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /**
         * The database's region ({@code serverless.mysql.auth.iam.region}); unset: the one in an
         * {@code *.rds.amazonaws.com} host name, else the SDK's default chain ({@code AWS_REGION}).
         */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The AWS credentials that sign; default: the SDK's default chain. */
        public Builder awsCredentials(AwsCredentialsProvider credentials) {
            this.awsCredentials = credentials;
            return this;
        }

        /** The token maker; default: one built from the region and credentials. For tests. */
        public Builder rdsUtilities(RdsUtilities utilities) {
            this.utilities = utilities;
            return this;
        }

        /** The clock that decides when a token is too old to reuse; the system's by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public IamAuthTokenCredentials build() {
            if (host == null || host.isBlank()) {
                throw new InvalidConfigurationException("jdbcUrl", "(no host)",
                        "a URL with the host the IAM token is for");
            }
            if (port < 1 || port > 65535) {
                throw new InvalidConfigurationException("jdbcUrl", host + ":" + port, "a port from 1 to 65535");
            }
            if (username == null || username.isBlank()) {
                throw new InvalidConfigurationException("username", "(not set)",
                        "the database user the IAM token is for, created IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS'");
            }
            // A token maker given for tests carries its own region.
            Region resolved = utilities != null && (region == null || region.isBlank()) ? null : resolveRegion();
            RdsUtilities made = utilities != null ? utilities : RdsUtilities.builder().region(resolved)
                    .credentialsProvider(awsCredentials != null ? awsCredentials
                            : DefaultCredentialsProvider.builder().build())
                    .build();
            return new IamAuthTokenCredentials(this, resolved, made);
        }

        private Region resolveRegion() {
            if (region != null && !region.isBlank()) {
                return Region.of(region.trim());
            }
            Matcher fromHost = RDS_HOST_REGION.matcher(host);
            if (fromHost.matches()) {
                return Region.of(fromHost.group(1).toLowerCase(java.util.Locale.ROOT));
            }
            try {
                return new DefaultAwsRegionProviderChain().getRegion();
            } catch (SdkException e) {
                throw new InvalidConfigurationException("IamAuthTokenCredentials.region", "(not set)",
                        "the database's AWS region, such as eu-west-1: it is not in the host name " + host
                                + " and the SDK found none (" + e.getMessage() + ")");
            }
        }
    }
}
