package dev.serverlessmysql;

import static dev.serverlessmysql.LeaseIT.builderFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

@MySqlTest
class CheckpointIT {

    @Test
    void theConnectionIsClosedBeforeACheckpointAndReopenedLazilyAfterRestore(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = builderFor(db).listener(listener).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
            }

            dataSource.beforeCheckpoint();

            assertThat(dataSource.stats().connected()).isFalse();
            db.awaitThreadGone(first);
            assertThat(listener.events).contains("released CHECKPOINT");

            dataSource.afterRestore();

            assertThat(db.threads()).isEmpty();
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(connection)).isNotEqualTo(first);
            }
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(2);
        }
    }

    /**
     * The jitter a DataSource draws between connect retries, seen through its listener: the same
     * seed draws the same delays, and each restore reseeds, so restored clones draw apart.
     */
    @Test
    void twoInstancesRestoredFromTheSameSeedDrawDifferentJitter() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RetryDelays delaysOfA = new RetryDelays();
        RetryDelays delaysOfB = new RetryDelays();
        try (ServerlessMySqlDataSource a = unreachable(closedPort).listener(delaysOfA).build();
             ServerlessMySqlDataSource b = unreachable(closedPort).listener(delaysOfB).build()) {
            assertThat(delaysOfA.of(a)).isEqualTo(delaysOfB.of(b));

            a.afterRestore();
            b.afterRestore();

            assertThat(delaysOfA.of(a)).isNotEqualTo(delaysOfB.of(b));
        }
    }

    private static ServerlessMySqlConfig.Builder unreachable(int closedPort) {
        return ServerlessMySqlDataSource.builder()
                .jdbcUrl("jdbc:mysql://127.0.0.1:" + closedPort + "/app").username("app").password("secret")
                .leaseTimeout(Duration.ofSeconds(30)).retryBase(Duration.ofMillis(1)).retryCap(Duration.ofMillis(2))
                // Five draws per getConnection(), whatever the machine's speed: both stay in step.
                .maxRetries(5).jitterSeed(42);
    }

    /** The delays a DataSource draws between the retries of a getConnection() that cannot connect. */
    private static final class RetryDelays implements ServerlessMySqlListener {
        private final List<Duration> delays = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onRetry(int attempt, Duration delay, java.sql.SQLException cause) {
            delays.add(delay);
        }

        /** The five delays of one getConnection(). */
        List<Duration> of(ServerlessMySqlDataSource dataSource) {
            delays.clear();
            try {
                dataSource.getConnection().close();
                throw new AssertionError("connected to a closed port");
            } catch (java.sql.SQLException expected) {
                // the retries ran out
            }
            assertThat(delays).hasSize(5);
            return new ArrayList<>(delays);
        }
    }
}
