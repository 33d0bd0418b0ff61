package dev.serverlessmysql;

import static dev.serverlessmysql.LeaseIT.builderFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/** endInvocation() as a function sees it, through the DataSource. */
@MySqlTest
class EndInvocationIT {

    @Test
    void belowTheThresholdTheConnectionIsKeptForTheNextInvocation(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
            }
            dataSource.endInvocation();

            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(connection)).isEqualTo(first);
            }
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(1);
            assertThat(dataSource.stats().housekeepingStatements()).isPositive();
            assertThat(dataSource.stats().lastLimit()).isPositive();
            assertThat(dataSource.stats().connected()).isTrue();
        }
    }

    @Test
    void overTheThresholdWithNothingKillableTheOwnConnectionIsClosedAndTheNextLeaseReconnects(TestDatabase db,
            MySqlTestServer server) throws Exception {
        RecordingListener listener = new RecordingListener();
        TestDatabase otherUser = db.newUser();
        try (var restore = server.setGlobal("max_connections", 10);
             // With the own connection, 9 of 10: over the 0.8 threshold, one slot left for the test's admin queries.
             IdleConnections othersZombies = otherUser.fillServer(2);
             ServerlessMySqlDataSource dataSource = builderFor(db).listener(listener).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
            }
            othersZombies.awaitSleeping(Duration.ofSeconds(3));
            // Counted per user: the server-wide Threads_connected also counts threads that are still
            // going away (an earlier test's, the last admin query's) and drops them a moment after
            // the processlist does, so a before/after difference of it is not exact.
            List<Long> before = HousekeepingFixture.threadIds(db);

            dataSource.endInvocation();

            db.awaitThreadGone(first);
            // The own connection closed and none opened instead (a connection of an earlier test of
            // this class may still be going away, so the rest is a subset, not equal).
            assertThat(HousekeepingFixture.threadIds(db)).doesNotContain(first).isSubsetOf(before);
            assertThat(listener.events).contains("released SERVER_BUSY").noneMatch(e -> e.startsWith("killed"));
            assertThat(dataSource.stats().releasedUnderPressure()).isEqualTo(1);
            assertThat(dataSource.stats().connected()).isFalse();
            assertThat(otherUser.threads()).hasSize(othersZombies.size());

            othersZombies.release(2);
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(connection)).isNotEqualTo(first);
            }
        }
    }

    @Test
    void withZombieHandlingOffEndInvocationSendsNoStatement(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).zombieEnabled(false).build()) {
            try (Connection connection = dataSource.getConnection()) {
                TestDatabase.connectionId(connection);
            }
            for (int i = 0; i < 10; i++) {
                dataSource.endInvocation();
            }
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(10);
            assertThat(dataSource.stats().housekeepingStatements()).isZero();
            assertThat(dataSource.stats().lastLimit()).isEqualTo(-1);
        }
    }

    @Test
    void endInvocationWithoutAConnectionOpensNoneAndSendsNothing(TestDatabase db) {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            dataSource.endInvocation();

            // Connections of earlier tests may linger a moment; one of this DataSource's would not go.
            db.awaitNoThreads();
            assertThat(dataSource.stats().connectionsOpened()).isZero();
            assertThat(dataSource.stats().housekeepingStatements()).isZero();
        }
    }

    @Test
    void endInvocationNeverThrowsEvenWhenTheConnectionDiedUnderIt(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
            }
            db.killThread(first);
            db.awaitThreadGone(first);

            dataSource.endInvocation();

            assertThat(dataSource.stats().housekeepingFailures()).isEqualTo(1);
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(connection)).isNotEqualTo(first);
            }
        }
    }
}
