package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * A streaming result left unread when its lease comes back is not read to the end, with either
 * driver: the socket is aborted and the connection replaced. What the server sent on the
 * connection (its {@code Bytes_sent}) shows whether the rows were read: a result of 80 MB, of which
 * the socket buffers can hold a few MB at most.
 */
@MySqlTest
class StreamingCloseIT {

    private static final int ROWS = 80_000;
    private static final int ROW_BYTES = 1_000;
    private static final String BIG_RESULT = "SELECT seq, REPEAT('x', " + ROW_BYTES + ") FROM seq_1_to_" + ROWS;

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb", "mysql/4", "mariadb/4"})
    void anUnreadStreamingResultIsNotReadToTheEndWhenTheLeaseComesBack(String driver, TestDatabase db,
            MySqlTestServer server) throws Exception {
        List<ReleaseReason> released = new CopyOnWriteArrayList<>();
        try (ServerlessMySqlDataSource dataSource = LeaseIntegrityIT.builderFor(db, driver).listener(new ServerlessMySqlListener() {
            @Override
            public void onReleased(ReleaseReason reason) {
                released.add(reason);
            }
        }).build()) {
            long sentBefore = bytesSent(server);
            long id = leaveUnreadStreamingResult(dataSource, driver);
            assertThat(released).containsExactly(ReleaseReason.UNREAD_RESULT);
            db.awaitThreadGone(id);
            long sent = bytesSent(server) - sentBefore;
            assertThat(sent).as("bytes the server sent for a result of %d bytes", (long) ROWS * ROW_BYTES)
                    .isLessThan((long) ROWS * ROW_BYTES / 2);

            try (Connection next = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(next)).isNotEqualTo(id);
                assertThat(TestDatabase.queryLong(next, "SELECT 42")).isEqualTo(42);
            }
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void aNestedConnectionWithAnUnreadStreamingResultIsClosedWithoutReadingIt(String driver, TestDatabase db,
            MySqlTestServer server) throws Exception {
        try (ServerlessMySqlDataSource dataSource = LeaseIntegrityIT.builderFor(db, driver).build();
             Connection outer = dataSource.getConnection()) {
            long sentBefore = bytesSent(server);
            long id = leaveUnreadStreamingResult(dataSource, driver);
            db.awaitThreadGone(id);
            assertThat(bytesSent(server) - sentBefore).isLessThan((long) ROWS * ROW_BYTES / 2);
            assertThat(TestDatabase.queryLong(outer, "SELECT 42")).isEqualTo(42);
        }
    }

    /**
     * Takes a lease (nested when the thread holds one), reads one row of the big result streaming
     * and gives the lease back; returns the server thread id of its connection. Connector/J streams
     * with fetch size MIN_VALUE, the MariaDB driver with any other.
     */
    private static long leaveUnreadStreamingResult(ServerlessMySqlDataSource dataSource, String driver) throws SQLException {
        try (Connection lease = dataSource.getConnection()) {
            long id = TestDatabase.connectionId(lease);
            Statement statement = lease.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(driver.startsWith("mysql") ? Integer.MIN_VALUE : 10);
            ResultSet rows = statement.executeQuery(BIG_RESULT);
            assertThat(rows.next()).isTrue();
            return id;
        }
    }

    /** What the server sent to all clients; nothing else talks to this JVM's test server meanwhile. */
    private static long bytesSent(MySqlTestServer server) throws SQLException {
        try (Connection admin = server.adminConnection()) {
            return TestDatabase.queryLong(admin, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                    + " WHERE VARIABLE_NAME = 'BYTES_SENT'");
        }
    }
}
