package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Issue 30 item 10, made deterministic with a listener that holds a housekeeping run right where
 * it gives a connection up and runs a second invocation end meanwhile: while other clients keep
 * being refused, the environment acts once on one usage sample. Without one run at a time both acted on it: each
 * gave a connection up, so the environment lost both (the second run took the first's for the
 * last); had both counted the open connections before either closed one, both would have held a
 * slot back, leaving none, and every later getConnection() would have timed out until close().
 */
@MySqlTest
class HousekeepingRaceIT {

    private static final Duration TTL = Duration.ofSeconds(2);

    @Test
    @Timeout(300)
    void twoInvocationEndsAtOnceLeaveTheEnvironmentAConnectionToServeItsCallers(TestDatabase db, MySqlTestServer server)
            throws Exception {
        HoldAtGiveUp hold = new HoldAtGiveUp();
        RecordingListener events = new RecordingListener();
        try (var restore = server.setGlobal("max_connections", 20);
             ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).maxConnectionsPerEnvironment(2)
                     .connectionUtilization(0.05).usedConnectionsCacheTtl(TTL).usedConnectionsCacheTtlUnderHalf(TTL)
                     .leaseTimeout(Duration.ofSeconds(10)).listener(hold).listener(events).build()) {
            // Three fresh samples, other clients refused before the second and the third: the
            // third is the second in a row that shows them starving.
            for (int round = 1; round <= 3; round++) {
                if (round > 1) {
                    Thread.sleep(TTL.toMillis() + 200);
                    refusedLogins(server, db);
                }
                // Both connections used at once since the last sample: none is closed as excess.
                leaseBothAtOnce(dataSource);
                if (round < 3) {
                    dataSource.endInvocation();
                }
            }
            CountDownLatch secondEnd = hold.arm();
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
                try {
                    await(secondEnd);
                    dataSource.endInvocation();
                } finally {
                    hold.secondDone.countDown();
                }
            }, runnable -> new Thread(runnable, "second-invocation-end").start());

            dataSource.endInvocation();
            second.get(120, TimeUnit.SECONDS);

            // One sample, one connection given up: the other run did not act on the same picture.
            assertThat(dataSource.stats().releasedUnderPressure()).as("connections given to the refused clients: %s",
                    events.events).isEqualTo(1);
            assertThat(dataSource.openConnections()).as("the other connection serves the environment").isEqualTo(1);
            assertThat(dataSource.stats().connectionsHeldBack()).as("at least one slot serves callers").isLessThan(2);
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
            }
        }
    }

    /** Connect attempts that fail (a wrong password): the server's Aborted_connects grows, as when it refuses. */
    private static void refusedLogins(MySqlTestServer server, TestDatabase db) {
        for (int i = 0; i < 3; i++) {
            try {
                server.connect(db.name(), db.username(), "wrong-password").close();
            } catch (SQLException expected) {
                // refused
            }
        }
    }

    private static void leaseBothAtOnce(ServerlessMySqlDataSource dataSource) throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        List<CompletableFuture<Void>> leases = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            leases.add(CompletableFuture.runAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    TestDatabase.connectionId(connection);
                    both.countDown();
                    await(both);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        for (CompletableFuture<Void> lease : leases) {
            lease.get(60, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Once armed: when a run gives a connection up, it starts the second invocation end and holds
     * the run there until that one is over (or a minute passed).
     */
    private static final class HoldAtGiveUp implements ServerlessMySqlListener {
        private final AtomicBoolean armed = new AtomicBoolean();
        private final CountDownLatch secondEnd = new CountDownLatch(1);
        private final CountDownLatch secondDone = new CountDownLatch(1);

        /** Arms the hold; the second invocation end waits for the returned latch and counts down {@link #secondDone}. */
        CountDownLatch arm() {
            armed.set(true);
            return secondEnd;
        }

        @Override
        public void onReleased(ReleaseReason reason) {
            if (reason == ReleaseReason.SERVER_BUSY && armed.compareAndSet(true, false)) {
                secondEnd.countDown();
                try {
                    secondDone.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
