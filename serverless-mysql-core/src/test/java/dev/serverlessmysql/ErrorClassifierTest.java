package dev.serverlessmysql;

import static dev.serverlessmysql.ErrorClassifierTest.Verdict.FATAL;
import static dev.serverlessmysql.ErrorClassifierTest.Verdict.RETRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.mysql.cj.jdbc.exceptions.CommunicationsException;

import dev.serverlessmysql.ErrorClassifier.ConnectCause;

/**
 * Retry, fatal and broken decisions, on synthetic exceptions shaped like each driver's and on
 * exceptions the real drivers throw against a closed port or a fake server.
 */
class ErrorClassifierTest {

    /** What the connector does after a failed attempt, by the cause the classifier names. */
    enum Verdict {
        RETRY, FATAL
    }

    static Verdict classifyConnectFailure(SQLException e) {
        return ErrorClassifier.connectCause(e).retryable() ? RETRY : FATAL;
    }

    @Nested
    class ConnectFailures {

        @ParameterizedTest(name = "{0} with SQLState {1}")
        @CsvSource({
            "1040, 08004", "1040, HY000", "1040, ''",
            "1203, 42000", "1203, HY000",
            "1226, 42000", "1226, HY000",
            "1041, HY000", "1041, 08004"})
        void capacityCodesAreRetriedWhateverTheSqlState(int code, String sqlState) {
            SQLException e = new SQLException("server busy", sqlState.isEmpty() ? null : sqlState, code);
            assertThat(classifyConnectFailure(e)).isEqualTo(RETRY);
        }

        @Test
        void aCapacityCodeDeepInTheChainIsRetried() {
            SQLException server = new SQLNonTransientConnectionException("Too many connections", "08004", 1040);
            SQLException wrapper = new SQLException("could not connect", new RuntimeException("pool wrapper", server));
            assertThat(classifyConnectFailure(wrapper)).isEqualTo(RETRY);
        }

        @Test
        void aCapacityCodeInANextExceptionIsRetried() {
            SQLException first = new SQLException("could not connect");
            first.setNextException(new SQLException("User has exceeded max_user_connections", "42000", 1203));
            assertThat(classifyConnectFailure(first)).isEqualTo(RETRY);
        }

        @Test
        void aCapacityCodeWinsOverAnSslProblemInTheSameChain() {
            SQLException e = new SQLException("Too many connections", "08004", 1040, new SSLException("closed"));
            assertThat(classifyConnectFailure(e)).isEqualTo(RETRY);
        }

        @Test
        void connectionRefusedIsRetried() {
            SQLException connectorJ = new SQLException("Communications link failure", "08S01",
                    new ConnectException("Connection refused"));
            SQLException mariaDb = new SQLNonTransientConnectionException(
                    "Socket fail to connect to db:3306. Connection refused", "08000", new ConnectException("Connection refused"));
            assertThat(classifyConnectFailure(connectorJ)).isEqualTo(RETRY);
            assertThat(classifyConnectFailure(mariaDb)).isEqualTo(RETRY);
        }

        @Test
        void aConnectTimeoutIsRetried() {
            SQLException connectorJ = new SQLException("Communications link failure", "08S01",
                    new RuntimeException("wrapped", new SocketTimeoutException("connect timed out")));
            SQLException mariaDb = new SQLTimeoutException("Socket timeout when connecting to db:3306. Read timed out",
                    "08000", new SocketTimeoutException("Read timed out"));
            assertThat(classifyConnectFailure(connectorJ)).isEqualTo(RETRY);
            assertThat(classifyConnectFailure(mariaDb)).isEqualTo(RETRY);
        }

        @Test
        void aConnectionStateWhoseMessageSaysRefusedOrTimedOutIsRetried() {
            assertThat(classifyConnectFailure(
                    new SQLException("Could not connect: Connection refused", "08001"))).isEqualTo(RETRY);
            assertThat(classifyConnectFailure(
                    new SQLException("Could not connect", "08S01", new IOException("Connect Timed Out")))).isEqualTo(RETRY);
        }

        @Test
        void refusedOrTimedOutTextWithoutAConnectionStateIsFatal() {
            assertThat(classifyConnectFailure(
                    new SQLException("Connection refused", "HY000"))).isEqualTo(FATAL);
            assertThat(classifyConnectFailure(new SQLException("timed out"))).isEqualTo(FATAL);
        }

        @Test
        void aConnectionStateWithoutANetworkCauseIsFatal() {
            // DriverManager's own 08001, Connector/J's unparsable URL, MariaDB's TLS refusal.
            assertThat(classifyConnectFailure(
                    new SQLException("No suitable driver found for jdbc:mysql://db/app", "08001"))).isEqualTo(FATAL);
            assertThat(classifyConnectFailure(new SQLNonTransientConnectionException(
                    "Cannot load connection class because of underlying exception", "08001",
                    new NumberFormatException("For input string: \"x\"")))).isEqualTo(FATAL);
            assertThat(classifyConnectFailure(new SQLNonTransientConnectionException(
                    "Trying to connect with ssl, but ssl not enabled in the server", "08000"))).isEqualTo(FATAL);
        }

        /** A connect cut before the handshake completed: an outage like a refused connect (issue 30 item 4). */
        @Test
        void aConnectCutBeforeTheHandshakeCompletedIsRetried() {
            // Connector/J: end of stream, and a reset.
            assertThat(ErrorClassifier.connectCause(new SQLException("Communications link failure", "08S01",
                    new EOFException("Can not read response from server. Expected to read 4 bytes, read 0 bytes before"
                            + " connection was unexpectedly lost.")))).isEqualTo(ErrorClassifier.ConnectCause.UNREACHABLE);
            assertThat(classifyConnectFailure(new SQLException("Communications link failure", "08S01",
                    new SocketException("Connection reset")))).isEqualTo(RETRY);
            // MariaDB: the same two.
            assertThat(classifyConnectFailure(new SQLNonTransientConnectionException(
                    "Could not connect to 127.0.0.1:3306 : unexpected end of stream, read 0 bytes from 4 (socket was"
                            + " closed by server)", "08000", new EOFException("unexpected end of stream"))))
                    .isEqualTo(RETRY);
            assertThat(classifyConnectFailure(new SQLNonTransientConnectionException(
                    "Socket fail to connect to 127.0.0.1:3306. Connection reset by peer", "08000",
                    new SocketException("Connection reset by peer")))).isEqualTo(RETRY);
            // The JDK's report of a peer gone during the TLS handshake.
            assertThat(classifyConnectFailure(new SQLException("Communications link failure", "08S01",
                    new SSLHandshakeException("Remote host terminated the handshake").initCause(new EOFException(
                            "SSL peer shut down incorrectly"))))).isEqualTo(RETRY);
            // What the server said before it closed still decides.
            assertThat(classifyConnectFailure(new SQLException("Access denied", "28000", 1045,
                    new SocketException("Connection reset")))).isEqualTo(FATAL);
        }

        @Test
        void anSslProblemIsFatalEvenBesideANetworkTimeout() {
            SQLException handshake = new SQLException("Communications link failure", "08S01",
                    new SSLHandshakeException("PKIX path building failed"));
            SSLException sslWithTimeout = new SSLException("handshake", new SocketTimeoutException("Read timed out"));
            SQLException timeoutInsideSsl = new SQLNonTransientConnectionException(
                    "Could not connect to db:3306 : handshake", "08000", sslWithTimeout);
            assertThat(classifyConnectFailure(handshake)).isEqualTo(FATAL);
            assertThat(classifyConnectFailure(timeoutInsideSsl)).isEqualTo(FATAL);
        }

        @Test
        void anUnknownHostIsFatalEvenThoughItIsANetworkState() {
            SQLException connectorJ = new SQLException("Communications link failure", "08S01",
                    new RuntimeException("CJCommunicationsException", new UnknownHostException("db.invalid")));
            SQLException mariaDb = new SQLNonTransientConnectionException(
                    "Socket fail to connect to db.invalid. db.invalid timed out", "08000", new UnknownHostException("db.invalid"));
            assertThat(classifyConnectFailure(connectorJ)).isEqualTo(FATAL);
            assertThat(classifyConnectFailure(mariaDb)).isEqualTo(FATAL);
        }

        @ParameterizedTest(name = "{0} with SQLState {1}")
        @CsvSource({"1045, 28000", "1045, HY000", "1044, 42000", "1698, 28000", "0, 28000", "1049, 42000"})
        void accessDeniedAndUnknownDatabaseAreFatal(int code, String sqlState) {
            SQLException e = new SQLInvalidAuthorizationSpecException("denied", sqlState, code);
            assertThat(classifyConnectFailure(e)).isEqualTo(FATAL);
        }

        @Test
        void accessDeniedIsFatalEvenWithANetworkCauseInTheChain() {
            SQLException e = new SQLException("Access denied for user 'app'", "28000", 1045,
                    new ConnectException("Connection refused"));
            assertThat(classifyConnectFailure(e)).isEqualTo(FATAL);
        }

        @Test
        void whatIsNotRecognisedIsFatal() {
            assertThat(classifyConnectFailure(new SQLException("something odd"))).isEqualTo(FATAL);
            assertThat(classifyConnectFailure(new SQLException("Host blocked", "HY000", 1129))).isEqualTo(FATAL);
            assertThat(classifyConnectFailure(new SQLException("syntax", "42000", 1064))).isEqualTo(FATAL);
        }

        @Test
        void connectorJsCommunicationsExceptionIsClassifiedByItsCause() {
            assertThat(classifyConnectFailure(
                    new CommunicationsException("Communications link failure", new ConnectException("Connection refused"))))
                    .isEqualTo(RETRY);
            assertThat(classifyConnectFailure(
                    new CommunicationsException("Communications link failure", new UnknownHostException("db.invalid"))))
                    .isEqualTo(FATAL);
        }
    }

    @Nested
    class ConnectCauses {

        @ParameterizedTest(name = "{0}")
        @CsvSource({ "1040", "1041", "1203", "1226" })
        void capacityCodesMeanTheServerIsFull(int code) {
            assertThat(ErrorClassifier.connectCause(new SQLException("busy", "HY000", code)))
                    .isEqualTo(ConnectCause.SERVER_FULL);
        }

        @Test
        void refusedAndTimedOutMeanUnreachable() {
            assertThat(ErrorClassifier.connectCause(new SQLException("Communications link failure", "08S01",
                    new ConnectException("Connection refused")))).isEqualTo(ConnectCause.UNREACHABLE);
            assertThat(ErrorClassifier.connectCause(new SQLTimeoutException("Socket timeout", "08000",
                    new SocketTimeoutException("Read timed out")))).isEqualTo(ConnectCause.UNREACHABLE);
        }

        @Test
        void credentialsDatabaseAndTlsMeanRejected() {
            assertThat(ErrorClassifier.connectCause(new SQLException("Access denied", "28000", 1045)))
                    .isEqualTo(ConnectCause.REJECTED);
            assertThat(ErrorClassifier.connectCause(new SQLSyntaxErrorException("Unknown database", "42000", 1049)))
                    .isEqualTo(ConnectCause.REJECTED);
            assertThat(ErrorClassifier.connectCause(new SQLException("Communications link failure", "08S01",
                    new SSLHandshakeException("PKIX path building failed")))).isEqualTo(ConnectCause.REJECTED);
        }

        @Test
        void anUnknownHostIsItsOwnCauseAndNotRetried() {
            ConnectCause cause = ErrorClassifier.connectCause(new SQLException("Communications link failure", "08S01",
                    new UnknownHostException("db.invalid")));
            assertThat(cause).isEqualTo(ConnectCause.UNKNOWN_HOST);
            assertThat(cause.retryable()).isFalse();
        }

        @Test
        void onlyAFullServerAndAnUnreachableOneAreWorthWaitingFor() {
            assertThat(ConnectCause.values()).filteredOn(ConnectCause::retryable)
                    .containsExactlyInAnyOrder(ConnectCause.SERVER_FULL, ConnectCause.UNREACHABLE);
            assertThat(ErrorClassifier.connectCause(new SQLException("No suitable driver", "08001")))
                    .isEqualTo(ConnectCause.OTHER);
        }

        @Test
        void theRootMessageIsTheInnermostOneThatSaysSomething() {
            SQLException e = new SQLException("Communications link failure", "08S01",
                    new RuntimeException("wrapped", new ConnectException("Connection refused")));
            assertThat(ErrorClassifier.rootMessage(e)).isEqualTo("Connection refused");
            assertThat(ErrorClassifier.rootMessage(new SQLException("only this"))).isEqualTo("only this");
        }
    }

    @Nested
    class BrokenConnections {

        @ParameterizedTest(name = "SQLState {0}")
        @CsvSource({"08S01", "08003", "08006", "08000", "08001", "08007"})
        void connectionStateClassMeansBroken(String sqlState) {
            assertThat(ErrorClassifier.isConnectionBroken(new SQLException("lost", sqlState))).isTrue();
        }

        @ParameterizedTest(name = "vendor code {0} with SQLState {1}")
        @CsvSource({"1927, 70100", "1053, 08S01", "1053, HY000", "2006, HY000", "2013, HY000", "4031, HY000", "3169, HY000"})
        void killedOrLostSessionCodesMeanBroken(int code, String sqlState) {
            assertThat(ErrorClassifier.isConnectionBroken(new SQLException("gone", sqlState, code))).isTrue();
        }

        @Test
        void mariaDbsConnectionKilledIsBrokenThoughItArrivesAsATimeout() {
            // MariaDB maps SQLState 70100 to SQLTimeoutException for both KILL and KILL QUERY.
            assertThat(ErrorClassifier.isConnectionBroken(new SQLTimeoutException("Connection was killed", "70100", 1927)))
                    .isTrue();
            assertThat(ErrorClassifier.isConnectionBroken(
                    new SQLTimeoutException("Query execution was interrupted", "70100", 1317))).isFalse();
        }

        @Test
        void connectionExceptionTypesMeanBrokenWithoutAState() {
            assertThat(ErrorClassifier.isConnectionBroken(new SQLNonTransientConnectionException("closed"))).isTrue();
            assertThat(ErrorClassifier.isConnectionBroken(new SQLRecoverableException("lost"))).isTrue();
            assertThat(ErrorClassifier.isConnectionBroken(
                    new CommunicationsException("Communications link failure", new EOFException()))).isTrue();
        }

        @Test
        void ordinaryStatementErrorsLeaveTheConnectionUsable() {
            assertThat(ErrorClassifier.isConnectionBroken(
                    new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062))).isFalse();
            assertThat(ErrorClassifier.isConnectionBroken(new SQLSyntaxErrorException("syntax", "42000", 1064))).isFalse();
            assertThat(ErrorClassifier.isConnectionBroken(new SQLTransactionRollbackException("Deadlock", "40001", 1213)))
                    .isFalse();
            assertThat(ErrorClassifier.isConnectionBroken(new SQLException("Lock wait timeout", "HY000", 1205))).isFalse();
            assertThat(ErrorClassifier.isConnectionBroken(new SQLException("Query execution was interrupted", "70100", 1317)))
                    .isFalse();
            assertThat(ErrorClassifier.isConnectionBroken(new SQLException("no state"))).isFalse();
        }

        @Test
        void aLostConnectionBehindAWrapperOrInABatchIsBroken() {
            SQLException wrapped = new SQLException("statement failed", "HY000", 0,
                    new IllegalStateException("proxy", new SQLException("gone away", "HY000", 2006)));
            BatchUpdateException batch = new BatchUpdateException("batch failed", "HY000", 0, new int[0]);
            batch.setNextException(new SQLException("Duplicate entry", "23000", 1062));
            batch.setNextException(new SQLException("Communications link failure", "08S01"));
            assertThat(ErrorClassifier.isConnectionBroken(wrapped)).isTrue();
            assertThat(ErrorClassifier.isConnectionBroken(batch)).isTrue();
        }
    }

    @Nested
    class VendorCodes {

        @Test
        void theOutermostNonZeroCodeComesFirst() {
            SQLException inner = new SQLException("inner", "HY000", 2013);
            SQLException outer = new SQLException("outer", "HY000", 1317, inner);
            assertThat(ErrorClassifier.vendorCode(outer)).isEqualTo(1317);
        }

        @Test
        void zeroCodesAreSkippedThroughCausesAndNextExceptions() {
            SQLException viaCause = new SQLException("outer", "08S01", 0,
                    new RuntimeException("not SQL", new SQLException("inner", "08004", 1040)));
            SQLException viaNext = new SQLException("first", "HY000", 0);
            viaNext.setNextException(new SQLException("second", "42000", 1203));
            assertThat(ErrorClassifier.vendorCode(viaCause)).isEqualTo(1040);
            assertThat(ErrorClassifier.vendorCode(viaNext)).isEqualTo(1203);
        }

        @Test
        void causesAreReadBeforeNextExceptions() {
            SQLException first = new SQLException("first", "HY000", 0, new SQLException("cause", "HY000", 1045));
            first.setNextException(new SQLException("next", "HY000", 1040));
            assertThat(ErrorClassifier.vendorCode(first)).isEqualTo(1045);
        }

        @Test
        void noCodeAnywhereIsZero() {
            assertThat(ErrorClassifier.vendorCode(new SQLException("x", "08S01", new ConnectException()))).isZero();
        }
    }

    @Nested
    class Cycles {

        @Test
        void aCauseCycleEnds() {
            SQLException a = new SQLException("a", "HY000", 0);
            SQLException b = new SQLException("b", "HY000", 0);
            a.initCause(b);
            b.initCause(a);
            assertThat(ErrorClassifier.vendorCode(a)).isZero();
            assertThat(ErrorClassifier.isConnectionBroken(a)).isFalse();
            assertThat(classifyConnectFailure(a)).isEqualTo(FATAL);
            assertThat(ErrorClassifier.chain(a)).containsExactly(a, b);
        }

        @Test
        void aNextExceptionCycleEndsAndStillFindsWhatIsInIt() {
            SQLException a = new SQLException("a", "HY000", 0);
            SQLException b = new SQLException("Too many connections", "08004", 1040);
            a.setNextException(b);
            b.setNextException(a);
            assertThat(ErrorClassifier.vendorCode(a)).isEqualTo(1040);
            assertThat(classifyConnectFailure(a)).isEqualTo(RETRY);
            assertThat(ErrorClassifier.isConnectionBroken(a)).isTrue();
        }

        @Test
        void aCycleThroughBothLinksEnds() {
            SQLException a = new SQLException("a", "HY000", 0);
            SQLException b = new SQLException("b", "HY000", 0);
            RuntimeException c = new RuntimeException("c", a);
            a.setNextException(b);
            b.initCause(c);
            assertThat(ErrorClassifier.chain(a)).containsExactly(a, b, c);
            assertThat(classifyConnectFailure(a)).isEqualTo(FATAL);
        }
    }

    /**
     * What Connector/J and the MariaDB driver really throw when the server is unreachable, silent
     * or answers the TCP connect with an error packet, as MySQL does when it is full.
     */
    @Nested
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    class RealDrivers {

        private final Driver connectorJ;
        private final Driver mariaDb = new org.mariadb.jdbc.Driver();

        RealDrivers() throws SQLException {
            connectorJ = new com.mysql.cj.jdbc.Driver();
        }

        @Test
        void aClosedPortIsRetriedWithBothDrivers() throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            assertThat(classify(connectorJ, "jdbc:mysql://127.0.0.1:" + port + "/app")).isEqualTo(RETRY);
            assertThat(classify(mariaDb, "jdbc:mariadb://127.0.0.1:" + port + "/app")).isEqualTo(RETRY);
        }

        @Test
        void aServerThatNeverGreetsIsRetriedWithBothDrivers() throws IOException {
            // The kernel completes the TCP handshake from the backlog; nobody ever answers.
            try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
                int port = silent.getLocalPort();
                assertThat(classify(connectorJ, "jdbc:mysql://127.0.0.1:" + port + "/app")).isEqualTo(RETRY);
                assertThat(classify(mariaDb, "jdbc:mariadb://127.0.0.1:" + port + "/app")).isEqualTo(RETRY);
            }
        }

        @Test
        void aMalformedUrlIsFatalWithBothDrivers() {
            assertThat(classify(connectorJ, "jdbc:mysql://127.0.0.1:notaport/app")).isEqualTo(FATAL);
            assertThat(classify(mariaDb, "jdbc:mariadb://127.0.0.1:notaport/app")).isEqualTo(FATAL);
        }

        @Test
        void tooManyConnectionsIsRetriedWithBothDrivers() throws Exception {
            SQLException fromConnectorJ = failAgainstGreeting(connectorJ, "jdbc:mysql", 1040, "Too many connections");
            SQLException fromMariaDb = failAgainstGreeting(mariaDb, "jdbc:mariadb", 1040, "Too many connections");
            assertThat(ErrorClassifier.vendorCode(fromConnectorJ)).isEqualTo(1040);
            assertThat(ErrorClassifier.vendorCode(fromMariaDb)).isEqualTo(1040);
            assertThat(classifyConnectFailure(fromConnectorJ)).isEqualTo(RETRY);
            assertThat(classifyConnectFailure(fromMariaDb)).isEqualTo(RETRY);
        }

        @Test
        void accessDeniedIsFatalWithBothDrivers() throws Exception {
            SQLException fromConnectorJ = failAgainstGreeting(connectorJ, "jdbc:mysql", 1045, "Access denied");
            SQLException fromMariaDb = failAgainstGreeting(mariaDb, "jdbc:mariadb", 1045, "Access denied");
            assertThat(ErrorClassifier.vendorCode(fromConnectorJ)).isEqualTo(1045);
            assertThat(ErrorClassifier.vendorCode(fromMariaDb)).isEqualTo(1045);
            assertThat(classifyConnectFailure(fromConnectorJ)).isEqualTo(FATAL);
            assertThat(classifyConnectFailure(fromMariaDb)).isEqualTo(FATAL);
        }

        @Test
        void eachDriversFailuresGetTheCauseTheirAdviceNeeds() throws Exception {
            int closed;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = socket.getLocalPort();
            }
            for (String scheme : new String[] { "jdbc:mysql", "jdbc:mariadb" }) {
                Driver driver = scheme.equals("jdbc:mysql") ? connectorJ : mariaDb;
                assertThat(ErrorClassifier.connectCause(connectFailure(driver, scheme + "://127.0.0.1:" + closed + "/app")))
                        .as(scheme + " closed port").isEqualTo(ConnectCause.UNREACHABLE);
                assertThat(ErrorClassifier.connectCause(failAgainstGreeting(driver, scheme, 1040, "Too many connections")))
                        .as(scheme + " 1040").isEqualTo(ConnectCause.SERVER_FULL);
                assertThat(ErrorClassifier.connectCause(failAgainstGreeting(driver, scheme, 1045, "Access denied")))
                        .as(scheme + " 1045").isEqualTo(ConnectCause.REJECTED);
                assertThat(ErrorClassifier.connectCause(failAgainstGreeting(driver, scheme, 1049, "Unknown database")))
                        .as(scheme + " 1049").isEqualTo(ConnectCause.REJECTED);
                assertThat(ErrorClassifier.connectCause(connectFailure(driver, scheme + "://no-such-host.invalid:3306/app")))
                        .as(scheme + " unknown host").isEqualTo(ConnectCause.UNKNOWN_HOST);
                assertThat(ErrorClassifier.rootMessage(connectFailure(driver, scheme + "://127.0.0.1:" + closed + "/app")))
                        .as(scheme + " driver's words").containsIgnoringCase("refused");
            }
        }

        private Verdict classify(Driver driver, String url) {
            return classifyConnectFailure(connectFailure(driver, url));
        }

        private SQLException connectFailure(Driver driver, String url) {
            Properties properties = new Properties();
            properties.setProperty("user", "app");
            properties.setProperty("password", "secret");
            properties.setProperty("connectTimeout", "500");
            properties.setProperty("socketTimeout", "500");
            SQLException e = catchThrowableOfType(SQLException.class, () -> driver.connect(url, properties).close());
            assertThat((Throwable) e).as("connecting to %s must fail", url).isNotNull();
            return e;
        }

        /** Answers one TCP connect with an error packet instead of the server greeting, as a full server does. */
        private SQLException failAgainstGreeting(Driver driver, String scheme, int code, String message) throws Exception {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Thread answering = new Thread(() -> answerWithError(server, code, message), "fake-mysql-" + code);
                answering.setDaemon(true);
                answering.start();
                SQLException e = connectFailure(driver, scheme + "://127.0.0.1:" + server.getLocalPort() + "/app");
                answering.join(5_000);
                return e;
            }
        }

        private static void answerWithError(ServerSocket server, int code, String message) {
            try (Socket client = server.accept()) {
                ByteArrayOutputStream payload = new ByteArrayOutputStream();
                payload.write(0xFF);
                payload.write(code & 0xFF);
                payload.write(code >> 8);
                payload.writeBytes(message.getBytes(StandardCharsets.UTF_8));
                OutputStream out = client.getOutputStream();
                // Packet header: 3-byte little-endian length, then sequence number 0.
                out.write(new byte[] {(byte) payload.size(), 0, 0, 0});
                payload.writeTo(out);
                out.flush();
                client.shutdownOutput();
                client.setSoTimeout(2_000);
                while (client.getInputStream().read() >= 0) {
                    // Drain until the driver hangs up, so our close cannot reset its read.
                }
            } catch (IOException ignored) {
                // The driver hung up first; it has already read the packet or failed the test.
            }
        }
    }
}
