package dev.serverlessmysql;

import static dev.serverlessmysql.LeaseIT.builderFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.serverlessmysql.test.Await;
import dev.serverlessmysql.test.CapturedOutput;
import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * README claims that had no test of their own: a limit reached for all of {@code lease-timeout},
 * the per-account limit (1226) retried against the real server, the {@code max-kills-per-invocation}
 * cap, a {@code socketTimeout} in the URL winning over the handshake bound, a connection past its
 * session {@code wait_timeout} replaced without a ping, no thread of its own, and the housekeeping
 * failure logged once at WARN.
 */
@MySqlTest
class DocumentedClaimsIT {

    @Test
    @Timeout(120)
    void aLimitThatStaysReachedForTheWholeLeaseTimeoutFailsAsFullNamingTheLeaseTimeout(TestDatabase db)
            throws Exception {
        // The account's own limit, held by a connection of its own: nothing else on the server can
        // free the slot (a server-wide fill leaks slots when earlier tests' threads finish closing).
        TestDatabase user = userLimitedTo(db, 1);
        try (IdleConnections holder = user.openIdleConnections(1);
             ServerlessMySqlDataSource dataSource = builderFor(user).leaseTimeout(Duration.ofSeconds(2)).build()) {
            // No retry count is set: only the lease timeout ends the retries.
            assertThatThrownBy(dataSource::getConnection).isInstanceOfSatisfying(SQLTransientConnectionException.class,
                    e -> {
                        assertThat(e.getMessage()).contains("serverless.mysql.lease-timeout (2s)")
                                .contains("the server is full").doesNotContain("retry.max-retries")
                                .doesNotContain("unreachable");
                        assertThat(e.getErrorCode()).isEqualTo(1226);
                    });
            assertThat(dataSource.stats().connectRetries()).isPositive();
            assertThat(dataSource.stats().connectFailures()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(120)
    void thePerAccountConnectionLimitIsRetriedUntilASlotIsFree(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        TestDatabase user = userLimitedTo(db, 1);
        try (IdleConnections holder = user.openIdleConnections(1);
             ServerlessMySqlDataSource dataSource = builderFor(user).listener(listener).build()) {
            CompletableFuture<Long> lease = CompletableFuture.supplyAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    return TestDatabase.connectionId(connection);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until("two retries on the per-account limit", Duration.ofSeconds(30),
                    () -> listener.count("retry") >= 2);
            assertThat(lease).isNotDone();

            holder.release(1);

            assertThat(lease.get(60, TimeUnit.SECONDS)).isPositive();
            assertThat(listener.retryCauses).isNotEmpty()
                    .allSatisfy(cause -> assertThat(cause.getErrorCode()).isEqualTo(1226));
        }
    }

    @Test
    @Timeout(120)
    void housekeepingKillsNoMoreThanMaxKillsPerInvocation(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        TestDatabase user = userLimitedTo(db, 10);
        Duration minTimeout = Duration.ofSeconds(1);
        // 9 zombies and the own connection: 10 of 10, two over the 0.8 threshold; the cap allows one.
        try (IdleConnections zombies = user.openIdleConnections(9);
             ServerlessMySqlDataSource dataSource = builderFor(user).zombieMinTimeout(minTimeout)
                     .zombieMaxKillsPerInvocation(1).listener(listener).build()) {
            leaseOnce(dataSource);
            zombies.awaitSleeping(minTimeout);

            dataSource.endInvocation();

            assertThat(listener.events).filteredOn(e -> e.startsWith("killed")).hasSize(1);
            // On the server, too, one zombie is gone and the other eight are left.
            Await.until("one zombie to leave the processlist", Duration.ofSeconds(30),
                    () -> user.threads().stream().filter(t -> zombies.threadIds().contains(t.id())).count() == 8);
        }
    }

    @Test
    @Timeout(120)
    void aSocketTimeoutInTheUrlStaysOnTheConnectionAfterTheHandshake(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).jdbcUrl(db.jdbcUrl() + "&socketTimeout=1000")
                .build()) {
            try (Connection connection = dataSource.getConnection()) {
                SQLException failure = catchThrowableOfType(
                        () -> TestDatabase.queryLong(connection, "SELECT SLEEP(10)"), SQLException.class);
                assertThat((Throwable) failure).as("the URL's socketTimeout ended the statement").isNotNull();
                Throwable timeout = failure;
                while (timeout != null && !(timeout instanceof SocketTimeoutException)) {
                    timeout = timeout.getCause();
                }
                assertThat(timeout).as("a SocketTimeoutException among the causes of " + failure).isNotNull();
            }
        }
    }

    @Test
    @Timeout(120)
    void aConnectionIdlePastItsSessionWaitTimeoutIsKnownDeadAndReplacedWithoutAPing(TestDatabase db,
            MySqlTestServer server) throws Exception {
        // Housekeeping off: a thaw check is then always a ping, never the usage query.
        try (ServerlessMySqlDataSource dataSource = builderFor(db).housekeepingEnabled(false)
                .sessionWaitTimeout(Duration.ofSeconds(1)).build();
             RoundTripsIT.RoundTripCounter counter = new RoundTripsIT.RoundTripCounter(server)) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
                // The server keeps this session longer than the configured 1 s, so a ping sent to it
                // would arrive and be counted (to a session the server closed, it would not).
                TestDatabase.execute(connection, "SET SESSION wait_timeout = 3600");
            }
            Thread.sleep(1100); // idle past the configured session wait_timeout, by the lease's own clock

            RoundTripsIT.RoundTrips trips = counter.around(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    assertThat(TestDatabase.connectionId(connection)).isNotEqualTo(first);
                }
            });
            assertThat(trips.pings()).as("pings sent to validate the connection past its wait_timeout").isZero();
            assertThat(dataSource.stats().thawFailures()).isEqualTo(1);
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void theDataSourceStartsNoThreadOfItsOwn(TestDatabase db) throws Exception {
        // The driver's own thread (Connector/J's abandoned-connection cleanup) starts with its first connection.
        try (Connection warmUp = db.connect()) {
            TestDatabase.connectionId(warmUp);
        }
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            for (int i = 0; i < 3; i++) {
                leaseOnce(dataSource);
                dataSource.endInvocation();
            }
            List<String> started = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && thread.isAlive()).map(Thread::getName).toList();
            assertThat(started).as("threads started while the DataSource connected, leased and housekept").isEmpty();
        }
    }

    @Test
    @Timeout(120)
    void aHousekeepingFailureIsLoggedOnceAtWarnAndCountedEveryTime(TestDatabase db) throws Exception {
        try (CapturedOutput err = CapturedOutput.ofStandardError();
             ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            for (int i = 0; i < 2; i++) {
                long id = leaseOnce(dataSource);
                db.killThread(id);
                db.awaitThreadGone(id);
                dataSource.endInvocation();
            }
            assertThat(dataSource.stats().housekeepingFailures()).isEqualTo(2);
            assertThat(err.text().lines().filter(line -> line.contains("WARN")
                    && line.contains("Invocation-end housekeeping failed")).count()).isEqualTo(1);
        }
    }

    /** Another user of the database with its own connection limit ({@code MAX_USER_CONNECTIONS}). */
    private static TestDatabase userLimitedTo(TestDatabase db, int limit) {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(limit);
        return user;
    }

    /** One lease with one statement; returns its connection's thread id. */
    private static long leaseOnce(ServerlessMySqlDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return TestDatabase.connectionId(connection);
        }
    }
}
