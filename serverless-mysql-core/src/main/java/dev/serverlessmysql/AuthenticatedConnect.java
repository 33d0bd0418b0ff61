package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connect attempt with the provider's current credentials. When the server refuses them as
 * access denied (1045) and the provider then has different ones (a secret rotated since it was
 * cached), the attempt is repeated once at once with those: a rotation costs one refused attempt,
 * never the caller's request.
 */
final class AuthenticatedConnect {

    private static final Logger log = LoggerFactory.getLogger(AuthenticatedConnect.class);
    private static final int ACCESS_DENIED = 1045;

    /** The driver call: the URL is the caller's, the properties carry user and password. */
    @FunctionalInterface
    interface Attempt {
        Connection connect(Properties properties) throws SQLException;
    }

    private AuthenticatedConnect() {
    }

    static Connection connect(CredentialsProvider provider, Properties base, Attempt attempt) throws SQLException {
        Credentials credentials = provider.credentials();
        try {
            return attempt.connect(with(base, credentials));
        } catch (SQLException refused) {
            if (ErrorClassifier.vendorCode(refused) != ACCESS_DENIED || !provider.refreshAfterAccessDenied(credentials)) {
                throw masked(refused, credentials);
            }
            Credentials fresh = provider.credentials();
            log.info("The server refused the cached credentials of user '{}' (access denied); {} has new ones"
                    + " (a rotation), retrying once with them", credentials.username(), provider);
            try {
                return attempt.connect(with(base, fresh));
            } catch (SQLException again) {
                again.addSuppressed(masked(refused, credentials));
                throw masked(again, fresh);
            }
        }
    }

    private static Properties with(Properties base, Credentials credentials) {
        Properties properties = new Properties();
        properties.putAll(base);
        properties.setProperty("user", credentials.username());
        if (credentials.password() != null) {
            properties.setProperty("password", credentials.password());
        } else {
            properties.remove("password");
        }
        return properties;
    }

    /** The driver's exception without the password (a token, a secret) it may have echoed. */
    private static SQLException masked(SQLException e, Credentials credentials) {
        return SecretScrubber.withoutSecrets(e, List.of(), credentials.password());
    }
}
