package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/**
 * A returned lease is inert and nothing of one lease reaches the next, for both drivers: the
 * objects a caller reached through a lease, what the caller left open, the transaction it left
 * behind however it was begun, and the session settings it changed.
 */
@MySqlTest
class LeaseIntegrityIT {

    /** {@code mysql} or {@code mariadb}, with {@code /N} for N connections per environment. */
    static String url(TestDatabase db, String driver) {
        return driver.startsWith("mariadb")
                ? "jdbc:mariadb://" + db.server().hostAndPort() + "/" + db.name()
                : db.jdbcUrl();
    }

    static ServerlessMySqlConfig.Builder builderFor(TestDatabase db, String driver) {
        int slash = driver.indexOf('/');
        int connections = slash < 0 ? 1 : Integer.parseInt(driver.substring(slash + 1));
        return ServerlessMySqlDataSource.builder().jdbcUrl(url(db, driver)).username(db.username()).password(db.password())
                .maxConnectionsPerEnvironment(connections);
    }

    @BeforeEach
    void freshTable(TestDatabase db) throws SQLException {
        try (Connection setup = db.connect()) {
            TestDatabase.execute(setup, "CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY) ENGINE=InnoDB");
            TestDatabase.execute(setup, "DELETE FROM notes");
            TestDatabase.execute(setup, "CREATE PROCEDURE IF NOT EXISTS commit_it() COMMIT");
        }
    }

    private static long committedNotes(TestDatabase db, String where) throws SQLException {
        try (Connection other = db.connect()) {
            return TestDatabase.queryLong(other, "SELECT COUNT(*) FROM notes WHERE " + where);
        }
    }

    // --- 1. a transaction begun in SQL is rolled back on return, and the next caller's autocommit holds

    @ParameterizedTest
    @ValueSource(strings = {"mysql:START TRANSACTION", "mysql:BEGIN", "mysql:SET autocommit=0",
            "mariadb:START TRANSACTION", "mariadb:BEGIN", "mariadb:SET autocommit=0"})
    void aTransactionBegunInSqlIsRolledBackAndTheNextAutocommitInsertIsCommitted(String driverAndBegin, TestDatabase db)
            throws Exception {
        String driver = driverAndBegin.substring(0, driverAndBegin.indexOf(':'));
        String begin = driverAndBegin.substring(driverAndBegin.indexOf(':') + 1);
        try (ServerlessMySqlDataSource dataSource = builderFor(db, driver).build()) {
            try (Connection first = dataSource.getConnection(); Statement statement = first.createStatement()) {
                statement.execute(begin);
                statement.execute("INSERT INTO notes VALUES (1)");
            }
            try (Connection second = dataSource.getConnection(); Statement statement = second.createStatement()) {
                assertThat(second.getAutoCommit()).isTrue();
                statement.execute("INSERT INTO notes VALUES (2)");
            }

            assertThat(committedNotes(db, "id = 1")).as("the abandoned transaction's row").isZero();
            assertThat(committedNotes(db, "id = 2")).as("the next caller's autocommit insert").isEqualTo(1);
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb", "mysql/4", "mariadb/4"})
    void workLeftUncommittedThroughJdbcIsRolledBackAndAutocommitRestored(String driver, TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db, driver).build()) {
            try (Connection first = dataSource.getConnection()) {
                first.setAutoCommit(false);
                TestDatabase.execute(first, "INSERT INTO notes VALUES (1)");
            }
            try (Connection second = dataSource.getConnection()) {
                assertThat(second.getAutoCommit()).isTrue();
                assertThat(TestDatabase.queryLong(second, "SELECT @@autocommit")).isEqualTo(1);
                TestDatabase.execute(second, "INSERT INTO notes VALUES (2)");
            }
            assertThat(committedNotes(db, "id = 1")).isZero();
            assertThat(committedNotes(db, "id = 2")).isEqualTo(1);
        }
    }

    // --- 2. stale objects of a returned lease never reach the next holder's session

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb", "mysql/4", "mariadb/4"})
    void aStatementKeptAfterCloseCannotCommitTheNextHoldersTransaction(String driver, TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db, driver).build()) {
            Statement stale;
            PreparedStatement stalePrepared;
            CallableStatement staleCallable;
            try (Connection first = dataSource.getConnection()) {
                stale = first.createStatement();
                stalePrepared = first.prepareStatement("COMMIT");
                staleCallable = first.prepareCall("{call commit_it()}");
            }
            try (Connection second = dataSource.getConnection()) {
                second.setAutoCommit(false);
                TestDatabase.execute(second, "INSERT INTO notes VALUES (1)");

                assertInert(() -> stale.execute("COMMIT"));
                assertInert(stalePrepared::execute);
                assertInert(staleCallable::execute);

                second.rollback();
            }
            assertThat(committedNotes(db, "id = 1")).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb", "mysql/4", "mariadb/4"})
    void everyObjectLeadsBackToTheLeaseAndNoneHandsOutTheDriversConnectionAfterReturn(String driver, TestDatabase db)
            throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db, driver).build()) {
            Connection lease = dataSource.getConnection();
            Statement statement = lease.createStatement();
            PreparedStatement prepared = lease.prepareStatement("INSERT INTO notes VALUES (?)",
                    Statement.RETURN_GENERATED_KEYS);
            ResultSet rows = statement.executeQuery("SELECT 1");
            DatabaseMetaData metaData = lease.getMetaData();
            ResultSet tables = metaData.getTables(db.name(), null, "notes", null);
            prepared.setInt(1, 7);
            prepared.executeUpdate();
            ResultSet keys = prepared.getGeneratedKeys();
            statement.execute("SELECT 2");
            ResultSet current = statement.getResultSet();

            assertThat(statement.getConnection()).isSameAs(lease);
            assertThat(prepared.getConnection()).isSameAs(lease);
            assertThat(rows.getStatement()).isSameAs(statement);
            assertThat(keys.getStatement()).isSameAs(prepared);
            assertThat(current.getStatement()).isSameAs(statement);
            assertThat(statement.getResultSet()).isSameAs(current);
            assertThat(metaData.getConnection()).isSameAs(lease);
            assertThat(lease.getMetaData()).isSameAs(metaData);
            assertThat(lease.unwrap(Connection.class)).isSameAs(lease);
            assertThat(statement.unwrap(Statement.class)).isSameAs(statement);
            Statement tablesStatement = tables.getStatement();
            if (tablesStatement != null) {
                assertThat(tablesStatement.getConnection()).isSameAs(lease);
            }
            Connection driverConnection = lease.unwrap(physicalType(lease));
            assertThat(driverConnection).isNotSameAs(lease);
            assertThat(lease.toString()).startsWith("ServerlessMySql lease@").doesNotContain("returned");

            lease.close();

            assertThat(lease.toString()).endsWith(" (returned)");

            for (AutoCloseable object : List.<AutoCloseable>of(statement, prepared, rows, keys, current, tables)) {
                assertThat(isClosed(object)).as("%s after the lease was returned", object).isTrue();
            }
            assertInert(() -> lease.unwrap(physicalType(driverConnection)));
            assertInert(() -> statement.unwrap(Statement.class));
            assertInert(() -> lease.isWrapperFor(Connection.class));
            assertInert(() -> statement.isWrapperFor(Statement.class));
            assertInert(statement::getConnection);
            assertInert(prepared::getConnection);
            assertInert(rows::getStatement);
            assertInert(rows::next);
            assertInert(metaData::getConnection);
            assertInert(() -> metaData.getTables(db.name(), null, "notes", null));
            assertInert(() -> statement.executeQuery("SELECT 1"));
            assertThat(driverConnection.isClosed()).as("the physical connection is kept").isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb", "mysql/4", "mariadb/4"})
    void closesInAnyOrderAndTwiceAreHarmless(String driver, TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db, driver).build()) {
            Connection lease = dataSource.getConnection();
            Statement statement = lease.createStatement();
            ResultSet rows = statement.executeQuery("SELECT 1");
            statement.close();
            statement.close();
            rows.close();
            lease.close();
            lease.close();
            rows.close();
            statement.close();

            Connection second = dataSource.getConnection();
            PreparedStatement prepared = second.prepareStatement("SELECT 1");
            ResultSet more = prepared.executeQuery();
            second.close();
            more.close();
            prepared.close();
            assertThat(more.isClosed()).isTrue();
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
            assertThat(dataSource.stats().brokenConnections()).isZero();
        }
    }

    // --- 3. what a caller left open is closed on return

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb", "mysql/4", "mariadb/4"})
    void statementsLeftOpenAreClosedWithTheLease(String driver, TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db, driver).build()) {
            Statement raw;
            ResultSet rawRows;
            try (Connection lease = dataSource.getConnection()) {
                Statement statement = lease.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1");
                raw = rawStatement(statement);
                rawRows = rawResultSet(rows);
            }
            assertThat(raw.isClosed()).as("the driver's statement").isTrue();
            assertThat(rawRows.isClosed()).as("the driver's result set").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb", "mysql/4", "mariadb/4"})
    void anUnreadStreamingResultDoesNotBreakTheNextInvocation(String driver, TestDatabase db) throws Exception {
        try (Connection setup = db.connect()) {
            TestDatabase.execute(setup, "INSERT INTO notes WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL"
                    + " SELECT i + 1 FROM n WHERE i < 900) SELECT i FROM n");
        }
        try (ServerlessMySqlDataSource dataSource = builderFor(db, driver).build()) {
            try (Connection lease = dataSource.getConnection()) {
                ResultSet rows = streaming(lease, driver, "SELECT a.id FROM notes a, notes b");
                assertThat(rows.next()).isTrue();
            }
            try (Connection next = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(next, "SELECT 42")).isEqualTo(42);
            }
            try (Connection third = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(third, "SELECT COUNT(*) FROM notes")).isEqualTo(900);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb", "mysql/4", "mariadb/4"})
    void aStreamingResultReadToTheEndKeepsTheConnection(String driver, TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db, driver).build()) {
            try (Connection lease = dataSource.getConnection()) {
                ResultSet rows = streaming(lease, driver, "SELECT 1 UNION ALL SELECT 2");
                while (rows.next()) {
                    rows.getInt(1);
                }
            }
            assertTheConnectionIsKept(dataSource);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void aStreamingResultItsCallerClosedBeforeTheEndKeepsTheConnection(String driver, TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db, driver).build()) {
            try (Connection lease = dataSource.getConnection()) {
                ResultSet rows = streaming(lease, driver, "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3");
                assertThat(rows.next()).isTrue();
                rows.close();
            }
            assertTheConnectionIsKept(dataSource);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb", "mysql/4", "mariadb/4"})
    void serverSidePreparedStatementsLeftOpenDoNotPileUp(String driver, TestDatabase db) throws Exception {
        String serverPrepared = driver.startsWith("mysql") ? "&useServerPrepStmts=true&cachePrepStmts=false"
                : "?useServerPrepStmts=true&cachePrepStmts=false";
        ServerlessMySqlConfig.Builder builder = builderFor(db, driver).jdbcUrl(url(db, driver) + serverPrepared);
        try (ServerlessMySqlDataSource dataSource = builder.build()) {
            long ownThread;
            try (Connection warmUp = dataSource.getConnection()) {
                ownThread = TestDatabase.connectionId(warmUp);
            }
            long before = preparedStatementCount(db);
            for (int invocation = 0; invocation < 5; invocation++) {
                try (Connection lease = dataSource.getConnection()) {
                    for (int i = 0; i < 20; i++) {
                        PreparedStatement statement = lease.prepareStatement("SELECT ? + " + i);
                        statement.setInt(1, invocation);
                        statement.executeQuery().next();
                    }
                }
            }
            try (Connection lease = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(lease)).isEqualTo(ownThread);
            }
            assertThat(preparedStatementCount(db)).isEqualTo(before);
        }
    }

    /** The server-wide count of server-side prepared statements (tests of a JVM run one at a time). */
    private static long preparedStatementCount(TestDatabase db) throws SQLException {
        try (Connection admin = db.server().adminConnection();
             Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'")) {
            row.next();
            return row.getLong(2);
        }
    }

    // --- 4. session settings changed through JDBC are reset

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb", "mysql/4", "mariadb/4"})
    void networkTimeoutIsolationAndReadOnlyAreResetOnReturn(String driver, TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db, driver).build()) {
            int timeout;
            int isolation;
            try (Connection lease = dataSource.getConnection()) {
                timeout = lease.getNetworkTimeout();
                isolation = lease.getTransactionIsolation();
                lease.setNetworkTimeout(Runnable::run, 4321);
                lease.setTransactionIsolation(isolation == Connection.TRANSACTION_SERIALIZABLE
                        ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_SERIALIZABLE);
                lease.setReadOnly(true);
                assertThat(lease.getNetworkTimeout()).isEqualTo(4321);
            }
            try (Connection next = dataSource.getConnection()) {
                assertThat(next.getNetworkTimeout()).isEqualTo(timeout);
                assertThat(next.getTransactionIsolation()).isEqualTo(isolation);
                assertThat(next.isReadOnly()).isFalse();
                TestDatabase.execute(next, "INSERT INTO notes VALUES (1)");
            }
            assertThat(committedNotes(db, "id = 1")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb", "mysql/4", "mariadb/4"})
    void theCatalogIsResetOnReturn(String driver, TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db, driver).build()) {
            try (Connection lease = dataSource.getConnection()) {
                lease.setCatalog("information_schema");
                assertThat(lease.getCatalog()).isEqualToIgnoringCase("information_schema");
            }
            try (Connection next = dataSource.getConnection()) {
                assertThat(next.getCatalog()).isEqualTo(db.name());
                assertThat(TestDatabase.queryLong(next, "SELECT COUNT(*) FROM notes")).isZero();
            }
        }
    }

    // --- helpers

    /** A streaming result set: Connector/J streams with fetch size MIN_VALUE, the MariaDB driver with any other. */
    private static ResultSet streaming(Connection lease, String driver, String sql) throws SQLException {
        Statement statement = lease.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(driver.startsWith("mysql") ? Integer.MIN_VALUE : 10);
        return statement.executeQuery(sql);
    }

    private static void assertTheConnectionIsKept(ServerlessMySqlDataSource dataSource) throws SQLException {
        try (Connection next = dataSource.getConnection()) {
            assertThat(TestDatabase.queryLong(next, "SELECT 42")).isEqualTo(42);
        }
        assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
    }

    private static void assertInert(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
    }

    private static boolean isClosed(AutoCloseable closeable) {
        try {
            if (closeable instanceof Statement statement) {
                return statement.isClosed();
            }
            return ((ResultSet) closeable).isClosed();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The driver's own connection class, reached through unwrap while the lease is held. */
    private static Class<? extends Connection> physicalType(Connection connection) throws SQLException {
        return connection.isWrapperFor(com.mysql.cj.jdbc.JdbcConnection.class)
                ? com.mysql.cj.jdbc.JdbcConnection.class : org.mariadb.jdbc.Connection.class;
    }

    private static Statement rawStatement(Statement statement) throws SQLException {
        Class<? extends Statement> type = statement.isWrapperFor(com.mysql.cj.jdbc.JdbcStatement.class)
                ? com.mysql.cj.jdbc.JdbcStatement.class : org.mariadb.jdbc.Statement.class;
        return statement.unwrap(type);
    }

    private static ResultSet rawResultSet(ResultSet rows) throws SQLException {
        Class<? extends ResultSet> type = rows.isWrapperFor(com.mysql.cj.jdbc.result.ResultSetInternalMethods.class)
                ? com.mysql.cj.jdbc.result.ResultSetInternalMethods.class : org.mariadb.jdbc.client.result.Result.class;
        return rows.unwrap(type);
    }
}
