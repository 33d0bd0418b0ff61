package dev.serverlessmysql;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

/**
 * The one place that decides what a failure means: retry a connect, give up on it, or throw away
 * a connection a statement broke.
 *
 * <p>It reads only what JDBC and the JDK define (vendor codes, SQLStates, {@code java.sql},
 * {@code java.net} and {@code javax.net.ssl} types) so that it works the same for MySQL
 * Connector/J and the MariaDB driver without depending on either. The drivers differ in how they
 * wrap a failure (Connector/J: {@code CommunicationsException}, SQLState {@code 08S01}, the socket
 * error as its cause; MariaDB: {@code SQLNonTransientConnectionException} or
 * {@code SQLTimeoutException}, SQLState {@code 08000}), so every decision looks at the whole chain
 * of causes and next exceptions rather than at the outermost exception.
 */
final class ErrorClassifier {

    /**
     * Why a connect attempt failed, in the terms a user acts on: each has its own advice, and the
     * connector decides from it whether to wait.
     */
    enum ConnectCause {
        /** 1040, 1203, 1226, 1041: the server (or this user's share of it) is at its limit. Retried. */
        SERVER_FULL,
        /**
         * Refused, timed out or cut before the handshake completed (restart, failover, a resuming
         * Aurora, a wrong port). Retried.
         */
        UNREACHABLE,
        /** The host name does not resolve: a typo in the URL, or DNS not reachable from the function. Not retried. */
        UNKNOWN_HOST,
        /** The server answered and said no: credentials (1045, 28000), unknown database (1049), TLS. Not retried. */
        REJECTED,
        /** Anything else (no driver for the URL, a bad driver property): not retried, reported as the driver put it. */
        OTHER;

        /** Whether waiting may heal it. */
        boolean retryable() {
            return this == SERVER_FULL || this == UNREACHABLE;
        }
    }

    /**
     * The server is out of connections or of resources for this user. Drivers report these with
     * differing SQLStates (08004, 42000, HY000), so the code alone decides.
     */
    private static final Set<Integer> CAPACITY_CODES = Set.of(
            1040, // ER_CON_COUNT_ERROR: too many connections
            1041, // ER_OUT_OF_RESOURCES
            1203, // ER_TOO_MANY_USER_CONNECTIONS: max_user_connections
            1226); // ER_USER_LIMIT_REACHED: max_connections_per_hour and friends

    /** Waiting does not change the credentials or create the schema. */
    private static final Set<Integer> FATAL_CODES = Set.of(
            1044, // ER_DBACCESS_DENIED_ERROR
            1045, // ER_ACCESS_DENIED_ERROR
            1698, // ER_ACCESS_DENIED_NO_PASSWORD_ERROR (auth_socket and friends)
            1049); // ER_BAD_DB_ERROR: unknown database

    /**
     * The server ended the session or is going away. MariaDB reports a KILL as 1927 with the
     * same SQLState (70100) as a harmless KILL QUERY (1317), so the code has to decide.
     */
    private static final Set<Integer> CONNECTION_LOST_CODES = Set.of(
            1053, // ER_SERVER_SHUTDOWN
            1927, // MariaDB ER_CONNECTION_KILLED
            2006, // CR_SERVER_GONE_ERROR
            2013, // CR_SERVER_LOST
            3169, // MySQL ER_SESSION_WAS_KILLED
            4031); // MySQL ER_CLIENT_INTERACTION_TIMEOUT: disconnected for inactivity

    /**
     * Drivers that flatten the socket error into their own message. Whole words only, so that a
     * host or schema merely containing the letters does not count.
     */
    private static final Pattern NETWORK_FAILURE_TEXT = Pattern.compile("\\b(refused|timed out)\\b");

    private ErrorClassifier() {
    }

    /**
     * The cause of a failed connect attempt, from the whole chain: a capacity code wherever it
     * appears; then a rejection (authentication, unknown database, TLS) or an unknown host; then a
     * network failure to connect (refused, timed out, cut before the handshake completed); else
     * {@link ConnectCause#OTHER}, which is not retried, because retrying what we do not understand
     * only delays the real error.
     */
    static ConnectCause connectCause(SQLException e) {
        List<Throwable> chain = chain(e);
        for (Throwable t : chain) {
            if (t instanceof SQLException sql && CAPACITY_CODES.contains(sql.getErrorCode())) {
                return ConnectCause.SERVER_FULL;
            }
        }
        boolean cut = chain.stream().anyMatch(ErrorClassifier::isCutByPeer);
        for (Throwable t : chain) {
            if (isRejection(t, cut)) {
                return ConnectCause.REJECTED;
            }
            if (t instanceof UnknownHostException) {
                return ConnectCause.UNKNOWN_HOST;
            }
        }
        return cut || isNetworkFailureToConnect(chain) ? ConnectCause.UNREACHABLE : ConnectCause.OTHER;
    }

    /**
     * A TLS failure is a rejection (the server's certificate or protocol will not change by
     * waiting), unless the connection was cut under the TLS handshake: the JDK reports a peer that
     * vanished mid-handshake as an {@link SSLException} caused by the end of stream or a reset.
     */
    private static boolean isRejection(Throwable t, boolean cut) {
        if (t instanceof SSLException) {
            return !cut;
        }
        return t instanceof SQLException sql
                && (FATAL_CODES.contains(sql.getErrorCode()) || "28000".equals(sql.getSQLState()));
    }

    /**
     * The connection ended before the handshake completed: end of stream (Connector/J "Can not
     * read response from server", MariaDB "unexpected end of stream") or a reset ("Connection
     * reset"), as when the server is killed or restarts while a client connects, or a proxy in
     * front of it has no server to hand the connection to. An outage like a refused connect: the
     * server said nothing that waiting cannot change. (Errors the server did send, such as
     * access denied or too many connections, are decided by their codes before this.)
     */
    private static boolean isCutByPeer(Throwable t) {
        return t instanceof EOFException || (t instanceof SocketException && !(t instanceof ConnectException));
    }

    /**
     * The innermost message of the chain that says something (the driver's own words, usually the
     * socket's "Connection refused"), for messages that put the cause first.
     */
    static String rootMessage(SQLException e) {
        String found = e.getMessage();
        for (Throwable t : chain(e)) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                found = t.getMessage();
            }
        }
        return found;
    }

    private static boolean isNetworkFailureToConnect(List<Throwable> chain) {
        boolean connectionState = false;
        boolean failureText = false;
        for (Throwable t : chain) {
            // The socket's own exception is unambiguous, whatever the driver wrapped it in.
            if (t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                connectionState = true;
            }
            String message = t.getMessage();
            if (message != null && NETWORK_FAILURE_TEXT.matcher(message.toLowerCase(Locale.ROOT)).find()) {
                failureText = true;
            }
        }
        // Text alone is trusted only beside a connection SQLState: "No suitable driver" is 08001
        // too, but says neither word.
        return connectionState && failureText;
    }

    /**
     * Whether a statement failure leaves the connection unusable: SQLState class 08, the JDBC
     * types for a lost connection, or a vendor code for a killed or lost session. Ordinary
     * errors (duplicate key, syntax, deadlock, lock wait timeout, KILL QUERY) leave it usable.
     */
    static boolean isConnectionBroken(SQLException e) {
        for (Throwable t : chain(e)) {
            if (t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && (isConnectionState(sql.getSQLState()) || CONNECTION_LOST_CODES.contains(sql.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }

    /** The first non-zero vendor code in the chain (the exception itself first), or 0. */
    static int vendorCode(SQLException e) {
        for (Throwable t : chain(e)) {
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
                return sql.getErrorCode();
            }
        }
        return 0;
    }

    private static boolean isConnectionState(String sqlState) {
        return sqlState != null && sqlState.startsWith("08");
    }

    /**
     * Every throwable reachable through causes and next exceptions, each once, depth first with
     * the causes of an exception before its next exception. Identity, not equals, tells a
     * visited exception: a chain that loops back on itself must still end.
     */
    static List<Throwable> chain(Throwable first) {
        List<Throwable> seen = new ArrayList<>();
        Set<Throwable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.push(first);
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!visited.add(t)) {
                continue;
            }
            seen.add(t);
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                pending.push(sql.getNextException());
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
        }
        return seen;
    }
}
