package dev.serverlessmysql;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Where MySQL and MariaDB differ for housekeeping: the table that holds {@code Threads_connected}.
 * Both drivers report the server's version string without a round trip; MariaDB's contains
 * "MariaDB" (Connector/J names the product "MySQL" even then, so the version is what counts).
 */
enum ServerDialect {
    /** MySQL 5.7 and 8.x: {@code information_schema.GLOBAL_STATUS} is gone, performance_schema has it. */
    MYSQL("(SELECT VARIABLE_VALUE FROM performance_schema.global_status WHERE VARIABLE_NAME = 'Threads_connected')"),
    /** MariaDB: information_schema, readable without privileges. */
    MARIADB("(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'THREADS_CONNECTED')");

    private final String threadsConnectedSubquery;

    ServerDialect(String threadsConnectedSubquery) {
        this.threadsConnectedSubquery = threadsConnectedSubquery;
    }

    /** A scalar subquery for the server-wide {@code Threads_connected}, as text. */
    String threadsConnectedSubquery() {
        return threadsConnectedSubquery;
    }

    static ServerDialect of(DatabaseMetaData metaData) throws SQLException {
        return of(metaData.getDatabaseProductName(), metaData.getDatabaseProductVersion());
    }

    static ServerDialect of(String productName, String productVersion) {
        String both = (productName + " " + productVersion).toLowerCase(Locale.ROOT);
        return both.contains("mariadb") ? MARIADB : MYSQL;
    }
}
