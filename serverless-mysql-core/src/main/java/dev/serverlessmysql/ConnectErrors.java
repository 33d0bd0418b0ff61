package dev.serverlessmysql;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * The errors a failed connect ends with, for {@link Connector}: retries used up, the invocation's
 * deadline reached, and a failure waiting cannot heal explained. Each says what happened (the
 * server address, the attempts, the driver's own words and codes) and what to do; the driver's
 * SQLState and vendor code stay, and its exception is the cause.
 *
 * <p>Builds messages only: no state but the immutable configuration, so any thread may use it.
 */
final class ConnectErrors {

    private final ServerlessMySqlConfig config;

    ConnectErrors(ServerlessMySqlConfig config) {
        this.config = config;
    }

    /** The invocation's deadline ended the wait while the server was full or unreachable. */
    SQLTransientConnectionException deadlineReached(Wait wait, ErrorClassifier.ConnectCause cause, int attempts,
            Duration lastAttempt, SQLException last) {
        boolean full = cause == ErrorClassifier.ConnectCause.SERVER_FULL;
        String why = "the server at " + config.serverAddress() + (full ? " is full" : " is unreachable") + " ("
                + attempts + " connect attempts, the last took " + Durations.formatElapsed(lastAttempt)
                + "; the last error was: " + driverWords(last) + ")";
        String advice = full
                ? "The server (or this user's share of it) is at its connection limit: raise the server's max_connections"
                        + " (or the user's max_user_connections), or lower the functions' concurrency."
                : "Check the host and port in spring.datasource.url and that the network (security group, VPC,"
                        + " firewall) lets the function reach the server; a restart, failover or resume from a pause"
                        + " takes longer than this function may wait.";
        return wait.deadlineReached(why, advice, last);
    }

    /**
     * The retries ran out ({@code retriesUsedUp}: all {@code max-retries}; else the next would pass
     * {@code lease-timeout}) while the server was full or unreachable.
     */
    SQLTransientConnectionException exhausted(ErrorClassifier.ConnectCause cause, int attempts, Duration elapsed,
            boolean retriesUsedUp, SQLException last) {
        String budget = retriesUsedUp
                ? "all maxRetries, serverless.mysql.retry.max-retries (" + config.maxRetries() + ") were used"
                : "the next retry would pass leaseTimeout, serverless.mysql.lease-timeout (" + Durations.format(config.leaseTimeout()) + ")";
        String what = cause == ErrorClassifier.ConnectCause.SERVER_FULL
                ? "the server is full"
                : "the server is unreachable";
        String advice = cause == ErrorClassifier.ConnectCause.SERVER_FULL
                ? " The server (or this user's share of it) is at its connection limit: raise the server's"
                        + " max_connections (or the user's max_user_connections), lower the function's concurrency,"
                        + " or let callers wait longer with leaseTimeout (serverless.mysql.lease-timeout)."
                : " Check the host and port in spring.datasource.url and that the network (security group, VPC,"
                        + " firewall) lets the function reach the server. If the server is restarting, failing over or"
                        + " resuming from a pause for longer than this, raise leaseTimeout (serverless.mysql.lease-timeout).";
        String message = "Could not connect to " + config.serverAddress() + ": " + what + " (" + budget + ") after "
                + attempts + " attempts over " + Durations.formatElapsed(elapsed) + "; the last error was: "
                + driverWords(last) + "." + advice;
        return new SQLTransientConnectionException(message, last.getSQLState(), last.getErrorCode(), last);
    }

    /**
     * A failure waiting cannot heal, with the server address and the advice that fits; the
     * driver's SQLState, vendor code and the JDBC type that matters to exception translators stay,
     * and its exception is the cause. What we cannot explain is passed on as the driver threw it.
     */
    SQLException explained(ErrorClassifier.ConnectCause cause, SQLException e) {
        String advice;
        switch (cause) {
            case UNKNOWN_HOST -> advice = "the server is unreachable: its host name does not resolve. Check the host in"
                    + " spring.datasource.url, and that the function can reach a DNS server (VPC DNS settings)";
            case REJECTED -> advice = "the server rejected the connection. " + rejectionAdvice(e);
            default -> {
                return e;
            }
        }
        String message = "Could not connect to " + config.serverAddress() + ": " + advice + ". The driver said: "
                + driverWords(e);
        SQLException explained;
        if (e instanceof SQLInvalidAuthorizationSpecException) {
            explained = new SQLInvalidAuthorizationSpecException(message, e.getSQLState(), e.getErrorCode(), e);
        } else if (e instanceof SQLSyntaxErrorException) {
            explained = new SQLSyntaxErrorException(message, e.getSQLState(), e.getErrorCode(), e);
        } else if (e instanceof SQLNonTransientConnectionException) {
            explained = new SQLNonTransientConnectionException(message, e.getSQLState(), e.getErrorCode(), e);
        } else if (e instanceof SQLRecoverableException) {
            explained = new SQLRecoverableException(message, e.getSQLState(), e.getErrorCode(), e);
        } else if (e instanceof SQLNonTransientException) {
            explained = new SQLNonTransientException(message, e.getSQLState(), e.getErrorCode(), e);
        } else {
            explained = new SQLException(message, e.getSQLState(), e.getErrorCode(), e);
        }
        return explained;
    }

    private static String rejectionAdvice(SQLException e) {
        int code = ErrorClassifier.vendorCode(e);
        if (code == 1049) {
            return "The database in spring.datasource.url does not exist on this server: check its name, or create it";
        }
        if (code == 1044) {
            return "The user may not use the database in spring.datasource.url: grant it access, or check the name";
        }
        if (code == 1045 || code == 1698 || "28000".equals(e.getSQLState())) {
            return "Check spring.datasource.username and spring.datasource.password (and, for RDS IAM authentication,"
                    + " that the token is fresh and TLS is on)";
        }
        return "TLS could not be set up: check the sslMode (Connector/J) or sslMode/trustStore (MariaDB) parameters"
                + " in spring.datasource.url against what the server offers and the certificate it presents";
    }

    /** The driver's own words: its message and, when it differs, the innermost cause's, with the codes. */
    private static String driverWords(SQLException e) {
        String outer = e.getMessage();
        String root = ErrorClassifier.rootMessage(e);
        String words = root == null || root.equals(outer) ? String.valueOf(outer) : outer + " (" + root + ")";
        return words + " [vendor code " + ErrorClassifier.vendorCode(e) + ", SQLState " + e.getSQLState() + "]";
    }
}
