package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Timeouts in the URL never lengthen a connect attempt past the time left before lease-timeout;
 * the URL's socketTimeout still governs statements once connected (issue 30 item 7).
 */
@MySqlTest
class UrlTimeoutsIT {

    /** Far longer than the lease-timeout and the bound asserted: an attempt that used it is obvious. */
    private static final int URL_TIMEOUT_MILLIS = 120_000;

    /**
     * A server that accepts the TCP connection and never greets (its backlog holds the connection;
     * nothing reads it). With the URL's timeouts, one attempt would wait 120 s; lease-timeout 2 s
     * ends the call long before. The bound asserted, 60 s, is 30 times the lease-timeout, so a busy
     * machine cannot fail it, and half the URL's value, so the URL's timeout cannot pass it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "jdbc:mysql", "jdbc:mariadb" })
    @Timeout(300)
    void aUrlSocketTimeoutDoesNotLengthenAConnectAttemptPastTheLeaseTimeout(String scheme) throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RecordingListener listener = new RecordingListener();
            try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                    .jdbcUrl(scheme + "://127.0.0.1:" + silent.getLocalPort() + "/app?socketTimeout=" + URL_TIMEOUT_MILLIS
                            + "&connectTimeout=" + URL_TIMEOUT_MILLIS)
                    .username("app").password("pw").leaseTimeout(Duration.ofSeconds(2)).listener(listener).build()) {
                long started = System.nanoTime();
                assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("the server is unreachable")
                        .hasMessageContaining("serverless.mysql.lease-timeout (2s)");
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(took).isLessThan(Duration.ofMillis(URL_TIMEOUT_MILLIS / 2));
                assertThat(listener.count("connectFailed")).isEqualTo(1);
            }
        }
    }

    /** Connected through the DataSource, the connection keeps the URL's socketTimeout for its statements. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "mysql", "mariadb" })
    void theUrlSocketTimeoutStillAppliesToStatements(String driver, TestDatabase db) throws Exception {
        String url = LeaseIntegrityIT.url(db, driver);
        String withTimeouts = url + (url.contains("?") ? "&" : "?") + "socketTimeout=" + URL_TIMEOUT_MILLIS
                + "&connectTimeout=" + URL_TIMEOUT_MILLIS;
        try (ServerlessMySqlDataSource dataSource = LeaseIntegrityIT.builderFor(db, driver).jdbcUrl(withTimeouts)
                .leaseTimeout(Duration.ofSeconds(30)).build();
             Connection connection = dataSource.getConnection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(URL_TIMEOUT_MILLIS);
            assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
        }
    }
}
