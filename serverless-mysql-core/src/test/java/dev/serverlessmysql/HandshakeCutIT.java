package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.PortSwitch;
import dev.serverlessmysql.test.TestDatabase;

/**
 * A connect cut before the handshake completed (the server was killed or is restarting while the
 * client connects: a reset or end-of-stream instead of the greeting) is an outage like a refused
 * connect: retried within lease-timeout, with both drivers.
 */
@MySqlTest
class HandshakeCutIT {

    @ParameterizedTest(name = "{0}, reset {1}")
    @CsvSource({ "mysql, true", "mysql, false", "mariadb, true", "mariadb, false" })
    void aConnectCutMidHandshakeIsRetriedAndSucceedsOnceTheServerAnswers(String driver, boolean reset,
            TestDatabase db, MySqlTestServer server) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (PortSwitch address = new PortSwitch(server.hostAndPort());
             ServerlessMySqlDataSource dataSource = behind(address, db, driver, Duration.ofSeconds(60), listener)) {
            address.cutNext(3, reset);
            address.up();

            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
            }

            assertThat(address.cut()).isEqualTo(3);
            assertThat(listener.retryCauses).hasSize(3).allSatisfy(cause -> assertThat(
                    ErrorClassifier.connectCause(cause)).isEqualTo(ErrorClassifier.ConnectCause.UNREACHABLE));
            assertThat(listener.events).last().isEqualTo("connected 4");
            assertThat(dataSource.stats().connectFailures()).isZero();
        }
    }

    /** Cut for longer than lease-timeout: reported as an unreachable server, after retries, not at once. */
    @ParameterizedTest(name = "{0}, reset {1}")
    @CsvSource({ "mysql, true", "mysql, false", "mariadb, true", "mariadb, false" })
    void aServerThatKeepsCuttingTheHandshakeIsReportedUnreachableAfterRetries(String driver, boolean reset,
            TestDatabase db, MySqlTestServer server) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (PortSwitch address = new PortSwitch(server.hostAndPort());
             ServerlessMySqlDataSource dataSource = behind(address, db, driver, Duration.ofSeconds(1), listener)) {
            address.cutNext(Integer.MAX_VALUE, reset);
            address.up();

            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("the server is unreachable")
                    .hasMessageContaining("serverless.mysql.lease-timeout (1s)");
            assertThat(listener.count("retry")).isPositive();
        }
    }

    /**
     * The driver's words reach the caller whole with a one-letter password: masking every "x"
     * turned Connector/J's "Expected ... unexpectedly lost" into "E****pected ... une****pectedly
     * lost" (issue 30 item 9).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mysql | Expected to read 4 bytes, read 0 bytes before connection was unexpectedly lost",
            "mariadb | unexpected end of stream, read 0 bytes from 4" })
    void aOneLetterPasswordDoesNotGarbleTheDriversMessage(String driver, String words, TestDatabase db,
            MySqlTestServer server) throws Exception {
        try (PortSwitch address = new PortSwitch(server.hostAndPort());
             ServerlessMySqlDataSource dataSource = LeaseIntegrityIT.builderFor(db, driver)
                     .jdbcUrl(LeaseIntegrityIT.url(db, driver).replace(server.hostAndPort(), address.hostAndPort()))
                     .password("x").leaseTimeout(Duration.ofSeconds(1)).build()) {
            address.cutNext(Integer.MAX_VALUE, false);
            address.up();

            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining(words).hasMessageNotContaining(JdbcUrls.MASK);
        }
    }

    /** A DataSource of the given driver that connects through {@code address}. */
    static ServerlessMySqlDataSource behind(PortSwitch address, TestDatabase db, String driver, Duration leaseTimeout,
                                            RecordingListener listener) {
        return LeaseIntegrityIT.builderFor(db, driver)
                .jdbcUrl(LeaseIntegrityIT.url(db, driver).replace(db.server().hostAndPort(), address.hostAndPort()))
                .leaseTimeout(leaseTimeout).listener(listener).build();
    }
}
