package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.RoundTripsIT.RoundTripCounter;
import dev.serverlessmysql.RoundTripsIT.RoundTrips;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * A thawed connection checked by its lease's first call instead of a ping before it: a
 * transaction's first statement ({@code START TRANSACTION}, {@code BEGIN}) or
 * {@code setAutoCommit(false)} stands in for the ping, and a connection that died while idle is
 * replaced under it without the caller seeing a failure; any other first call pings first.
 */
@MySqlTest
class ThawProbeIT {

    private static final Duration THRESHOLD = Duration.ofMillis(200);

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void aTransactionsFirstStatementStandsInForThePing(String driver, TestDatabase db, MySqlTestServer server)
            throws Exception {
        TestDatabase user = db.newUser();
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = builder(user, driver).listener(listener).build();
             RoundTripCounter counter = new RoundTripCounter(server)) {
            long first = connectionId(dataSource);
            idle();
            RoundTrips trips = counter.around(() -> {
                try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute("START TRANSACTION");
                    assertThat(TestDatabase.queryLong(connection, "SELECT CONNECTION_ID()")).isEqualTo(first);
                    statement.execute("COMMIT");
                }
            });
            System.out.printf("ThawProbeIT: %s, START TRANSACTION after an idle gap: %s%n", driver, trips);
            assertThat(trips.pings()).as("no ping: START TRANSACTION checked the connection").isZero();
            assertThat(trips.statements()).isEqualTo(3);
            assertThat(dataSource.stats().thaws()).isEqualTo(1);
            assertThat(dataSource.stats().thawFailures()).isZero();
            assertThat(listener.events).contains("thaw true");

            idle();
            trips = counter.around(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    // As Spring's transaction manager begins one: the driver answers the first locally.
                    if (connection.getAutoCommit()) {
                        connection.setAutoCommit(false);
                    }
                    assertThat(TestDatabase.queryLong(connection, "SELECT CONNECTION_ID()")).isEqualTo(first);
                    connection.commit();
                }
            });
            System.out.printf("ThawProbeIT: %s, setAutoCommit(false) after an idle gap: %s%n", driver, trips);
            assertThat(trips.pings()).as("no ping: setAutoCommit(false) checked the connection").isZero();
            assertThat(dataSource.stats().thaws()).isEqualTo(2);

            idle();
            trips = counter.around(() -> assertThat(connectionId(dataSource)).isEqualTo(first));
            assertThat(trips.pings()).as("any other first statement: the ping first").isEqualTo(1);
            assertThat(dataSource.stats().thawFailures()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void aConnectionKilledWhileIdleIsReplacedUnderTheTransactionsFirstStatement(String driver, TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        createTable(user);
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = builder(user, driver).listener(listener).build()) {
            long first = connectionId(dataSource);
            user.killThread(first);
            user.awaitThreadGone(first);
            idle();

            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("START TRANSACTION");
                assertThat(TestDatabase.queryLong(connection, "SELECT CONNECTION_ID()")).isNotEqualTo(first);
                statement.execute("INSERT INTO probe_rows VALUES (1)");
                assertThat(countFromAnotherConnection(user)).as("in the transaction begun on the new connection").isZero();
                statement.execute("COMMIT");
            }
            assertThat(countFromAnotherConnection(user)).isEqualTo(1);
            assertThat(dataSource.stats().thawFailures()).isEqualTo(1);
            assertThat(listener.events).containsSubsequence("thaw false", "released DEAD_ON_THAW", "connected 1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void aConnectionKilledWhileIdleIsReplacedUnderSetAutoCommitFalse(String driver, TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        createTable(user);
        try (ServerlessMySqlDataSource dataSource = builder(user, driver).build()) {
            long first = connectionId(dataSource);
            user.killThread(first);
            user.awaitThreadGone(first);
            idle();

            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                assertThat(TestDatabase.queryLong(connection, "SELECT CONNECTION_ID()")).isNotEqualTo(first);
                TestDatabase.execute(connection, "INSERT INTO probe_rows VALUES (1)");
                assertThat(countFromAnotherConnection(user)).as("autocommit off on the new connection").isZero();
                connection.commit();
            }
            assertThat(countFromAnotherConnection(user)).isEqualTo(1);
            assertThat(dataSource.stats().thawFailures()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void aLeaseThatNeverReachedTheServerLeavesTheCheckToTheNext(String driver, TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        try (ServerlessMySqlDataSource dataSource = builder(user, driver).build()) {
            long first = connectionId(dataSource);
            idle();
            try (Connection unused = dataSource.getConnection()) {
                assertThat(unused.isClosed()).isFalse();
            }
            user.killThread(first);
            user.awaitThreadGone(first);

            // Leased again at once, within the thaw threshold: the check the last lease left undone comes first.
            long second = connectionId(dataSource);
            assertThat(second).isNotEqualTo(first);
            assertThat(dataSource.stats().thawFailures()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void aStatementOtherThanBeginningATransactionPingsFirstAndRunsOnTheNewConnection(String driver, TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        try (ServerlessMySqlDataSource dataSource = builder(user, driver).build()) {
            long first = connectionId(dataSource);
            user.killThread(first);
            user.awaitThreadGone(first);
            idle();
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                // Made while the check was owed, used for something else first: moved to the new connection.
                assertThat(statement.execute("SELECT CONNECTION_ID()")).isTrue();
                try (var rows = statement.getResultSet()) {
                    rows.next();
                    assertThat(rows.getLong(1)).isNotEqualTo(first);
                }
                assertThat(statement.getConnection()).isSameAs(connection);
            }
            assertThat(dataSource.stats().thawFailures()).isEqualTo(1);
        }
    }

    private static ServerlessMySqlConfig.Builder builder(TestDatabase user, String driver) {
        return RoundTripsIT.builder(user, driver).zombieEnabled(false).thawThreshold(THRESHOLD);
    }

    private static void createTable(TestDatabase user) throws Exception {
        try (Connection connection = user.connect()) {
            TestDatabase.execute(connection, "DROP TABLE IF EXISTS probe_rows");
            TestDatabase.execute(connection, "CREATE TABLE probe_rows (id INT PRIMARY KEY)");
        }
    }

    private static long connectionId(ServerlessMySqlDataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return TestDatabase.connectionId(connection);
        }
    }

    private static long countFromAnotherConnection(TestDatabase user) throws Exception {
        try (Connection other = user.connect()) {
            return TestDatabase.queryLong(other, "SELECT COUNT(*) FROM probe_rows");
        }
    }

    /** Idle past the thaw threshold. */
    private static void idle() {
        HousekeepingFixture.sleep(THRESHOLD.multipliedBy(2));
    }
}
