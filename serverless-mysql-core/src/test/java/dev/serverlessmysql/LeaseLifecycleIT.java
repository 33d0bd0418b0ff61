package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.CapturedOutput;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.ServerThread;
import dev.serverlessmysql.test.TestDatabase;

/**
 * The invocation end and {@code close()} as hard ends of a lease: a lease never closed is taken
 * back at {@code endInvocation()}, temporary nested connections are closed, and {@code close()}
 * never closes a connection under another thread nor lets one be opened after it.
 */
@MySqlTest
class LeaseLifecycleIT {

    private CapturedOutput captured;

    @BeforeEach
    void freshTableAndCapture(TestDatabase db) throws SQLException {
        try (Connection setup = db.connect()) {
            TestDatabase.execute(setup, "CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY) ENGINE=InnoDB");
            TestDatabase.execute(setup, "DELETE FROM notes");
        }
        captured = CapturedOutput.ofStandardError();
    }

    @AfterEach
    void restoreErr() {
        captured.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void aLeaseNeverClosedIsReclaimedAtTheInvocationEndAndItsWorkRolledBack(String driver, TestDatabase db)
            throws Exception {
        try (ServerlessMySqlDataSource dataSource = LeaseIntegrityIT.builderFor(db, driver).build()) {
            Connection leaked = dataSource.getConnection();
            long id = TestDatabase.connectionId(leaked);
            leaked.setAutoCommit(false);
            TestDatabase.execute(leaked, "INSERT INTO notes VALUES (1)");

            dataSource.endInvocation();

            assertThat(leaked.isClosed()).isTrue();
            assertThatThrownBy(leaked::createStatement).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
            assertThat(dataSource.stats().leasesReclaimed()).isEqualTo(1);
            assertThat(dataSource.stats().leased()).isFalse();
            assertThat(dataSource.stats().lastLimit()).as("housekeeping ran on the reclaimed connection").isPositive();
            try (Connection other = db.connect()) {
                assertThat(TestDatabase.queryLong(other, "SELECT COUNT(*) FROM notes")).isZero();
            }
            // The next invocation on the same thread gets the kept connection, not a nested one.
            try (Connection next = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(next)).isEqualTo(id);
                assertThat(next.getAutoCommit()).isTrue();
            }
            assertThat(dataSource.stats().nestedConnections()).isZero();
            String log = captured.text();
            assertThat(log).contains("WARN").contains("never closed").contains(Thread.currentThread().getName());
        }
    }

    @Test
    void theWarningSaysWhereTheLeaseWasTakenWhenStackTracesAreCaptured(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).captureLeaseStackTraces(true).build()) {
            dataSource.getConnection();
            dataSource.endInvocation();

            assertThat(captured.text())
                    .contains("The lease was taken here")
                    .contains("theWarningSaysWhereTheLeaseWasTakenWhenStackTracesAreCaptured");
        }
    }

    @Test
    void aNestedConnectionLeftOpenIsClosedAtTheInvocationEnd(TestDatabase db) throws Exception {
        db.awaitNoThreads();
        try (ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).build()) {
            long nestedId;
            long outerId;
            try (Connection outer = dataSource.getConnection()) {
                outerId = TestDatabase.connectionId(outer);
                Connection nested = dataSource.getConnection();
                nestedId = TestDatabase.connectionId(nested);
            }
            assertThat(db.threads()).extracting(ServerThread::id).contains(nestedId);

            dataSource.endInvocation();

            db.awaitThreadGone(nestedId);
            assertThat(db.threads()).extracting(ServerThread::id).containsExactly(outerId);
            assertThat(dataSource.stats().zombiesKilled()).isZero();
        }
    }

    @Test
    void closeOnTheHoldingThreadReclaimsTheLeaseAndReturnsWithoutWaiting(TestDatabase db) throws Exception {
        ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).leaseTimeout(Duration.ofMinutes(10)).build();
        Connection held = dataSource.getConnection();
        long id = TestDatabase.connectionId(held);

        // A generous bound: the point is that close() does not wait its 10 minute lease timeout.
        Thread closer = Thread.currentThread();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(2));
                closer.interrupt();
            } catch (InterruptedException e) {
                // close() returned in time.
            }
        });
        watchdog.start();
        dataSource.close();
        watchdog.interrupt();
        watchdog.join();

        assertThat(Thread.interrupted()).as("close() needed the watchdog").isFalse();
        assertThat(held.isClosed()).isTrue();
        db.awaitThreadGone(id);
        assertThat(dataSource.stats().leasesReclaimed()).isEqualTo(1);
    }

    @Test
    void closeOnAnInterruptedThreadNeverClosesTheConnectionUnderItsHolder(TestDatabase db) throws Exception {
        ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).build();
        CountDownLatch leased = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Long> holderId = new AtomicReference<>();
        CompletableFuture<Long> holder = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                holderId.set(TestDatabase.connectionId(connection));
                leased.countDown();
                assertThat(closed.await(60, TimeUnit.SECONDS)).isTrue();
                // Still the holder's connection, still working after close() returned elsewhere.
                return TestDatabase.queryLong(connection, "SELECT CONNECTION_ID()");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(leased.await(60, TimeUnit.SECONDS)).isTrue();

        Thread.currentThread().interrupt();
        try {
            dataSource.close();
        } finally {
            Thread.interrupted();
        }
        closed.countDown();

        assertThat(holder.get(60, TimeUnit.SECONDS)).isEqualTo(holderId.get());
        // Closed once its lease came back.
        db.awaitThreadGone(holderId.get());
        assertThat(dataSource.stats().connected()).isFalse();
        assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
    }

    @Test
    void callersWaitingWhenCloseStartsFailAndNoConnectionIsOpenedAfterIt(TestDatabase db) throws Exception {
        db.awaitNoThreads();
        ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).build();
        Connection held = dataSource.getConnection();
        long id = TestDatabase.connectionId(held);
        AtomicReference<Thread> waiterThread = new AtomicReference<>();
        CompletableFuture<Connection> waiter = CompletableFuture.supplyAsync(() -> {
            waiterThread.set(Thread.currentThread());
            try {
                return dataSource.getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        LeaseIT.awaitWaiting(waiterThread);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(dataSource::close);
        awaitClosedFlag(dataSource);
        held.close();
        closing.get(60, TimeUnit.SECONDS);

        assertThatThrownBy(() -> waiter.get(60, TimeUnit.SECONDS)).rootCause().isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
        db.awaitThreadGone(id);
        assertThat(db.threads()).isEmpty();
        assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
    }

    private static void awaitClosedFlag(ServerlessMySqlDataSource dataSource) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!dataSource.isClosed()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("close() never started");
            }
            Thread.sleep(10);
        }
    }
}
