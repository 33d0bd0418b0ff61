package dev.serverlessmysql;

import java.sql.SQLException;

/**
 * Where the user and password for each physical connect come from. The DataSource asks on every
 * connect attempt, retries included, so a provider may hand out short-lived secrets (an RDS IAM
 * token) or ones that change under it (a Secrets Manager secret being rotated); it caches what
 * it can, since a connect is on the caller's path.
 *
 * <p>Implementations: {@link #of(String, String)} (a fixed password, the default built from
 * {@code spring.datasource.username/password}), {@link IamAuthTokenCredentials} and
 * {@link SecretsManagerCredentials}. The AWS SDK classes the last two need are optional
 * dependencies, loaded only when one of them is built.
 */
public interface CredentialsProvider {

    /**
     * The credentials for the next connect attempt.
     *
     * @throws SQLException when none can be had (their source is unreachable, refuses, or holds
     *         something unusable); its message must not contain a secret
     */
    Credentials credentials() throws SQLException;

    /**
     * The server refused {@code refused} as access denied (1045): drop whatever is cached and
     * report whether asking again gives different credentials, worth one immediate retry (a
     * rotated secret). Called at most once per connect attempt. The default: nothing changes.
     */
    default boolean refreshAfterAccessDenied(Credentials refused) throws SQLException {
        return false;
    }

    /**
     * Drops whatever is cached. Called before a CRaC / SnapStart checkpoint, so that a snapshot
     * carries no secret or token and every restored clone reads fresh ones (a clone may start long
     * after the snapshot, and a time-based cache may not count the time in between). The default:
     * nothing is cached.
     */
    default void forget() {
    }

    /**
     * Whether these credentials may only travel over TLS (an IAM token is sent in clear text by
     * the {@code mysql_clear_password} plugin). The configuration is rejected at build time when
     * the URL does not require TLS.
     */
    default boolean requiresTls() {
        return false;
    }

    /** A fixed user and password: the behaviour without a provider. */
    static CredentialsProvider of(String username, String password) {
        Credentials fixed = new Credentials(username, password);
        return new CredentialsProvider() {
            @Override
            public Credentials credentials() {
                return fixed;
            }

            @Override
            public String toString() {
                return "CredentialsProvider[static, username=" + username + "]";
            }
        };
    }
}
