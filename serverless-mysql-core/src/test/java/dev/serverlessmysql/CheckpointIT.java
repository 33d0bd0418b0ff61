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

    @Test
    void twoInstancesRestoredFromTheSameSeedDrawDifferentJitter(TestDatabase db) {
        try (ServerlessMySqlDataSource a = builderFor(db).jitterSeed(42).build();
             ServerlessMySqlDataSource b = builderFor(db).jitterSeed(42).build()) {
            assertThat(draws(a)).isEqualTo(draws(b));

            a.afterRestore();
            b.afterRestore();

            assertThat(draws(a)).isNotEqualTo(draws(b));
        }
    }

    private static List<Duration> draws(ServerlessMySqlDataSource dataSource) {
        List<Duration> delays = new ArrayList<>();
        for (int attempt = 0; attempt < 20; attempt++) {
            delays.add(dataSource.sampleBackoff(attempt, Duration.ZERO));
        }
        return delays;
    }
}
