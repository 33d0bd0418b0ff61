package dev.serverlessmysql;

import static dev.serverlessmysql.LeaseIT.builderFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

@MySqlTest
class ConnectRetryIT {

    private static final int MAX_CONNECTIONS = 10;

    /** Fills every free slot of a server limited to {@link #MAX_CONNECTIONS} with another user's idle connections. */
    private static IdleConnections fillServer(TestDatabase db, MySqlTestServer server) throws SQLException {
        return db.newUser().fillServer(0);
    }

    /** A lease taken on another thread; its value is the connection id. */
    private static CompletableFuture<Long> leaseInTheBackground(ServerlessMySqlDataSource dataSource) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return TestDatabase.connectionId(connection);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void whenTheServerIsFullALeaseRetriesWithBackoffAndSucceedsOnceASlotIsFreed(TestDatabase db, MySqlTestServer server)
            throws Exception {
        RecordingListener listener = new RecordingListener();
        try (var restore = server.setGlobal("max_connections", MAX_CONNECTIONS);
             IdleConnections filler = fillServer(db, server);
             ServerlessMySqlDataSource dataSource = builderFor(db).maxRetries(10_000).retryCap(Duration.ofMillis(20))
                     .listener(listener).build()) {
            CompletableFuture<Long> lease = leaseInTheBackground(dataSource);
            while (listener.count("retry") < 3) {
                assertThat(lease).isNotDone();
                Thread.sleep(10);
            }

            filler.release(1);

            assertThat(lease.get(30, TimeUnit.SECONDS)).isPositive();
            assertThat(dataSource.stats().connectRetries()).isGreaterThanOrEqualTo(3);
            assertThat(listener.retryCauses).allSatisfy(cause -> assertThat(cause.getErrorCode()).isEqualTo(1040));
            // While full, a sleep may grow to 10 x retry.cap (a tenth of the time left, lease-timeout 30 s).
            assertThat(listener.retryDelays).allSatisfy(delay -> assertThat(delay).isBetween(Duration.ZERO, Duration.ofMillis(200)));
            assertThat(listener.events).last().isEqualTo("connected " + (dataSource.stats().connectRetries() + 1));
        }
    }

    @Test
    void aLongWaitOnAFullServerRetriesAboutTwiceASecondNotTwentyTimes(TestDatabase db, MySqlTestServer server)
            throws Exception {
        RecordingListener listener = new RecordingListener();
        try (var restore = server.setGlobal("max_connections", MAX_CONNECTIONS);
             IdleConnections filler = fillServer(db, server);
             ServerlessMySqlDataSource dataSource = builderFor(db).listener(listener).build()) {
            long started = System.nanoTime();
            CompletableFuture<Long> lease = leaseInTheBackground(dataSource);
            Thread.sleep(4000); // the wait whose retries are counted, not a wait for anything
            filler.release(1);

            assertThat(lease.get(30, TimeUnit.SECONDS)).isPositive();
            double seconds = (System.nanoTime() - started) / 1e9;
            // retry.cap 100 ms alone: about 20 a second (80 or more in 4 s on an idle machine). Now the
            // ramp from retry.base, then sleeps of up to 1 s while lease-timeout (30 s) is far.
            assertThat(listener.count("retry")).as("retries in %.1f s", seconds).isLessThan(12 + 3 * (long) Math.ceil(seconds));
            assertThat(listener.retryDelays).allSatisfy(delay -> assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(1)));
            assertThat(listener.retryDelays).anySatisfy(delay -> assertThat(delay).isGreaterThan(Duration.ofMillis(100)));
        }
    }

    @Test
    void whenTheServerStaysFullTheLeaseFailsAfterMaxRetriesWithTheLastServerErrorAsCause(TestDatabase db,
            MySqlTestServer server) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (var restore = server.setGlobal("max_connections", MAX_CONNECTIONS);
             IdleConnections filler = fillServer(db, server);
             ServerlessMySqlDataSource dataSource = builderFor(db).maxRetries(5).retryCap(Duration.ofMillis(5))
                     .listener(listener).build()) {

            assertThatThrownBy(dataSource::getConnection)
                    .isInstanceOfSatisfying(SQLTransientConnectionException.class, e -> {
                        assertThat(e.getMessage()).contains("after 6 attempts over").contains("ms")
                                .contains("serverless.mysql.retry.max-retries")
                                .contains("Could not connect to " + server.hostAndPort() + ": the server is full")
                                .contains("max_connections").contains("Too many connections")
                                .doesNotContain("unreachable");
                        assertThat(e.getCause()).isInstanceOfSatisfying(SQLException.class,
                                cause -> assertThat(cause.getErrorCode()).isEqualTo(1040));
                        assertThat(e.getErrorCode()).isEqualTo(1040);
                    });
            assertThat(listener.count("retry")).isEqualTo(5);
            assertThat(listener.events).last().isEqualTo("connectFailed 6 1040");
            assertThat(dataSource.stats().connectRetries()).isEqualTo(5);
            assertThat(dataSource.stats().connectFailures()).isEqualTo(1);
            assertThat(dataSource.stats().connected()).isFalse();
        }
    }

    @Test
    void theRetryBudgetBelongsToEachAcquisition(TestDatabase db, MySqlTestServer server) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (var restore = server.setGlobal("max_connections", MAX_CONNECTIONS);
             IdleConnections filler = fillServer(db, server);
             ServerlessMySqlDataSource dataSource = builderFor(db).maxRetries(3).retryCap(Duration.ofMillis(2))
                     .listener(listener).build()) {
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);

            assertThat(listener.events).filteredOn(e -> e.startsWith("retry")).containsExactly(
                    "retry 1", "retry 2", "retry 3", "retry 1", "retry 2", "retry 3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "jdbc:mysql", "jdbc:mariadb" })
    void aWrongPortIsReportedAsUnreachableWithTheMaskedAddressNeverAsAFullServer(String scheme) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                .jdbcUrl(scheme + "://127.0.0.1:" + closed + "/app?password=s3cret-pw")
                .username("app").password("s3cret-pw").leaseTimeout(Duration.ofSeconds(2)).listener(listener).build()) {
            assertThatThrownBy(dataSource::getConnection)
                    .isInstanceOfSatisfying(SQLTransientConnectionException.class, e -> assertThat(e.getMessage())
                            .startsWith("Could not connect to 127.0.0.1:" + closed + ": the server is unreachable")
                            .containsIgnoringCase("refused")
                            .contains("Check the host and port in spring.datasource.url")
                            .contains("serverless.mysql.lease-timeout (2s)")
                            .doesNotContain("server is full").doesNotContain("max_connections").doesNotContain("s3cret-pw"));
            assertThat(listener.count("retry")).isPositive();
        }
    }

    @Test
    void aWrongPasswordFailsOnTheFirstAttemptWith1045(TestDatabase db, MySqlTestServer server) {
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = builderFor(db).password("not-the-password").listener(listener).build()) {
            assertThatThrownBy(dataSource::getConnection)
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1045);
                        assertKeepsTheDriversJdbcType(e);
                        assertThat(e.getSQLState()).isEqualTo("28000");
                        assertThat(e.getMessage()).doesNotContain("not-the-password")
                                .startsWith("Could not connect to " + server.hostAndPort() + ": the server rejected the connection")
                                .contains("spring.datasource.password").contains("Access denied");
                    });
            assertThat(dataSource.stats().connectRetries()).isZero();
            assertThat(dataSource.stats().lastConnectFailed()).isTrue();
            assertThat(listener.events).containsExactly("connectFailed 1 1045");
        }
    }

    @Test
    void lastConnectFailedClearsOnTheNextSuccess(TestDatabase db, MySqlTestServer server) throws Exception {
        try (var restore = server.setGlobal("max_connections", MAX_CONNECTIONS);
             IdleConnections filler = fillServer(db, server);
             ServerlessMySqlDataSource dataSource = builderFor(db).maxRetries(1).retryCap(Duration.ofMillis(2)).build()) {
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);
            assertThat(dataSource.stats().lastConnectFailed()).isTrue();

            filler.release(1);
            try (Connection connection = dataSource.getConnection()) {
                assertThat(dataSource.stats().lastConnectFailed()).isFalse();
            }
        }
    }

    @Test
    void anUnknownDatabaseFailsOnTheFirstAttemptWith1049(MySqlTestServer server) {
        try (TestDatabase gone = server.createDatabase("gone")) {
            gone.dropDatabase();
            try (ServerlessMySqlDataSource dataSource = builderFor(gone).build()) {
                assertThatThrownBy(dataSource::getConnection)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getErrorCode()).isEqualTo(1049);
                            assertKeepsTheDriversJdbcType(e);
                            assertThat(e.getMessage()).contains("the server rejected the connection")
                                    .contains("does not exist on this server");
                        });
                assertThat(dataSource.stats().connectRetries()).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql", "mariadb"})
    void theHandshakeSocketTimeoutIsLiftedOnceConnectedButOneSetInTheUrlStays(String driver, TestDatabase db)
            throws Exception {
        try (ServerlessMySqlDataSource dataSource = LeaseIntegrityIT.builderFor(db, driver).build();
             Connection connection = dataSource.getConnection()) {
            assertThat(connection.getNetworkTimeout()).as("no socket timeout once connected").isZero();
        }
        String url = LeaseIntegrityIT.url(db, driver);
        String withTimeout = url + (url.contains("?") ? "&" : "?") + "socketTimeout=7000";
        try (ServerlessMySqlDataSource dataSource = LeaseIntegrityIT.builderFor(db, driver).jdbcUrl(withTimeout).build();
             Connection connection = dataSource.getConnection()) {
            assertThat(connection.getNetworkTimeout()).as("the URL's socketTimeout").isEqualTo(7000);
        }
    }

    /** The explained exception is of the same JDBC type as the driver's, which exception translators rely on. */
    private static void assertKeepsTheDriversJdbcType(SQLException e) {
        assertThat(e.getCause()).isInstanceOf(SQLException.class);
        for (Class<?> type : List.of(SQLInvalidAuthorizationSpecException.class, SQLSyntaxErrorException.class,
                SQLNonTransientConnectionException.class, SQLRecoverableException.class, SQLNonTransientException.class)) {
            assertThat(type.isInstance(e)).as(type.getSimpleName()).isEqualTo(type.isInstance(e.getCause()));
        }
    }
}
