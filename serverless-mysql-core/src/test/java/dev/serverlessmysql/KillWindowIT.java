package dev.serverlessmysql;

import static dev.serverlessmysql.test.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.ServerThread;
import dev.serverlessmysql.test.TestDatabase;

/**
 * A candidate that wakes up between the zombie listing and its KILL is spared; the hook runs
 * exactly there. Each case for the MariaDB guard (one block) and the MySQL one (a re-check
 * before the KILL), and with either driver on the own connection.
 */
@MySqlTest
class KillWindowIT {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    static Stream<Arguments> guards() {
        return Stream.of(ServerDialect.values()).flatMap(dialect -> Stream.of("jdbc:mysql:", "jdbc:mariadb:")
                .map(driver -> Arguments.of(dialect, driver)));
    }

    @BeforeAll
    static void createTable(TestDatabase db) throws SQLException {
        try (Connection connection = db.connect()) {
            execute(connection, "CREATE TABLE orders (id INT PRIMARY KEY)");
        }
    }

    @ParameterizedTest(name = "{0} guard, {1} own connection")
    @MethodSource("guards")
    void aCandidateThatRanAStatementAfterTheListingIsSparedAndTheOtherIsKilled(ServerDialect dialect, String driver,
            TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        try (Connection waking = user.connect(); Connection asleep = user.connect(); Connection own = own(user, driver)) {
            long wakingId = TestDatabase.connectionId(waking);
            long asleepId = TestDatabase.connectionId(asleep);
            user.awaitSleeping(List.of(wakingId, asleepId), ONE_SECOND);
            ZombieReaper reaper = reaper(user, dialect, id -> {
                if (id == wakingId) {
                    query(waking, "SELECT 1");
                }
            });

            int gone = reaper.killForCapacity(own, 2, Set.of());

            assertThat(gone).isEqualTo(1);
            assertThat(waking.isValid(5)).as("woke up after the listing").isTrue();
            assertThat(asleep.isValid(5)).as("stayed asleep").isFalse();
        }
    }

    @ParameterizedTest(name = "{0} guard, {1} own connection")
    @MethodSource("guards")
    void aCandidateRunningAQueryAtKillTimeIsSpared(ServerDialect dialect, String driver, TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (Connection waking = user.connect(); Connection own = own(user, driver)) {
            long wakingId = TestDatabase.connectionId(waking);
            user.awaitSleeping(List.of(wakingId), ONE_SECOND);
            Future<?>[] running = new Future<?>[1];
            ZombieReaper reaper = reaper(user, dialect, id -> {
                running[0] = background.submit(() -> query(waking, "SELECT SLEEP(3)"));
                awaitCommand(user, wakingId, "Query");
            });

            assertThat(reaper.killForCapacity(own, 1, Set.of())).isZero();

            running[0].get(30, TimeUnit.SECONDS);
            assertThat(waking.isValid(5)).isTrue();
        } finally {
            background.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} guard, {1} own connection")
    @MethodSource("guards")
    void withProcessACandidateThatOpenedATransactionAfterTheListingIsSparedThoughAsleepLongEnough(
            ServerDialect dialect, String driver, TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        user.grantProcess();
        try (Connection waking = user.connect(); Connection own = own(user, driver)) {
            long wakingId = TestDatabase.connectionId(waking);
            user.awaitSleeping(List.of(wakingId), ONE_SECOND);
            ZombieReaper reaper = reaper(user, dialect, id -> {
                try {
                    waking.setAutoCommit(false);
                    execute(waking, "INSERT INTO orders VALUES (" + id + ")");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                // Asleep long enough again, but now inside a transaction.
                user.awaitSleeping(List.of(wakingId), ONE_SECOND);
            });

            assertThat(reaper.killForCapacity(own, 1, Set.of())).isZero();

            waking.commit();
            assertThat(waking.isValid(5)).isTrue();
        }
    }

    @Test
    void onMySqlAThreadAPeerKillsBetweenTheReCheckAndOurKillCountsAsGoneNotAsAFailedKill(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        try (IdleConnections zombie = user.openIdleConnections(1); Connection own = user.connect()) {
            zombie.awaitSleeping(ONE_SECOND);
            // The re-check is its own statement on MySQL; the peer's KILL lands right after it, so ours gets 1094.
            Connection racing = HousekeepingFixture.interceptingKills(own, id -> {
                user.killThread(id);
                user.awaitThreadGone(id);
            }, id -> id);
            HousekeepingFixture.Recorder listener = new HousekeepingFixture.Recorder();
            ServerlessMySqlConfig config = ServerlessMySqlConfig.builder().jdbcUrl(user.jdbcUrl())
                    .username(user.username()).password(user.password()).zombieMinTimeout(ONE_SECOND).buildConfig();
            Counters counters = new Counters();
            ZombieReaper reaper = new ZombieReaper(config, counters, new Events(List.of(listener)), ServerDialect.MYSQL,
                    id -> { });

            assertThat(reaper.killForCapacity(racing, 1, Set.of())).as("gone").isEqualTo(1);

            assertThat(counters.killsFailed).hasValue(0);
            assertThat(counters.zombiesKilled).hasValue(0);
            assertThat(listener.killed).isEmpty();
            assertThat(listener.killsFailed).isEmpty();
            assertThat(own.isValid(5)).isTrue();
        }
    }

    @Test
    void theKillsPerInvocationCapCountsKillsSentSoASparedCandidateIsNotMadeUpForBeyondIt(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        try (Connection waking = user.connect(); Connection asleep = user.connect(); Connection otherOwn = user.connect();
             Connection own = user.connect()) {
            long wakingId = TestDatabase.connectionId(waking);
            long asleepId = TestDatabase.connectionId(asleep);
            user.awaitSleeping(List.of(wakingId, asleepId), ONE_SECOND);
            ZombieReaper reaper = reaper(user, ServerDialect.MARIADB, id -> {
                if (id == wakingId) {
                    query(waking, "SELECT 1");
                }
            }, Duration.ofMinutes(1), 1);
            // A busy other own connection of the environment: not listed, yet the listing takes a row more for it.
            query(otherOwn, "SELECT 1");

            assertThat(reaper.killForCapacity(own, 1, Set.of(TestDatabase.connectionId(otherOwn)))).isZero();

            assertThat(user.threads()).extracting(ServerThread::id).contains(wakingId, asleepId);
        }
    }

    @Test
    void theEnvironmentsOtherOwnConnectionsAreSkippedWithoutTakingAKillOfTheCap(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        try (Connection otherOwn = user.connect(); Connection first = user.connect(); Connection second = user.connect();
             Connection own = user.connect()) {
            long otherOwnId = TestDatabase.connectionId(otherOwn);
            long firstId = TestDatabase.connectionId(first);
            long secondId = TestDatabase.connectionId(second);
            // All past max-timeout (1 s); the environment's own connection is the oldest, so it is listed first.
            user.awaitSleeping(List.of(otherOwnId, firstId, secondId), Duration.ofSeconds(2));
            ZombieReaper reaper = reaper(user, ServerDialect.MARIADB, id -> { }, ONE_SECOND, 1);

            assertThat(reaper.killForCapacity(own, 1, Set.of(otherOwnId))).isEqualTo(1);
            assertThat(reaper.killExpired(own, Set.of(otherOwnId))).isEqualTo(1);

            user.awaitThreadGone(firstId);
            user.awaitThreadGone(secondId);
            assertThat(otherOwn.isValid(5)).isTrue();
        }
    }

    private static ZombieReaper reaper(TestDatabase user, ServerDialect dialect, LongConsumer beforeKill) {
        return reaper(user, dialect, beforeKill, Duration.ofMinutes(1), 10);
    }

    private static ZombieReaper reaper(TestDatabase user, ServerDialect dialect, LongConsumer beforeKill,
                                       Duration maxTimeout, int maxKills) {
        ServerlessMySqlConfig config = ServerlessMySqlConfig.builder().jdbcUrl(user.jdbcUrl()).username(user.username())
                .password(user.password()).zombieMinTimeout(ONE_SECOND).zombieMaxTimeout(maxTimeout)
                .zombieMaxKillsPerInvocation(maxKills).buildConfig();
        return new ZombieReaper(config, new Counters(), new Events(List.of()), dialect, beforeKill);
    }

    private static Connection own(TestDatabase user, String driver) throws SQLException {
        return DriverManager.getConnection(user.jdbcUrl().replace("jdbc:mysql:", driver), user.username(),
                user.password());
    }

    private static void query(Connection connection, String sql) {
        try {
            TestDatabase.queryLong(connection, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCommand(TestDatabase user, long id, String command) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (user.threads().stream().noneMatch(t -> t.id() == id && command.equals(t.command()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Thread " + id + " never showed " + command + ": " + user.threads());
            }
            HousekeepingFixture.sleep(Duration.ofMillis(20));
        }
    }

}
