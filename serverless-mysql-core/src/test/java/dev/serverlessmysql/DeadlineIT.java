package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.Await;
import dev.serverlessmysql.test.CapturedOutput;
import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * The invocation's deadline (beginInvocation) ends every wait before it, with time left to answer;
 * lease-timeout stays 30 s throughout, so only the deadline can end these waits early.
 */
@MySqlTest
class DeadlineIT {

    private static final int MAX_CONNECTIONS = 10;
    /** A 3 s function with half a second gone. */
    private static final Duration AWAY = Duration.ofMillis(2500);
    private static final String FULL_WARNING = "is full: it refused a connection";

    private static long fullWarnings(CapturedOutput err) {
        return err.text().lines().filter(line -> line.contains("WARN") && line.contains(FULL_WARNING)).count();
    }

    /** A lease taken on another thread and held until {@code done}; returns once it is taken. */
    private static CompletableFuture<Void> leaseOnAnotherThreadUntil(CountDownLatch done,
            ServerlessMySqlDataSource dataSource) throws InterruptedException {
        CountDownLatch leased = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                leased.countDown();
                done.await(2, TimeUnit.MINUTES);
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(leased.await(1, TimeUnit.MINUTES)).isTrue();
        return holder;
    }

    /** getConnection() fails before the deadline with the deadline's message, containing {@code phrases}. */
    private static SQLTransientConnectionException failsBefore(Instant deadline, ServerlessMySqlDataSource dataSource,
            String... phrases) {
        SQLTransientConnectionException e = assertThrows(
                SQLTransientConnectionException.class, dataSource::getConnection);
        assertThat(Instant.now()).as("failed before the deadline").isBefore(deadline);
        assertThat(e.getSQLState()).isEqualTo("08001");
        assertThat(e.getMessage()).contains("the invocation's deadline was reached");
        for (String phrase : phrases) {
            assertThat(e.getMessage()).contains(phrase);
        }
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql", "mariadb"})
    void onAFullServerGetConnectionFailsBeforeTheDeadlineAndTheNextInvocationSucceedsOnceThereIsRoom(String driver,
            TestDatabase db, MySqlTestServer server) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (var restore = server.setGlobal("max_connections", MAX_CONNECTIONS);
             IdleConnections filler = db.newUser().fillServer(0);
             CapturedOutput err = CapturedOutput.ofStandardError();
             ServerlessMySqlDataSource dataSource = LeaseIntegrityIT.builderFor(db, driver).listener(listener).build()) {
            Instant deadline = Instant.now().plus(AWAY);
            dataSource.beginInvocation(deadline);

            SQLTransientConnectionException e = failsBefore(deadline, dataSource,
                    "the server at " + server.hostAndPort() + " is full", "Too many connections", "max_connections",
                    "answer 503", "raise the function's timeout", "serverless.mysql.deadline-reserve");
            assertThat(e.getMessage()).containsPattern("after waiting \\d+ms").doesNotContain(db.password());
            assertThat(e.getErrorCode()).isEqualTo(1040);
            dataSource.endInvocation();
            assertThat(listener.count("retry")).as("refused more than once").isGreaterThanOrEqualTo(2);
            assertThat(fullWarnings(err)).as("one WARN for the wait").isEqualTo(1);
            assertThat(dataSource.openConnections()).isZero();
            // The administrator's extra connection may itself be refused for a moment while the
            // server still tears down the last refused attempt (seen in CI with the MariaDB
            // driver): ask again rather than fail.
            Await.until("no connection of this user on the server", Duration.ofSeconds(30), () -> {
                try {
                    return db.threads().isEmpty();
                } catch (IllegalStateException refusedForAMoment) {
                    return false;
                }
            });

            // The next invocation, once the server has room: nothing was left held or half open.
            filler.release(1);
            dataSource.beginInvocation(Instant.now().plus(Duration.ofMinutes(1)));
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
            }
            assertThat(dataSource.openConnections()).isEqualTo(1);
            assertThat(dataSource.stats().leases()).isEqualTo(1);
            dataSource.endInvocation();
        }
    }

    @Test
    void aNestedConnectionOnAFullServerFailsBeforeTheDeadlineWhileTheOuterLeaseIsKept(TestDatabase db,
            MySqlTestServer server) throws Exception {
        try (var restore = server.setGlobal("max_connections", MAX_CONNECTIONS);
             ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).build()) {
            Instant deadline = Instant.now().plus(AWAY);
            try (Connection outer = dataSource.getConnection();
                 IdleConnections filler = db.newUser().fillServer(0)) {
                dataSource.beginInvocation(deadline);

                failsBefore(deadline, dataSource, "is full");
                assertThat(TestDatabase.queryLong(outer, "SELECT 1")).isEqualTo(1);
            }
            dataSource.endInvocation();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql/2", "mariadb/2"})
    void withSeveralConnectionsAWaitForTheOneTheFullServerAllowedEndsBeforeTheDeadline(String driver, TestDatabase db,
            MySqlTestServer server) throws Exception {
        try (var restore = server.setGlobal("max_connections", MAX_CONNECTIONS);
             ServerlessMySqlDataSource dataSource = LeaseIntegrityIT.builderFor(db, driver).build()) {
            CountDownLatch done = new CountDownLatch(1);
            CompletableFuture<Void> holder = leaseOnAnotherThreadUntil(done, dataSource);
            try (IdleConnections filler = db.newUser().fillServer(0)) {
                Instant deadline = Instant.now().plus(AWAY);
                dataSource.beginInvocation(deadline);

                // Refused as full, it waits for the environment's open connection, which stays held.
                failsBefore(deadline, dataSource, "the server had room for only 1 of this environment's 2 connections");
                dataSource.endInvocation();

                done.countDown();
                holder.get(1, TimeUnit.MINUTES);
                dataSource.beginInvocation(Instant.now().plus(Duration.ofMinutes(1)));
                try (Connection connection = dataSource.getConnection()) {
                    assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
                }
                dataSource.endInvocation();
            }
        }
    }

    @Test
    void waitingForALeaseAnotherThreadHoldsEndsBeforeTheDeadline(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).build()) {
            CountDownLatch done = new CountDownLatch(1);
            CompletableFuture<Void> holder = leaseOnAnotherThreadUntil(done, dataSource);
            Instant deadline = Instant.now().plus(AWAY);
            dataSource.beginInvocation(deadline);

            failsBefore(deadline, dataSource, "another thread held this environment's one connection",
                    "Close each connection promptly");
            done.countDown();
            holder.get(1, TimeUnit.MINUTES);
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
            }
            dataSource.endInvocation();
        }
    }

    @Test
    void housekeepingAtAnInvocationEndWithinTheReserveIsLeftToTheNextInvocation(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).deadlineReserve(Duration.ofSeconds(2)).build()) {
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
            }
            // The deadline 2 s away, all of it the reserve: the function must answer now.
            dataSource.beginInvocation(Instant.now().plusSeconds(2));
            dataSource.endInvocation();
            assertThat(dataSource.stats().housekeepingStatements()).as("no statement within the reserve").isZero();
            // With time left, the same end runs it (its first run reads the usage).
            dataSource.beginInvocation(Instant.now().plusSeconds(30));
            dataSource.endInvocation();
            assertThat(dataSource.stats().housekeepingStatements()).isPositive();
        }
    }

    @Test
    void theDeadlineBelongsToItsThreadAndEndInvocationForgetsIt(TestDatabase db, MySqlTestServer server)
            throws Exception {
        try (var restore = server.setGlobal("max_connections", MAX_CONNECTIONS);
             IdleConnections filler = db.newUser().fillServer(0);
             ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).leaseTimeout(Duration.ofSeconds(3)).build()) {
            Instant deadline = Instant.now().plus(Duration.ofMillis(1500));
            dataSource.beginInvocation(deadline);
            // Another thread has no deadline: lease-timeout ends its wait, as without beginInvocation.
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            // Full, or the slot held by the other thread: either way the deadline ends this wait.
            failsBefore(deadline, dataSource);
            assertThat(other.get(1, TimeUnit.MINUTES)).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("serverless.mysql.lease-timeout (3s)")
                    .hasMessageNotContaining("deadline");

            dataSource.endInvocation();
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("serverless.mysql.lease-timeout (3s)").hasMessageNotContaining("deadline");
        }
    }
}
