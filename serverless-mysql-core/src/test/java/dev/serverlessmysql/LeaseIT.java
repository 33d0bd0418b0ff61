package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.Await;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.ServerThread;
import dev.serverlessmysql.test.TestDatabase;

@MySqlTest
class LeaseIT {

    static ServerlessMySqlConfig.Builder builderFor(TestDatabase db) {
        return ServerlessMySqlDataSource.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password());
    }

    @Test
    void hundredSequentialLeasesUseOnePhysicalConnectionOpenedOnFirstUse(TestDatabase db) throws Exception {
        // A connection an earlier test closed lingers in the processlist for a moment.
        Await.until("the earlier tests' connections to leave the processlist", Duration.ofSeconds(30),
                () -> db.threads().isEmpty());
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            assertThat(db.threads()).isEmpty();
            assertThat(dataSource.stats().connectionsOpened()).isZero();
            assertThat(dataSource.stats().connected()).isFalse();

            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                try (Connection connection = dataSource.getConnection()) {
                    ids.add(TestDatabase.connectionId(connection));
                }
            }

            assertThat(ids).hasSize(1);
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
            assertThat(dataSource.stats().leases()).isEqualTo(100);
            assertThat(db.threads()).extracting(ServerThread::id).containsExactlyElementsOf(ids);
        }
    }

    @Test
    void statsTellWhetherTheLeaseIsHeld(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            assertThat(dataSource.stats().leased()).isFalse();
            try (Connection connection = dataSource.getConnection()) {
                assertThat(dataSource.stats().leased()).isTrue();
                assertThat(dataSource.stats().connected()).isTrue();
            }
            assertThat(dataSource.stats().leased()).isFalse();
            assertThat(dataSource.stats().connected()).isTrue();
        }
    }

    @Test
    void closingTheLeaseKeepsTheSocketButTheLeaseItselfIsClosed(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            Connection lease = dataSource.getConnection();
            long id = TestDatabase.connectionId(lease);
            lease.close();
            lease.close();

            assertThat(lease.isClosed()).isTrue();
            assertThatThrownBy(() -> lease.createStatement()).hasMessageContaining("already closed");
            assertThat(db.threads()).extracting(ServerThread::id).containsExactly(id);
        }
    }

    @Test
    void aSecondThreadWaitsForTheLeaseAndGetsItWhenTheFirstReleases(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            Connection first = dataSource.getConnection();
            long firstId = TestDatabase.connectionId(first);
            AtomicReference<Thread> waiter = new AtomicReference<>();

            CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
                waiter.set(Thread.currentThread());
                try (Connection connection = dataSource.getConnection()) {
                    return TestDatabase.connectionId(connection);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitWaiting(waiter);
            assertThat(second).isNotDone();

            first.close();

            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(firstId);
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void withAShortLeaseTimeoutTheWaitingThreadGetsATransientExceptionNamingTheWait(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).leaseTimeout(Duration.ofMillis(200)).build();
             Connection held = dataSource.getConnection()) {
            CompletableFuture<Connection> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return dataSource.getConnection();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS))
                    .rootCause()
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("lease")
                    .hasMessageContaining("200 ms")
                    .hasMessageContaining("serverless.mysql.lease-timeout");
            assertThat(dataSource.stats().leaseTimeouts()).isEqualTo(1);
            assertThat(TestDatabase.connectionId(held)).isPositive();
        }
    }

    @Test
    void aNestedGetConnectionOnTheSameThreadGetsADistinctConnectionClosedOnRelease(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build();
             Connection outer = dataSource.getConnection()) {
            long outerId = TestDatabase.connectionId(outer);
            long nestedId;
            try (Connection nested = dataSource.getConnection()) {
                nestedId = TestDatabase.connectionId(nested);
                assertThat(db.threads()).extracting(ServerThread::id).contains(outerId, nestedId);
            }

            assertThat(nestedId).isNotEqualTo(outerId);
            db.awaitThreadGone(nestedId);
            assertThat(TestDatabase.connectionId(outer)).isEqualTo(outerId);
            assertThat(dataSource.stats().nestedConnections()).isEqualTo(1);
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void aLeaseReturnedWithUncommittedWorkIsRolledBackAndTheSessionReset(TestDatabase db) throws Exception {
        int serverIsolation;
        try (Connection setup = db.connect()) {
            TestDatabase.execute(setup, "CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY)");
            TestDatabase.execute(setup, "DELETE FROM notes");
            // What a fresh session of this server has; the lease must give that back.
            serverIsolation = setup.getTransactionIsolation();
            assertThat(setup.isReadOnly()).isFalse();
        }
        int changedIsolation = serverIsolation == Connection.TRANSACTION_SERIALIZABLE
                ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_SERIALIZABLE;
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(changedIsolation);
                TestDatabase.execute(connection, "INSERT INTO notes VALUES (1)");
                connection.setReadOnly(true);
                connection.setCatalog("information_schema");
                // The changes reached the server, not only the driver's view of the session.
                assertThat(sessionReadOnly(connection)).isTrue();
                assertThat(currentDatabase(connection)).isEqualToIgnoringCase("information_schema");
            }
            try (Connection next = dataSource.getConnection()) {
                assertThat(next.getAutoCommit()).isTrue();
                assertThat(next.getTransactionIsolation()).isEqualTo(serverIsolation);
                assertThat(sessionIsolation(next)).isEqualTo(globalIsolation(next));
                assertThat(next.isReadOnly()).isFalse();
                assertThat(sessionReadOnly(next)).as("the server's session read-only flag").isFalse();
                assertThat(currentDatabase(next)).isEqualTo(db.name());
                assertThat(TestDatabase.queryLong(next, "SELECT COUNT(*) FROM notes")).isZero();
            }
            try (Connection other = db.connect()) {
                assertThat(TestDatabase.queryLong(other, "SELECT COUNT(*) FROM notes")).isZero();
            }
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
        }
    }

    /** The server's own view, whatever the driver caches: MySQL and MariaDB both have these names. */
    private static boolean sessionReadOnly(Connection connection) throws SQLException {
        return TestDatabase.queryLong(connection, "SELECT @@SESSION.transaction_read_only") == 1;
    }

    private static String sessionIsolation(Connection connection) throws SQLException {
        return TestDatabase.queryString(connection, "SELECT @@SESSION.transaction_isolation");
    }

    private static String globalIsolation(Connection connection) throws SQLException {
        return TestDatabase.queryString(connection, "SELECT @@GLOBAL.transaction_isolation");
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        return TestDatabase.queryString(connection, "SELECT DATABASE()");
    }

    @Test
    void aClosedDataSourceClosesItsConnectionAndRefusesNewLeases(TestDatabase db) throws Exception {
        ServerlessMySqlDataSource dataSource = builderFor(db).build();
        long id;
        try (Connection connection = dataSource.getConnection()) {
            id = TestDatabase.connectionId(connection);
        }
        dataSource.close();

        db.awaitThreadGone(id);
        assertThatThrownBy(dataSource::getConnection).hasMessageContaining("closed");
    }

    static void awaitWaiting(AtomicReference<Thread> thread) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Thread t = thread.get();
            if (t != null && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The second caller never started waiting for the lease");
    }
}
