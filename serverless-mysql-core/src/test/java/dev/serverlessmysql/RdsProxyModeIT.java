package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * RDS Proxy mode against a real server, every statement of a session read from the server's
 * general log. Behind the proxy the DataSource adds no SET to what the driver itself sends at
 * connect (the driver's own, measured on a bare {@code DriverManager} connection, are listed in the
 * docs), and sends no housekeeping statement (processlist, usage, KILL) at invocation end. The same
 * run without proxy mode shows the DataSource's {@code wait_timeout} SET, so the counting sees what
 * it should. The server is MariaDB; Connector/J against MySQL may send other connect-time
 * statements (not verified here).
 */
@MySqlTest
class RdsProxyModeIT {

    private static final Pattern SET = Pattern.compile("(?is)^\\s*(/\\*.*?\\*/\\s*)*SET\\b.*");
    private static final Pattern HOUSEKEEPING = Pattern.compile("(?is).*\\b(processlist|KILL|max_connections"
            + "|threads_connected|GLOBAL_STATUS)\\b.*");

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql:", "jdbc:mariadb:"})
    void behindTheProxyNoSetBeyondTheDriversOwnAndNoHousekeeping(String driver, TestDatabase db) throws Exception {
        List<String> statements = sessionStatements(db, driver, true);
        assertThat(sets(statements)).as("SET statements of the session").isEqualTo(sets(bareDriverStatements(db, driver)));
        assertThat(statements).noneMatch(s -> HOUSEKEEPING.matcher(s).matches());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql:", "jdbc:mariadb:"})
    void withoutTheProxyTheWaitTimeoutSetIsSeen(String driver, TestDatabase db) throws Exception {
        List<String> sets = sets(sessionStatements(db, driver, false));
        sets.removeAll(sets(bareDriverStatements(db, driver)));
        assertThat(sets).singleElement().asString().contains("wait_timeout");
    }

    private static List<String> sets(List<String> statements) {
        List<String> sets = new ArrayList<>(statements);
        sets.removeIf(s -> !SET.matcher(s).matches());
        return sets;
    }

    /** What the driver sends by itself: a bare connection that asks only for its id. */
    private static List<String> bareDriverStatements(TestDatabase db, String driver) throws Exception {
        MySqlTestServer server = db.server();
        try (var output = server.setGlobal("log_output", "TABLE"); var log = server.setGlobal("general_log", 1)) {
            long threadId;
            try (Connection connection = java.sql.DriverManager.getConnection(
                    db.jdbcUrl().replace("jdbc:mysql:", driver), db.username(), db.password())) {
                threadId = TestDatabase.connectionId(connection);
            }
            return logged(server, threadId);
        }
    }

    /** One invocation (connect, a query, invocation end); the statements the server logged for its session. */
    private static List<String> sessionStatements(TestDatabase db, String driver, boolean rdsProxy) throws Exception {
        MySqlTestServer server = db.server();
        try (var output = server.setGlobal("log_output", "TABLE"); var log = server.setGlobal("general_log", 1)) {
            long threadId;
            try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                    .jdbcUrl(db.jdbcUrl().replace("jdbc:mysql:", driver)).username(db.username())
                    .password(db.password()).rdsProxy(rdsProxy).build()) {
                try (Connection connection = dataSource.getConnection()) {
                    threadId = TestDatabase.connectionId(connection);
                }
                dataSource.endInvocation();
                assertThat(dataSource.stats().housekeepingStatements()).isEqualTo(rdsProxy ? 0 : dataSource.stats()
                        .housekeepingStatements());
            }
            return logged(server, threadId);
        }
    }

    private static List<String> logged(MySqlTestServer server, long threadId) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (Connection admin = server.adminConnection(); PreparedStatement query = admin.prepareStatement(
                "SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log WHERE thread_id = ?"
                        + " AND command_type = 'Query' ORDER BY event_time")) {
            query.setLong(1, threadId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    statements.add(rows.getString(1));
                }
            }
        }
        return statements;
    }
}
