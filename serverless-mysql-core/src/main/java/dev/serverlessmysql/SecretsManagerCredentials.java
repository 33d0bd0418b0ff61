package dev.serverlessmysql;

import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * The user and password from an AWS Secrets Manager secret: its JSON {@code username} and
 * {@code password} fields (the shape RDS-managed and rotation-Lambda secrets have). The secret is
 * read once and cached for {@code cache-ttl}; when the server refuses the cached password as
 * access denied, the secret is read again at once, and if it changed (it was rotated) the connect
 * is retried with the new one, so a rotation costs one refused attempt, not a failed invocation.
 * A read that fails while a cached value exists keeps using that value.
 *
 * <p>Needs {@code software.amazon.awssdk:secretsmanager} and one HTTP client
 * ({@code url-connection-client} starts fastest) on the class path, and the IAM permission
 * {@code secretsmanager:GetSecretValue} on the secret (plus {@code kms:Decrypt} for a
 * customer-managed key).
 */
public final class SecretsManagerCredentials implements CredentialsProvider {

    /** Default cache lifetime: a rotation is noticed through the access-denied refresh anyway. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(15);

    private static final Logger log = LoggerFactory.getLogger(SecretsManagerCredentials.class);

    private final SecretsManagerClient client;
    private final String secretId;
    private final long cacheTtlNanos;
    private final LongSupplier nanoClock;
    // Guarded by this.
    private Credentials cached;
    private long readAtNanos;

    private SecretsManagerCredentials(SecretsManagerClient client, String secretId, Duration cacheTtl,
            LongSupplier nanoClock) {
        this.client = client;
        this.secretId = secretId;
        this.cacheTtlNanos = cacheTtl.toNanos();
        this.nanoClock = nanoClock;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized Credentials credentials() throws SQLException {
        if (cached != null && nanoClock.getAsLong() - readAtNanos < cacheTtlNanos) {
            return cached;
        }
        try {
            return read();
        } catch (SQLException e) {
            if (cached == null) {
                throw e;
            }
            log.warn("Could not read the secret '{}' again ({}); keeping the cached credentials of user '{}' until a"
                    + " read succeeds", secretId, e.getMessage(), cached.username());
            return cached;
        }
    }

    @Override
    public synchronized boolean refreshAfterAccessDenied(Credentials refused) throws SQLException {
        Credentials fresh = read();
        boolean changed = !fresh.equals(refused);
        if (!changed) {
            log.warn("The server refused the password of user '{}' from secret '{}', and the secret still holds it: the"
                    + " secret and the database disagree (a rotation half done, or the wrong secret)", refused.username(),
                    secretId);
        }
        return changed;
    }

    @Override
    public synchronized void forget() {
        cached = null;
    }

    private Credentials read() throws SQLException {
        String secret;
        try {
            secret = client.getSecretValue(request -> request.secretId(secretId)).secretString();
        } catch (SdkException e) {
            SQLException failed = new SQLNonTransientConnectionException("Could not read the database credentials from"
                    + " Secrets Manager secret '" + secretId + "' (" + e.getMessage() + "). Check the secret's name or"
                    + " ARN (serverless.mysql.auth.secrets-manager.secret-id), the region, and that the function's"
                    + " role may call secretsmanager:GetSecretValue on it", "08004");
            failed.addSuppressed(e);
            throw failed;
        }
        Credentials parsed = parse(secret);
        cached = parsed;
        readAtNanos = nanoClock.getAsLong();
        log.debug("Read the credentials of user '{}' from secret '{}'", parsed.username(), secretId);
        return parsed;
    }

    /** The secret's {@code username} and {@code password}; the message never shows the secret. */
    private Credentials parse(String secret) throws SQLException {
        String problem = "the secret '" + secretId + "' must be a JSON object with string fields \"username\" and"
                + " \"password\" (as RDS and its rotation functions store them)";
        if (secret == null) {
            throw new SQLNonTransientConnectionException("Unusable secret: it has no SecretString; " + problem, "08004");
        }
        try {
            JsonNode json = JsonNode.parser().parse(secret);
            JsonNode username = json.isObject() ? json.asObject().get("username") : null;
            JsonNode password = json.isObject() ? json.asObject().get("password") : null;
            if (username == null || !username.isString() || username.asString().isBlank() || password == null
                    || !password.isString()) {
                throw new SQLNonTransientConnectionException("Unusable secret: " + problem, "08004");
            }
            return new Credentials(username.asString(), password.asString());
        } catch (RuntimeException e) {
            // The parser's message may quote the secret's text.
            throw new SQLNonTransientConnectionException("Unusable secret: it is not JSON; " + problem, "08004");
        }
    }

    @Override
    public String toString() {
        return "SecretsManagerCredentials[secret=" + secretId + ", cacheTtl=" + Durations.format(Duration.ofNanos(cacheTtlNanos))
                + "]";
    }

    /** Settings of a {@link SecretsManagerCredentials}; {@link #build()} checks them. */
    public static final class Builder {
        private String secretId;
        private SecretsManagerClient client;
        private String region;
        private URI endpoint;
        private AwsCredentialsProvider awsCredentials;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {
        }

        /** The secret's name or ARN ({@code serverless.mysql.auth.secrets-manager.secret-id}). */
        public Builder secretId(String secretId) {
            this.secretId = secretId;
            return this;
        }

        /** The client to read with (a Spring Cloud AWS bean, say); the settings below then do not apply. */
        public Builder client(SecretsManagerClient client) {
            this.client = client;
            return this;
        }

        /** The region; default: the SDK's default chain ({@code AWS_REGION} on Lambda). */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** An endpoint override (a VPC endpoint, a local stub). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** The AWS credentials; default: the SDK's default chain. */
        public Builder awsCredentials(AwsCredentialsProvider credentials) {
            this.awsCredentials = credentials;
            return this;
        }

        /** How long the secret's value is reused ({@code serverless.mysql.auth.secrets-manager.cache-ttl}). */
        public Builder cacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
            return this;
        }

        Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock);
            return this;
        }

        public SecretsManagerCredentials build() {
            if (secretId == null || secretId.isBlank()) {
                throw new InvalidConfigurationException("SecretsManagerCredentials.secretId", "(not set)",
                        "the name or ARN of the secret holding the database user and password");
            }
            if (cacheTtl == null || cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofDays(1)) > 0) {
                throw new InvalidConfigurationException("SecretsManagerCredentials.cacheTtl",
                        cacheTtl == null ? "(not set)" : cacheTtl, "0 (read at every connect) to 1d, such as 15m");
            }
            return new SecretsManagerCredentials(client != null ? client : newClient(), secretId.trim(), cacheTtl,
                    nanoClock);
        }

        private SecretsManagerClient newClient() {
            SecretsManagerClientBuilder builder = SecretsManagerClient.builder();
            if (region != null && !region.isBlank()) {
                builder.region(Region.of(region.trim()));
            }
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            if (awsCredentials != null) {
                builder.credentialsProvider(awsCredentials);
            }
            try {
                return builder.build();
            } catch (SdkException e) {
                throw new InvalidConfigurationException("SecretsManagerCredentials.region", "(not set)",
                        "the secret's AWS region, such as eu-west-1; the SDK found none (" + e.getMessage() + ")");
            }
        }
    }
}
