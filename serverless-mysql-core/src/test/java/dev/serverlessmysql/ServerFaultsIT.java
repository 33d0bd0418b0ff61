package dev.serverlessmysql;

import static dev.serverlessmysql.LeaseIT.builderFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.serverlessmysql.test.Await;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.PortSwitch;
import dev.serverlessmysql.test.ServerThread;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Faults production does to a connection: a stalled server, a restart, a kill mid-statement.
 * The @Timeout on each test is a safety net against a hang, not the assertion.
 *
 * <p>A stall (SIGSTOP) and a restart need process control of the server, which only the embedded
 * MariaDB gives: those tests skip on any other server and say so. The rest (a refused address
 * through a {@link PortSwitch}, a KILL, an unknown host, TLS) runs on every kind of test server.
 */
@MySqlTest
class ServerFaultsIT {

    private static ServerlessMySqlConfig.Builder impatient(TestDatabase db, RecordingListener listener) {
        return builderFor(db).connectTimeout(Duration.ofMillis(500)).leaseTimeout(Duration.ofSeconds(3))
                .retryCap(Duration.ofMillis(50)).thawThreshold(Duration.ofMillis(100)).listener(listener);
    }

    @Test
    @Timeout(60)
    void aConnectToAStalledServerTimesOutAndTheLeaseFailsClearlyWithinItsTimeout(TestDatabase db,
            MySqlTestServer server) throws Exception {
        server.assumeProcessControl("freezing the server");
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = impatient(db, listener).build()) {
            try (var frozen = server.freeze()) {
                assertThatThrownBy(dataSource::getConnection)
                        .isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("serverless.mysql.lease-timeout")
                        .hasMessageContaining("Could not connect to " + server.hostAndPort());
            }
            assertThat(dataSource.stats().connectFailures()).isEqualTo(1);
            assertThat(listener.count("retry")).isPositive();

            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
            }
        }
    }

    @Test
    @Timeout(60)
    void theThawCheckOfAConnectionToAStalledServerIsBoundedAndTheNextLeaseRecovers(TestDatabase db,
            MySqlTestServer server) throws Exception {
        // The check is the lease's first call's: its ping, then the connect, fail within their bounds.
        firstCallAfterAThawOnAStalledServer(db, server, TestDatabase::connectionId);
    }

    /**
     * A transaction's first statement that stands in for a thawed connection's ping waits for the
     * stalled server no longer than the ping would (validation-timeout), then the connect fails
     * within its own bound; the lease is not reused, and the next one recovers.
     */
    @Test
    @Timeout(60)
    void theFirstStatementStandingInForAThawsPingIsBoundedOnAStalledServer(TestDatabase db, MySqlTestServer server)
            throws Exception {
        firstCallAfterAThawOnAStalledServer(db, server, connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("START TRANSACTION");
            }
        });
    }

    /** One call on a connection. */
    private interface FirstCall {
        void run(Connection connection) throws Exception;
    }

    /**
     * The first call of a lease whose connection idled past the thaw threshold while the server
     * is stalled fails with an SQLTransientConnectionException within the bounds of the
     * check and the connect; the next lease, once the server runs again, gets a new connection.
     */
    private static void firstCallAfterAThawOnAStalledServer(TestDatabase db, MySqlTestServer server, FirstCall call)
            throws Exception {
        server.assumeProcessControl("freezing the server");
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = impatient(db, listener).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
            }
            try (var frozen = server.freeze()) {
                Thread.sleep(150); // idle past the thaw threshold
                try (Connection connection = dataSource.getConnection()) {
                    assertThatThrownBy(() -> call.run(connection)).isInstanceOf(SQLTransientConnectionException.class);
                }
            }
            assertThat(listener.events).contains("thaw false", "released DEAD_ON_THAW");

            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(connection)).isNotEqualTo(first);
            }
        }
    }

    @Test
    @Timeout(60)
    void housekeepingOnAStalledServerIsBoundedNeverThrowsAndTheNextLeaseRecovers(TestDatabase db,
            MySqlTestServer server) throws Exception {
        server.assumeProcessControl("freezing the server");
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = impatient(db, listener).build()) {
            try (Connection connection = dataSource.getConnection()) {
                TestDatabase.connectionId(connection);
            }
            try (var frozen = server.freeze()) {
                dataSource.endInvocation();
            }
            assertThat(dataSource.stats().housekeepingFailures()).isEqualTo(1);

            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
            }
        }
    }

    @Test
    @Timeout(120)
    void afterAServerRestartTheNextLeaseGetsAWorkingConnectionWithoutAnException(TestDatabase db,
            MySqlTestServer server) throws Exception {
        server.assumeProcessControl("restarting the server");
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = builderFor(db).thawThreshold(Duration.ofMillis(100))
                .listener(listener).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
            }

            server.restart();

            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
                assertThat(db.threads()).extracting(ServerThread::id).contains(TestDatabase.connectionId(connection));
            }
            assertThat(listener.events).contains("thaw false");
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    @Timeout(180)
    void aServerThatRefusesConnectionsFor20SecondsDuringAGetConnectionIsRiddenOutWithTheDefaults(TestDatabase db,
            MySqlTestServer server) throws Exception {
        RecordingListener listener = new RecordingListener();
        // The switch stands for the server's address: down, it refuses every connect and has cut
        // the open connection, as a stopped server does; its outage lasts exactly 20 s, where a real
        // restart of the embedded server takes from 2 s to more than 10 s on a loaded machine.
        try (PortSwitch address = new PortSwitch(server.hostAndPort());
             ServerlessMySqlDataSource dataSource = builderFor(db)
                     .jdbcUrl(db.jdbcUrl().replace(server.hostAndPort(), address.hostAndPort()))
                     .listener(listener).build()) {
            address.up();
            try (Connection connection = dataSource.getConnection()) {
                TestDatabase.connectionId(connection);
            }
            address.down();
            long stopped = System.nanoTime();
            Thread.sleep(dataSource.config().thawThreshold().plusMillis(200).toMillis()); // idle: checked on lease

            CompletableFuture<Long> lease = CompletableFuture.supplyAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    return TestDatabase.queryLong(connection, "SELECT 1");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (listener.count("retry") < 1) {
                assertThat(lease).isNotDone();
                Thread.sleep(10);
            }
            // The outage itself: 20 s of refused connects, then the server answers again.
            Thread.sleep(Math.max(0, Duration.ofSeconds(20).minusNanos(System.nanoTime() - stopped).toMillis()));
            assertThat(lease).as("still waiting for the server, not failed").isNotDone();
            address.up();

            assertThat(lease.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(listener.events).contains("thaw false");
            assertThat(listener.retryCauses).isNotEmpty().allSatisfy(cause -> assertThat(
                    ErrorClassifier.connectCause(cause)).isEqualTo(ErrorClassifier.ConnectCause.UNREACHABLE));
            assertThat(dataSource.stats().connectFailures()).isZero();
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    @Timeout(60)
    void eachConnectAttemptIsBoundedByTheTimeLeftSoAStalledServerCannotOverrunTheLeaseTimeout(TestDatabase db,
            MySqlTestServer server) throws Exception {
        server.assumeProcessControl("freezing the server");
        // connect-timeout alone would let one attempt on the frozen server take 20 s.
        try (ServerlessMySqlDataSource dataSource = builderFor(db).connectTimeout(Duration.ofSeconds(20))
                .leaseTimeout(Duration.ofSeconds(2)).build()) {
            long started = System.nanoTime();
            try (var frozen = server.freeze()) {
                assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("serverless.mysql.lease-timeout (2s)")
                        .hasMessageContaining("the server is unreachable");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    @Timeout(180)
    void aConnectionKilledWhileAStatementRunsFailsThatStatementAndTheNextLeaseReconnects(TestDatabase db)
            throws Exception {
        // The handshake runs under a socket timeout of connect-timeout (1 s), lifted once connected.
        // The KILL comes only after the statement has run 3 s: had the timeout stayed on, the
        // statement would have failed by itself, before the KILL and with a socket timeout.
        try (ServerlessMySqlDataSource dataSource = builderFor(db).connectTimeout(Duration.ofSeconds(1)).build()) {
            long first;
            AtomicLong killSent = new AtomicLong();
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
                CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
                    Await.until("thread " + first + " to run its statement for 3 s", Duration.ofSeconds(60),
                            () -> db.threads().stream().anyMatch(t -> t.id() == first && !t.isSleeping()
                                    && t.timeSeconds() >= 3));
                    killSent.set(System.nanoTime());
                    db.killThread(first);
                });
                SQLException failure = catchThrowableOfType(
                        () -> TestDatabase.queryLong(connection, "SELECT SLEEP(120)"), SQLException.class);
                long failed = System.nanoTime();
                killer.get(90, TimeUnit.SECONDS);

                assertThat((Throwable) failure).as("the statement failed").isNotNull();
                assertThat(killSent.get()).as("the KILL was sent before the statement failed").isPositive()
                        .isLessThan(failed);
                assertThat(causes(failure)).as("causes of " + failure).noneMatch(SocketTimeoutException.class::isInstance);
            }
            db.awaitThreadGone(first);
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(connection)).isNotEqualTo(first);
            }
            assertThat(dataSource.stats().brokenConnections()).isEqualTo(1);
        }
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    @Test
    void anUnknownHostFailsOnceWithoutARetryStorm() {
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                .jdbcUrl("jdbc:mysql://no-such-host.invalid:3306/app").username("app").password("pw")
                .listener(listener).build()) {
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class)
                    .isNotInstanceOf(SQLTransientConnectionException.class);
            assertThat(dataSource.stats().connectRetries()).isZero();
            assertThat(listener.events).hasSize(1).allMatch(e -> e.startsWith("connectFailed 1"));
        }
    }

    @Test
    void tlsRequiredButNotOfferedFailsOnceWithoutRetries(TestDatabase db, MySqlTestServer server) {
        RecordingListener listener = new RecordingListener();
        // The embedded server offers no TLS; a server that does cannot meet a certificate check
        // against an empty trust store either.
        boolean offered = "YES".equalsIgnoreCase(server.readGlobal("have_ssl"));
        String url = db.jdbcUrl().replace("useSSL=false", offered ? "sslMode=VERIFY_IDENTITY" : "sslMode=REQUIRED");
        try (ServerlessMySqlDataSource dataSource = builderFor(db).jdbcUrl(url).listener(listener).build()) {
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class)
                    .isNotInstanceOf(SQLTransientConnectionException.class);
            assertThat(dataSource.stats().connectRetries()).isZero();
            assertThat(listener.events).hasSize(1).allMatch(e -> e.startsWith("connectFailed 1"));
        }
    }
}
