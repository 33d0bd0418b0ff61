package dev.serverlessmysql;

import static dev.serverlessmysql.test.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Round trips per invocation, counted by the server: {@code Questions} (statements), plus
 * {@code Com_admin_commands} (pings) and {@code Com_stmt_prepare} (server-side prepares, which
 * {@code Questions} leaves out), read on a separate administrator connection and corrected for
 * that connection's own reads. Each invocation runs one {@code SELECT 1}: the function's own
 * statement. Nothing else talks to the test server while a test runs (test classes run one at a
 * time in a JVM, and each JVM has its own server).
 *
 * <p>Run with {@code ./mvnw -B -pl serverless-mysql-core -am verify -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=RoundTripsIT}: each case prints its counts.
 */
@MySqlTest
class RoundTripsIT {

    private static final Duration GAP_THRESHOLD = Duration.ofMillis(200);

    @ParameterizedTest(name = "{0}, per-user limit {1}")
    @CsvSource({"mysql, false", "mysql, true", "mariadb, false", "mariadb, true"})
    void anInvocationAfterAnIdleGapSendsThePingOfAPoolAndOneRoundTripOfHousekeeping(String driver, boolean userLimit,
            TestDatabase db, MySqlTestServer server) throws Exception {
        TestDatabase user = db.newUser();
        if (userLimit) {
            user.setMaxUserConnections(20);
        }
        // The thaw threshold and the limit's cache below the gap, the usage read at every run (its
        // lifetime also grows with the connections counted): validation, limit and usage are all due.
        try (ServerlessMySqlDataSource dataSource = builder(user, driver).thawThreshold(GAP_THRESHOLD)
                .usedConnectionsCacheTtl(Duration.ZERO).usedConnectionsCacheTtlUnderHalf(Duration.ZERO)
                .maxConnectionsCacheTtl(GAP_THRESHOLD).build();
             RoundTripCounter counter = new RoundTripCounter(server)) {
            long connectionId = invoke(dataSource, Duration.ZERO);

            for (int i = 0; i < 3; i++) {
                idleLongerThan(GAP_THRESHOLD);
                long thaws = dataSource.stats().thaws();
                RoundTrips trips = counter.around(() -> assertThat(invoke(dataSource, Duration.ZERO)).isEqualTo(connectionId));

                System.out.printf("RoundTripsIT: %s, per-user limit %s, after an idle gap: %s%n", driver, userLimit, trips);
                assertThat(dataSource.stats().thaws()).isEqualTo(thaws + 1);
                assertThat(trips.pings()).as("the thaw's ping, as a pool's").isEqualTo(1);
                assertThat(trips.total()).as("the ping, the function's SELECT 1 and housekeeping's usage read")
                        .isEqualTo(3);
            }
            assertThat(dataSource.stats().thawFailures()).isZero();
            assertThat(dataSource.stats().lastUsed()).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void underHalfTheThresholdAThawWithinTheLongerUsageLifetimeSendsOnlyTheValidationPing(String driver,
            TestDatabase db, MySqlTestServer server) throws Exception {
        TestDatabase user = db.newUser();
        // 1 of 20: far under half the threshold (8 of 20).
        user.setMaxUserConnections(20);
        Duration longTime = Duration.ofMinutes(10);
        try (ServerlessMySqlDataSource dataSource = builder(user, driver).thawThreshold(GAP_THRESHOLD)
                .usedConnectionsCacheTtl(GAP_THRESHOLD).usedConnectionsCacheTtlUnderHalf(longTime)
                .maxConnectionsCacheTtl(longTime).build();
             RoundTripCounter counter = new RoundTripCounter(server)) {
            long connectionId = invoke(dataSource, Duration.ZERO);

            for (int i = 0; i < 3; i++) {
                idleLongerThan(GAP_THRESHOLD);
                long thaws = dataSource.stats().thaws();

                RoundTrips trips = counter.around(() -> assertThat(invoke(dataSource, Duration.ZERO)).isEqualTo(connectionId));

                System.out.printf("RoundTripsIT: %s, under half the threshold, after an idle gap: %s%n", driver, trips);
                assertThat(dataSource.stats().thaws()).isEqualTo(thaws + 1);
                assertThat(trips.pings()).as("the thaw's ping, as a pool's").isEqualTo(1);
                assertThat(trips.statements()).as("the function's SELECT 1 only: the usage sample still lives")
                        .isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void backToBackInvocationsUnderTheThresholdSendNoRoundTripOfTheirOwn(String driver, TestDatabase db,
            MySqlTestServer server) throws Exception {
        TestDatabase user = db.newUser();
        // Lifetimes far beyond what twenty invocations take, even on a loaded machine.
        Duration longTime = Duration.ofMinutes(10);
        try (ServerlessMySqlDataSource dataSource = builder(user, driver).zombieMinTimeout(longTime).thawThreshold(longTime.minusSeconds(1))
                .usedConnectionsCacheTtl(longTime).maxConnectionsCacheTtl(longTime).build();
             RoundTripCounter counter = new RoundTripCounter(server)) {
            invoke(dataSource, Duration.ZERO);

            RoundTrips trips = counter.around(() -> {
                for (int i = 0; i < 20; i++) {
                    invoke(dataSource, Duration.ZERO);
                }
            });

            System.out.printf("RoundTripsIT: %s, 20 back-to-back invocations: %s%n", driver, trips);
            assertThat(trips.total()).as("the functions' own statements only").isEqualTo(20);
            assertThat(trips.pings()).isZero();
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(21);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void overTheThresholdAfterAnIdleGapTheOldestZombieIsKilled(String driver, TestDatabase db,
            MySqlTestServer server) throws Exception {
        TestDatabase user = db.newUser();
        user.grantProcess();
        user.setMaxUserConnections(3);
        // 2 s: the thaw threshold must stay a second below the zombie min timeout.
        Duration minTimeout = Duration.ofSeconds(2);
        try (ServerlessMySqlDataSource dataSource = builder(user, driver).zombieMinTimeout(minTimeout)
                .thawThreshold(GAP_THRESHOLD).usedConnectionsCacheTtl(GAP_THRESHOLD).build();
             RoundTripCounter counter = new RoundTripCounter(server)) {
            long own = invoke(dataSource, Duration.ZERO);
            try (IdleConnections zombies = user.openIdleConnections(2)) {
                // The own connection sleeps too while we wait: the next lease is a thaw.
                user.awaitSleeping(List.of(own, zombies.threadIds().get(0), zombies.threadIds().get(1)), minTimeout);

                RoundTrips trips = counter.around(() -> assertThat(invoke(dataSource, Duration.ZERO)).isEqualTo(own));

                System.out.printf("RoundTripsIT: %s, over the threshold after an idle gap: %s%n", driver, trips);
                // 3 of 3 is over 0.8: one goes, the oldest.
                user.awaitThreadGone(zombies.threadIds().get(0));
                assertThat(dataSource.stats().zombiesKilled()).isEqualTo(1);
                assertThat(HousekeepingFixture.threadIds(user)).contains(own, zombies.threadIds().get(1));
                assertThat(trips.pings()).as("the thaw's ping").isEqualTo(1);
                // The ping; SELECT 1; the usage query; the listing (PROCESS: transactions visible); one KILL
                assertThat(trips.total()).isEqualTo(5);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void withoutHousekeepingAThawValidatesWithAPing(String driver, TestDatabase db, MySqlTestServer server)
            throws Exception {
        TestDatabase user = db.newUser();
        try (ServerlessMySqlDataSource dataSource = builder(user, driver).zombieEnabled(false)
                .thawThreshold(GAP_THRESHOLD).build();
             RoundTripCounter counter = new RoundTripCounter(server)) {
            long connectionId = invoke(dataSource, Duration.ZERO);
            idleLongerThan(GAP_THRESHOLD);

            RoundTrips trips = counter.around(() -> assertThat(invoke(dataSource, Duration.ZERO)).isEqualTo(connectionId));

            System.out.printf("RoundTripsIT: %s, zombie.enabled=false, after an idle gap: %s%n", driver, trips);
            assertThat(trips.pings()).isEqualTo(1);
            assertThat(trips.statements()).isEqualTo(1);
        }
    }

    static ServerlessMySqlConfig.Builder builder(TestDatabase user, String driver) {
        String url = user.jdbcUrl();
        if (driver.equals("mariadb")) {
            url = url.replace("jdbc:mysql:", "jdbc:mariadb:");
        }
        return ServerlessMySqlDataSource.builder().jdbcUrl(url).username(user.username()).password(user.password());
    }

    /** One invocation: lease, {@code SELECT CONNECTION_ID()}, some work off the database, release, housekeeping. */
    private static long invoke(ServerlessMySqlDataSource dataSource, Duration work) throws SQLException {
        try {
            try (Connection connection = dataSource.getConnection()) {
                long id = queryLong(connection, "SELECT CONNECTION_ID()");
                HousekeepingFixture.sleep(work);
                return id;
            }
        } finally {
            dataSource.endInvocation();
        }
    }

    /** The idle gap of a frozen container: waiting is the point here, not a synchronisation. */
    private static void idleLongerThan(Duration threshold) {
        HousekeepingFixture.sleep(threshold.multipliedBy(2));
    }

    interface Action {
        void run() throws Exception;
    }

    record RoundTrips(long statements, long pings, long prepares) {
        long total() {
            return statements + pings + prepares;
        }
    }

    /** Reads the server's counters on an administrator connection of its own. */
    static final class RoundTripCounter implements AutoCloseable {
        private static final String COUNTERS = "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                + " WHERE VARIABLE_NAME IN ('QUESTIONS', 'COM_ADMIN_COMMANDS', 'COM_STMT_PREPARE')";
        private static final String COUNTERS_MYSQL = "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM"
                + " performance_schema.global_status"
                + " WHERE VARIABLE_NAME IN ('Questions', 'Com_admin_commands', 'Com_stmt_prepare')";

        private final Connection admin;
        private final String sql;
        private final RoundTrips ownReads;

        RoundTripCounter(MySqlTestServer server) throws SQLException {
            admin = server.adminConnection();
            sql = server.isMariaDb() ? COUNTERS : COUNTERS_MYSQL;
            // Two reads with nothing between them: what one read adds to the counters. The least of a
            // few such pairs, in case a straggler (below) fell between one of them.
            RoundTrips least = null;
            for (int i = 0; i < 3; i++) {
                RoundTrips first = read();
                RoundTrips pair = minus(read(), first);
                if (least == null || pair.total() < least.total()) {
                    least = pair;
                }
            }
            ownReads = least;
        }

        RoundTrips around(Action action) throws Exception {
            RoundTrips before = settled();
            action.run();
            RoundTrips after = read();
            return minus(minus(after, before), ownReads);
        }

        /**
         * A read once nothing else moves the counters: a connection closed just before (the test's
         * own administrator connections) sends COM_QUIT without waiting, the server counts it as a
         * question when it gets to it, and that may be after the first read.
         */
        private RoundTrips settled() throws SQLException {
            RoundTrips previous = read();
            for (int i = 0; i < 100; i++) {
                HousekeepingFixture.sleep(Duration.ofMillis(100));
                RoundTrips next = read();
                if (minus(next, previous).equals(ownReads)) {
                    return next;
                }
                previous = next;
            }
            throw new IllegalStateException("The server's counters kept moving for 10 s: something else talks to it");
        }

        private RoundTrips read() throws SQLException {
            long statements = 0;
            long pings = 0;
            long prepares = 0;
            try (Statement statement = admin.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    long value = rows.getLong(2);
                    switch (rows.getString(1).toUpperCase()) {
                        case "QUESTIONS" -> statements = value;
                        case "COM_ADMIN_COMMANDS" -> pings = value;
                        case "COM_STMT_PREPARE" -> prepares = value;
                        default -> throw new IllegalStateException(rows.getString(1));
                    }
                }
            }
            return new RoundTrips(statements, pings, prepares);
        }

        private static RoundTrips minus(RoundTrips a, RoundTrips b) {
            return new RoundTrips(a.statements - b.statements, a.pings - b.pings, a.prepares - b.prepares);
        }

        @Override
        public void close() throws SQLException {
            admin.close();
        }
    }
}
