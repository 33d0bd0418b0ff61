package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.FixedClockRdsUtilities;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * IAM tokens against a real server. The server cannot check a SigV4 signature (only RDS can), but
 * a token is deterministic for fixed AWS credentials and clock: a user whose password IS the
 * token made for that instant accepts exactly that token, so the test proves which token each
 * connect presented. Over TLS, as RDS requires (MariaDB 11.4 makes itself a certificate).
 */
@MySqlTest
class IamAuthTokenIT {

    private static final Instant SIGNED_AT = Instant.parse("2026-01-15T10:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql:", "jdbc:mariadb:"})
    void aTokenIsAcceptedAsThePasswordAndNeverReusedPastItsLifetime(String driver, TestDatabase db) throws Exception {
        MutableClock clock = new MutableClock(SIGNED_AT);
        RdsUtilities utilities = FixedClockRdsUtilities.create(Region.EU_WEST_1, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")), clock);
        String url = tlsUrl(db, driver);
        AwsEndpoints.HostAndPort endpoint = AwsEndpoints.hostAndPort(url);
        String user = "iam" + System.nanoTime() % 1_000_000_000L;
        String first = token(utilities, endpoint, user);
        try (Connection admin = db.server().adminConnection()) {
            TestDatabase.execute(admin, "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + first + "'");
            TestDatabase.execute(admin, "GRANT ALL PRIVILEGES ON `" + db.name() + "`.* TO '" + user + "'@'%'");
        }
        try {
            IamAuthTokenCredentials tokens = IamAuthTokenCredentials.builder().jdbcUrl(url).username(user)
                    .rdsUtilities(utilities).clock(clock).build();
            try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(url).username(user)
                    .credentialsProvider(tokens).thawThreshold(Duration.ZERO).build()) {
                long threadId;
                try (Connection connection = dataSource.getConnection()) {
                    assertThat(TestDatabase.queryString(connection, "SELECT CURRENT_USER()")).startsWith(user + "@");
                    threadId = TestDatabase.connectionId(connection);
                }
                dataSource.endInvocation();

                // Within its reuse window the same token serves the next connect.
                clock.set(SIGNED_AT.plus(IamAuthTokenCredentials.REUSE_FOR).minusSeconds(1));
                db.killThread(threadId);
                try (Connection connection = dataSource.getConnection()) {
                    threadId = TestDatabase.connectionId(connection);
                }
                dataSource.endInvocation();

                // Past it, a new token, made for the new instant: the server (password: the old one) refuses it.
                Instant later = SIGNED_AT.plus(IamAuthTokenCredentials.TOKEN_LIFETIME);
                clock.set(later);
                db.killThread(threadId);
                // The thawed connection's check is the lease's first call's: the reconnect fails there.
                try (Connection connection = dataSource.getConnection()) {
                    assertThatThrownBy(() -> TestDatabase.connectionId(connection)).isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1045))
                            .satisfies(e -> assertThat(e.toString()).doesNotContain("X-Amz-Signature="));
                }

                String second = token(utilities, endpoint, user);
                assertThat(second).isNotEqualTo(first);
                try (Connection admin = db.server().adminConnection()) {
                    TestDatabase.execute(admin, "ALTER USER '" + user + "'@'%' IDENTIFIED BY '" + second + "'");
                }
                try (Connection connection = dataSource.getConnection()) {
                    assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
                }
                assertThat(dataSource.toString()).doesNotContain("X-Amz");
            }
        } finally {
            try (Connection admin = db.server().adminConnection()) {
                TestDatabase.execute(admin, "DROP USER '" + user + "'@'%'");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql:", "jdbc:mariadb:"})
    void aUrlWithoutTlsIsRejectedAtBuildTime(String driver, TestDatabase db) {
        String url = db.jdbcUrl().replace("jdbc:mysql:", driver);
        IamAuthTokenCredentials tokens = IamAuthTokenCredentials.builder().jdbcUrl(tlsUrl(db, driver)).username("u")
                .region("eu-west-1").rdsUtilities(FixedClockRdsUtilities.create(Region.EU_WEST_1,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")), Clock.systemUTC()))
                .build();
        assertThatThrownBy(() -> ServerlessMySqlDataSource.builder().jdbcUrl(url).username("u")
                .credentialsProvider(tokens).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Invalid jdbcUrl")
                .hasMessageContaining("requires TLS")
                .hasMessageContaining("mysql_clear_password");
    }

    /** The test server's URL with TLS required, in each driver's words. */
    static String tlsUrl(TestDatabase db, String driver) {
        String base = db.jdbcUrl().replace("useSSL=false&", "");
        return driver.equals("jdbc:mariadb:") ? base.replace("jdbc:mysql:", driver) + "&sslMode=trust"
                : base + "&sslMode=REQUIRED";
    }

    private static String token(RdsUtilities utilities, AwsEndpoints.HostAndPort endpoint, String user) {
        return utilities.generateAuthenticationToken(r -> r.hostname(endpoint.host()).port(endpoint.port()).username(user));
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
