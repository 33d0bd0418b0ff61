package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.RoundTripsIT.RoundTripCounter;
import dev.serverlessmysql.RoundTripsIT.RoundTrips;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Session state a caller leaves behind in SQL (table and named locks, user variables, {@code USE},
 * read-only sessions, {@code sql_mode}, temporary tables) does not reach the next lease, for both
 * drivers: the session is reset in place with {@code COM_RESET_CONNECTION} and the DataSource's
 * own session settings apply again; a lease that left none pays no round trip for it.
 */
@MySqlTest
class SessionResetIT {

    /**
     * The session as the next caller sees it: what the connect set up, and what a caller could
     * change. The collation shows only its character set: Connector/J's own reset sends
     * {@code SET NAMES utf8mb4}, which gives the server's default utf8mb4 collation where the
     * handshake may have asked for another.
     */
    private static final String SESSION = "SELECT CONCAT_WS(' | ', @@character_set_client, @@character_set_connection,"
            + " IFNULL(@@character_set_results, 'NULL'), SUBSTRING_INDEX(@@collation_connection, '_', 1), @@sql_mode,"
            + " @@autocommit,"
            + " @@tx_isolation, @@tx_read_only, @@wait_timeout, @@net_write_timeout, @@time_zone, DATABASE(),"
            + " IFNULL(@tenant, 'no tenant'))";

    @BeforeEach
    void table(TestDatabase db) throws SQLException {
        try (Connection setup = db.connect()) {
            TestDatabase.execute(setup, "CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY) ENGINE=InnoDB");
            TestDatabase.execute(setup, "DELETE FROM notes");
        }
    }

    private static ServerlessMySqlConfig.Builder builder(TestDatabase db, String driver, String urlTail) {
        String url = LeaseIntegrityIT.url(db, driver);
        url += (url.contains("?") ? "&" : "?") + "sessionVariables=net_write_timeout=55" + urlTail;
        return ServerlessMySqlDataSource.builder().jdbcUrl(url).username(db.username()).password(db.password())
                .sessionWaitTimeout(Duration.ofSeconds(77));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void locksVariablesAndSessionSettingsLeftInSqlDoNotReachTheNextLease(String driver, TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builder(db, driver, "").build()) {
            String fresh;
            long id;
            try (Connection first = dataSource.getConnection()) {
                fresh = TestDatabase.queryString(first, SESSION);
                id = TestDatabase.connectionId(first);
            }
            assertThat(fresh).contains(" | 77 | 55 | ").contains(db.name());

            try (Connection careless = dataSource.getConnection()) {
                TestDatabase.execute(careless, "CREATE TEMPORARY TABLE scratch (i INT)");
                TestDatabase.execute(careless, "LOCK TABLES notes WRITE");
                assertThat(TestDatabase.queryLong(careless, "SELECT GET_LOCK('job', 0)")).isEqualTo(1);
                TestDatabase.execute(careless, "SET @tenant = 'acme'");
                TestDatabase.execute(careless, "SET sql_mode = ''");
                TestDatabase.execute(careless, "SET SESSION TRANSACTION READ ONLY");
                TestDatabase.execute(careless, "SET SESSION wait_timeout = 5");
                TestDatabase.execute(careless, "USE information_schema");
            }

            try (Connection other = db.connect()) {
                // Blocked by a table lock left behind, this would wait lock_wait_timeout, then fail.
                TestDatabase.execute(other, "SET SESSION lock_wait_timeout = 5");
                TestDatabase.execute(other, "INSERT INTO notes VALUES (1)");
                assertThat(TestDatabase.queryLong(other, "SELECT GET_LOCK('job', 0)")).as("the named lock was released")
                        .isEqualTo(1);
                TestDatabase.execute(other, "DO RELEASE_LOCK('job')");
            }

            try (Connection next = dataSource.getConnection()) {
                assertThat(TestDatabase.queryString(next, SESSION)).isEqualTo(fresh);
                assertThat(next.getCatalog()).isEqualTo(db.name());
                assertThat(next.getAutoCommit()).isTrue();
                assertThatThrownBy(() -> TestDatabase.queryLong(next, "SELECT COUNT(*) FROM scratch"))
                        .as("the temporary table is gone").isInstanceOf(SQLException.class);
                TestDatabase.execute(next, "INSERT INTO notes VALUES (2)");
                assertThat(TestDatabase.connectionId(next)).as("reset in place, not reconnected").isEqualTo(id);
            }
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void stateLeftInsideAnOpenTransactionIsRolledBackAndReset(String driver, TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builder(db, driver, "").build()) {
            try (Connection careless = dataSource.getConnection()) {
                careless.setAutoCommit(false);
                TestDatabase.execute(careless, "INSERT INTO notes VALUES (1)");
                TestDatabase.execute(careless, "SET @tenant = 'acme'");
                careless.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                careless.setReadOnly(true);
            }
            try (Connection next = dataSource.getConnection()) {
                assertThat(next.getAutoCommit()).isTrue();
                assertThat(next.isReadOnly()).isFalse();
                assertThat(next.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
                assertThat(TestDatabase.queryString(next, "SELECT IFNULL(@tenant, 'no tenant')")).isEqualTo("no tenant");
                assertThat(TestDatabase.queryLong(next, "SELECT COUNT(*) FROM notes")).isZero();
                TestDatabase.execute(next, "INSERT INTO notes VALUES (2)");
            }
            try (Connection other = db.connect()) {
                assertThat(TestDatabase.queryLong(other, "SELECT COUNT(*) FROM notes WHERE id = 2")).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void aLeaseThatLeftNoSessionStatePaysNoRoundTripAndOneThatDidPaysTheReset(String driver, TestDatabase db,
            MySqlTestServer server) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builder(db, driver, "").build();
             Connection raw = DriverManager.getConnection(LeaseIntegrityIT.url(db, driver), db.username(), db.password());
             RoundTripCounter counter = new RoundTripCounter(server)) {
            invoke(dataSource, "SELECT 1");
            for (String sql : List.of("SELECT 1", "INSERT INTO notes VALUES (7)", "UPDATE notes SET id = 8 WHERE id = 7")) {
                // What the driver alone sends for the statement (Connector/J asks whether the session is
                // read-only before DML).
                RoundTrips alone = counter.around(() -> TestDatabase.execute(raw, sql));
                TestDatabase.execute(raw, "DELETE FROM notes");
                RoundTrips leased = counter.around(() -> invoke(dataSource, sql));
                System.out.printf("SessionResetIT: %s: %s alone %s, in a lease %s%n", driver, sql, alone, leased);
                assertThat(leased).as(sql).isEqualTo(alone);
                TestDatabase.execute(raw, "DELETE FROM notes");
            }
            RoundTrips set = counter.around(() -> TestDatabase.execute(raw, "SET @tenant = 'acme'"));
            RoundTrips reset = counter.around(() -> invoke(dataSource, "SET @tenant = 'acme'"));
            System.out.printf("SessionResetIT: %s: SET @tenant alone %s, in a lease with the reset %s%n", driver, set, reset);
            assertThat(reset.pings()).as("COM_RESET_CONNECTION").isEqualTo(1);
            assertThat(reset.total()).as("the statement and the reset").isGreaterThan(set.total() + 1);
            RoundTrips after = counter.around(() -> invoke(dataSource, "SELECT 1"));
            assertThat(after.total()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void aUseOnAConnectionWithoutADatabaseIsUndoneByReplacingTheConnection(String driver, TestDatabase db)
            throws Exception {
        String url = "jdbc:" + driver + "://" + db.server().hostAndPort() + "/"
                + (driver.equals("mysql") ? "?useSSL=false&allowPublicKeyRetrieval=true" : "");
        List<ReleaseReason> released = new CopyOnWriteArrayList<>();
        try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(url)
                .username(db.username()).password(db.password()).listener(recording(released)).build()) {
            try (Connection careless = dataSource.getConnection()) {
                TestDatabase.execute(careless, "USE " + db.name());
            }
            try (Connection next = dataSource.getConnection()) {
                assertThat(TestDatabase.queryString(next, "SELECT IFNULL(DATABASE(), 'none')")).isEqualTo("none");
            }
            assertThat(released).containsExactly(ReleaseReason.SESSION_STATE);
            assertThat(dataSource.stats().brokenConnections()).isZero();
        }
    }

    @Test
    void whereTheDriverCannotResetInPlaceTheConnectionIsReplaced(TestDatabase db) throws Exception {
        List<ReleaseReason> released = new CopyOnWriteArrayList<>();
        ServerlessMySqlConfig.Builder builder = builder(db, "mysql", "&useServerPrepStmts=true&cachePrepStmts=true")
                .listener(recording(released));
        try (ServerlessMySqlDataSource dataSource = builder.build()) {
            long id;
            try (Connection careless = dataSource.getConnection()) {
                id = TestDatabase.connectionId(careless);
                preparedSelect(careless);
                TestDatabase.execute(careless, "SET @tenant = 'acme'");
                assertThat(TestDatabase.queryLong(careless, "SELECT GET_LOCK('job', 0)")).isEqualTo(1);
            }
            assertThat(released).containsExactly(ReleaseReason.SESSION_STATE);
            try (Connection next = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(next)).isNotEqualTo(id);
                assertThat(TestDatabase.queryString(next, "SELECT IFNULL(@tenant, 'no tenant')")).isEqualTo("no tenant");
                assertThat(TestDatabase.queryLong(next, "SELECT IS_FREE_LOCK('job')")).isEqualTo(1);
                preparedSelect(next);
            }
        }
    }

    private static ServerlessMySqlListener recording(List<ReleaseReason> released) {
        return new ServerlessMySqlListener() {
            @Override
            public void onReleased(ReleaseReason reason) {
                released.add(reason);
            }
        };
    }

    private static void preparedSelect(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT ? + 1")) {
            statement.setInt(1, 41);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                assertThat(row.getInt(1)).isEqualTo(42);
            }
        }
    }

    private static void invoke(ServerlessMySqlDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            TestDatabase.execute(connection, sql);
        }
    }
}
