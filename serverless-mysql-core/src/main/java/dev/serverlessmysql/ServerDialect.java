package dev.serverlessmysql;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where MySQL and MariaDB differ for housekeeping: the table that holds {@code Threads_connected}
 * and the processlist table to count this user's threads in. Both drivers report the server's
 * version string without a round trip; MariaDB's contains "MariaDB" (Connector/J names the
 * product "MySQL" even then, so the version is what counts).
 *
 * <p>Only the MariaDB path runs against a real server in this project's tests; the MySQL SQL
 * follows the MySQL reference manual.
 */
enum ServerDialect {
    /**
     * MySQL 8.0.22 and later: {@code performance_schema.processlist} lists threads without the
     * global mutex that {@code information_schema.PROCESSLIST} takes; any user may read it and sees
     * its own threads (everyone's with PROCESS). When it is unreadable (performance_schema off, or a
     * revoked grant) housekeeping falls back to {@link #MYSQL}.
     */
    MYSQL_PERFORMANCE_SCHEMA(Sql.MYSQL_THREADS_CONNECTED, Sql.MYSQL_FAILED_CONNECTS, "performance_schema.processlist"),
    /** MySQL 5.7 and 8.0 before 8.0.22: {@code information_schema.GLOBAL_STATUS} is gone, performance_schema has it. */
    MYSQL(Sql.MYSQL_THREADS_CONNECTED, Sql.MYSQL_FAILED_CONNECTS, "information_schema.PROCESSLIST"),
    /**
     * MariaDB: information_schema, readable without privileges. {@code Threads_connected} is a
     * server-wide counter that the session scope shows as it is; reading it there spares the server
     * the sum of every thread's status counters that the global scope computes first (measured on
     * MariaDB 11.4: about a fifth less server CPU per read). {@code Aborted_connects} is another such
     * counter.
     */
    MARIADB("(SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'THREADS_CONNECTED')",
            "(SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS"
                    + " WHERE VARIABLE_NAME = 'ABORTED_CONNECTS')",
            "information_schema.PROCESSLIST");

    private static final Pattern VERSION = Pattern.compile("^(\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})");

    private final String threadsConnectedSubquery;
    private final String failedConnectsSubquery;
    private final String processlistTable;

    ServerDialect(String threadsConnectedSubquery, String failedConnectsSubquery, String processlistTable) {
        this.threadsConnectedSubquery = threadsConnectedSubquery;
        this.failedConnectsSubquery = failedConnectsSubquery;
        this.processlistTable = processlistTable;
    }

    /** A scalar subquery for the server-wide {@code Threads_connected}, as text. */
    String threadsConnectedSubquery() {
        return threadsConnectedSubquery;
    }

    /**
     * A scalar subquery for the server-wide {@code Aborted_connects}: failed connection attempts of
     * any client since the server started, those refused because {@code max_connections} was reached
     * among them. Not {@code Connection_errors_max_connections}: MariaDB 11.4 leaves out of it the
     * refusals at login, which the slot it keeps for an administrator makes the common case (measured:
     * connects refused with 1040 through Connector/J left it at 0). Readable without privileges.
     */
    String failedConnectsSubquery() {
        return failedConnectsSubquery;
    }

    /** The table to count this user's threads in; its columns are ID, USER, COMMAND, TIME on all three. */
    String processlistTable() {
        return processlistTable;
    }

    /** The dialect to use when this one's processlist table cannot be read. */
    ServerDialect fallback() {
        return this == MYSQL_PERFORMANCE_SCHEMA ? MYSQL : this;
    }

    static ServerDialect of(DatabaseMetaData metaData) throws SQLException {
        return of(metaData.getDatabaseProductName(), metaData.getDatabaseProductVersion());
    }

    static ServerDialect of(String productName, String productVersion) {
        String both = (productName + " " + productVersion).toLowerCase(Locale.ROOT);
        if (both.contains("mariadb")) {
            return MARIADB;
        }
        Matcher version = VERSION.matcher(productVersion == null ? "" : productVersion.trim());
        if (version.find()) {
            int major = Integer.parseInt(version.group(1));
            int minor = Integer.parseInt(version.group(2));
            int patch = Integer.parseInt(version.group(3));
            boolean atLeast8022 = major > 8 || (major == 8 && (minor > 0 || patch >= 22));
            if (atLeast8022) {
                return MYSQL_PERFORMANCE_SCHEMA;
            }
        }
        return MYSQL;
    }

    private static final class Sql {
        static final String MYSQL_THREADS_CONNECTED = "(SELECT VARIABLE_VALUE FROM performance_schema.global_status"
                + " WHERE VARIABLE_NAME = 'Threads_connected')";
        static final String MYSQL_FAILED_CONNECTS = "(SELECT VARIABLE_VALUE FROM performance_schema.global_status"
                + " WHERE VARIABLE_NAME = 'Aborted_connects')";
    }
}
