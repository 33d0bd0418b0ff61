package dev.serverlessmysql;

import static dev.serverlessmysql.test.TestDatabase.execute;
import static dev.serverlessmysql.test.TestDatabase.queryLong;
import static dev.serverlessmysql.HousekeepingFixture.threadIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.HousekeepingFixture.Recorder.Sampled;
import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/** Usage, thresholds and which sleeping threads go, against the real server. */
@MySqlTest
class HousekeepingIT {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

    @Test
    void whenUnderTheThresholdThenSleepersYoungerThanMaxTimeoutAreKeptAndOnlyTheUsageQueryIsSent(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieMinTimeout(ONE_SECOND));
        try (Connection own = user.connect(); IdleConnections zombies = user.openIdleConnections(3)) {
            zombies.awaitSleeping(ONE_SECOND);

            assertThat(housekeeping.run(own)).isFalse();

            assertThat(threadIds(user)).containsAll(zombies.threadIds());
            assertThat(housekeeping.events.killed).isEmpty();
            assertThat(housekeeping.statements()).isEqualTo(1);
        }
    }

    @Test
    void whenUnderTheThresholdThenConnectionsAsleepPastMaxTimeoutAreKilledAndOwnIsKept(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user,
                b -> b.zombieMinTimeout(ONE_SECOND).zombieMaxTimeout(ONE_SECOND));
        try (Connection own = user.connect(); IdleConnections zombies = user.openIdleConnections(3)) {
            long ownId = TestDatabase.connectionId(own);
            // The own connection sleeps past max-timeout too while we wait.
            user.awaitSleeping(List.of(ownId, zombies.threadIds().get(0), zombies.threadIds().get(1),
                    zombies.threadIds().get(2)), TWO_SECONDS);

            assertThat(housekeeping.run(own)).isFalse();

            assertThat(housekeeping.events.killed).containsExactlyElementsOf(zombies.threadIds());
            zombies.threadIds().forEach(user::awaitThreadGone);
            assertThat(threadIds(user)).containsExactly(ownId);
            assertThat(queryLong(own, "SELECT 1")).isEqualTo(1);
            // usage, the listing, three KILLs
            assertThat(housekeeping.statements()).isEqualTo(5);
            assertThat(housekeeping.counters.zombiesKilled).hasValue(3);
        }
    }

    @Test
    void whenOverTheThresholdThenTheOldestZombiesAreKilledJustEnoughToGetBackToIt(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(10);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieMinTimeout(ONE_SECOND));
        try (IdleConnections old = user.openIdleConnections(4)) {
            old.awaitSleeping(TWO_SECONDS);
            try (Connection own = user.connect(); IdleConnections young = user.openIdleConnections(5)) {
                young.awaitSleeping(ONE_SECOND);

                // 10 of 10 is over 0.8: two must go, and the oldest go first, though all are killable.
                assertThat(housekeeping.run(own)).isFalse();

                assertThat(housekeeping.events.sampled).containsExactly(new Sampled(10, 10));
                assertThat(housekeeping.events.killed).containsExactlyElementsOf(old.threadIds().subList(0, 2));
                assertThat(threadIds(user)).contains(TestDatabase.connectionId(own))
                        .containsAll(old.threadIds().subList(2, 4)).containsAll(young.threadIds());

                // Near the threshold every run reads the usage (UsageLifetime; on Lambda after the
                // response): one statement, which finds the kills' effect, and nothing more to kill.
                // A killed thread stays listed a moment: the next run is taken once both are gone.
                old.threadIds().subList(0, 2).forEach(user::awaitThreadGone);
                long statements = housekeeping.statements();
                assertThat(housekeeping.run(own)).isFalse();
                assertThat(housekeeping.events.lastSampled()).isEqualTo(new Sampled(8, 10));
                assertThat(housekeeping.statements()).isEqualTo(statements + 1);
                assertThat(housekeeping.events.killed).hasSize(2);
            }
        }
    }

    @Test
    void whenOverTheServerWideLimitThenZombiesAreKilledUntilThreadsConnectedIsBackAtTheThreshold(TestDatabase db,
            MySqlTestServer server) throws Exception {
        TestDatabase user = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieMinTimeout(ONE_SECOND));
        try (var restore = server.setGlobal("max_connections", 10)) {
            // Leave room for the own connection and an administrator's probe.
            try (IdleConnections zombies = user.fillServer(2); Connection own = user.connect()) {
                zombies.awaitSleeping(ONE_SECOND);

                assertThat(housekeeping.run(own)).isFalse();

                Sampled sampled = housekeeping.events.sampled.get(0);
                assertThat(sampled.limit()).isEqualTo(10);
                assertThat(sampled.used()).isGreaterThan(8);
                int excess = sampled.used() - 8;
                assertThat(housekeeping.events.killed).containsExactlyElementsOf(zombies.threadIds().subList(0, excess));
                assertThat(housekeeping.counters.lastUsed).hasValue(sampled.used());
                assertThat(housekeeping.counters.lastLimit).hasValue(10);
            }
        }
    }

    @Test
    void againstTheServerWideLimitTheUsageCountsEveryAccountsConnections(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        TestDatabase other = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b);
        // Read from the session scope on MariaDB: the count must still be the server's, not this session's.
        try (IdleConnections others = other.openIdleConnections(5); Connection own = user.connect()) {
            assertThat(housekeeping.run(own)).isFalse();

            Sampled sampled = housekeeping.events.sampled.get(0);
            assertThat(sampled.used()).isGreaterThanOrEqualTo(others.threadIds().size() + 1);
        }
    }

    @Test
    void whenOverTheThresholdAndEveryZombieIsTooYoungThenTheOwnConnectionIsGivenUp(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(3);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b); // min-timeout 3 s
        try (Connection own = user.connect(); IdleConnections zombies = user.openIdleConnections(2)) {
            assertThat(housekeeping.run(own)).isTrue();

            assertThat(threadIds(user)).containsAll(zombies.threadIds());
            assertThat(housekeeping.events.killed).isEmpty();
            // The usage query already said no sleeper is old enough: no listing.
            assertThat(housekeeping.statements()).isEqualTo(1);
        }
    }

    @Test
    void whenOverTheThresholdWithOnlyTheOwnConnectionThenItIsGivenUpNotKilled(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(1);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieMinTimeout(ONE_SECOND));
        try (Connection own = user.connect()) {
            long ownId = TestDatabase.connectionId(own);
            user.awaitSleeping(List.of(ownId), TWO_SECONDS);

            assertThat(housekeeping.run(own)).isTrue();

            assertThat(housekeeping.events.sampled).containsExactly(new Sampled(1, 1));
            assertThat(threadIds(user)).containsExactly(ownId);
            assertThat(own.isValid(1)).isTrue();
        }
    }

    @Test
    void whenUsageIsExactlyAtTheThresholdThenItIsNotOverAndNothingIsKilled(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(5);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieMinTimeout(ONE_SECOND));
        try (Connection own = user.connect(); IdleConnections zombies = user.openIdleConnections(3)) {
            zombies.awaitSleeping(ONE_SECOND);

            // 4 of 5 is exactly 0.8.
            assertThat(housekeeping.run(own)).isFalse();

            assertThat(housekeeping.events.sampled).containsExactly(new Sampled(4, 5));
            assertThat(housekeeping.events.killed).isEmpty();
            assertThat(threadIds(user)).containsAll(zombies.threadIds());
        }
    }

    @Test
    void whenTheAccountHasItsOwnConnectionLimitThenUsageIsThisUsersThreadsAgainstIt(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(20);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b);
        try (Connection own = user.connect(); IdleConnections zombies = user.openIdleConnections(2)) {
            assertThat(housekeeping.run(own)).isFalse();

            assertThat(housekeeping.events.sampled).containsExactly(new Sampled(3, 20));
            assertThat(housekeeping.counters.lastUsed).hasValue(3);
            assertThat(housekeeping.counters.lastLimit).hasValue(20);
        }
    }

    @Test
    void whenTheServerWideMaxUserConnectionsIsSetThenItIsTheLimit(TestDatabase db, MySqlTestServer server)
            throws Exception {
        TestDatabase user = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b);
        try (var restore = server.setGlobal("max_user_connections", 40);
             Connection own = user.connect(); IdleConnections zombies = user.openIdleConnections(1)) {
            assertThat(housekeeping.run(own)).isFalse();

            assertThat(housekeeping.events.sampled).containsExactly(new Sampled(2, 40));
        }
    }

    @Test
    void whenTheAccountsLimitEqualsMaxConnectionsThenTheServerWideCountIsTheUsage(TestDatabase db,
            MySqlTestServer server) throws Exception {
        TestDatabase user = db.newUser();
        TestDatabase other = db.newUser();
        user.setMaxUserConnections(50);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b);
        try (var restore = server.setGlobal("max_connections", 50);
             IdleConnections others = other.openIdleConnections(3); Connection own = user.connect()) {
            assertThat(housekeeping.run(own)).isFalse();

            // Threads_connected counts the other user's three and the own one; this user alone has one.
            assertThat(housekeeping.events.lastSampled().limit()).isEqualTo(50);
            assertThat(housekeeping.events.lastSampled().used()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void anotherUsersSleepingConnectionsAreNeverKilledEvenWithProcess(TestDatabase db, MySqlTestServer server)
            throws Exception {
        TestDatabase me = db.newUser();
        me.grantProcess();
        TestDatabase other = db.newUser();
        try (Connection setup = db.connect()) {
            execute(setup, "CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY)");
        }
        // Over the server-wide threshold, with this user's only sleeper inside a transaction: the
        // listing runs, sees the other user's sleepers (PROCESS) and must leave them alone.
        try (Connection mineInTransaction = me.connect()) {
            mineInTransaction.setAutoCommit(false);
            execute(mineInTransaction, "INSERT INTO notes VALUES (1)");
            try (var restore = server.setGlobal("max_connections", 10)) {
                try (IdleConnections others = other.fillServer(2); Connection own = me.connect()) {
                    others.awaitSleeping(TWO_SECONDS);
                    me.awaitSleeping(List.of(TestDatabase.connectionId(mineInTransaction)), TWO_SECONDS);
                    HousekeepingFixture housekeeping = new HousekeepingFixture(me,
                            b -> b.zombieMinTimeout(ONE_SECOND).zombieMaxKillsPerInvocation(50));

                    assertThat(housekeeping.run(own)).isTrue();

                    assertThat(housekeeping.statements()).as("usage and listing").isEqualTo(2);
                    assertThat(housekeeping.events.killed).isEmpty();
                    assertThat(threadIds(other)).containsExactlyInAnyOrderElementsOf(others.threadIds());
                }
            }
            mineInTransaction.rollback();
        }
        // Under the threshold, the listing past max-timeout is filtered to this user too.
        try (IdleConnections mine = me.openIdleConnections(1); IdleConnections others = other.openIdleConnections(2);
             Connection own = me.connect()) {
            others.awaitSleeping(TWO_SECONDS);
            mine.awaitSleeping(TWO_SECONDS);
            HousekeepingFixture housekeeping = new HousekeepingFixture(me,
                    b -> b.zombieMinTimeout(ONE_SECOND).zombieMaxTimeout(ONE_SECOND));

            assertThat(housekeeping.run(own)).isFalse();

            assertThat(housekeeping.events.killed).containsExactlyElementsOf(mine.threadIds());
            assertThat(threadIds(other)).containsExactlyInAnyOrderElementsOf(others.threadIds());
        }
    }

    @Test
    void theUserCountMatchesTheAccountNameExactlyNotAnotherAccountDifferingInCase(TestDatabase db, MySqlTestServer server)
            throws Exception {
        TestDatabase me = db.newUser();
        me.grantProcess();
        me.setMaxUserConnections(3);
        String twin = me.username().toUpperCase();
        String password = "pw-" + me.password();
        try (Connection admin = server.adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER '" + twin + "'@'%' IDENTIFIED BY '" + password + "'");
            statement.execute("GRANT ALL PRIVILEGES ON `" + db.name() + "`.* TO '" + twin + "'@'%'");
        }
        try (Connection twin1 = server.connect(db.name(), twin, password);
             Connection twin2 = server.connect(db.name(), twin, password); Connection own = me.connect()) {
            HousekeepingFixture housekeeping = new HousekeepingFixture(me, b -> b.zombieMinTimeout(ONE_SECOND));

            // With PROCESS the processlist shows the twin's threads too; a case-insensitive match
            // would count 3 of 3 and go over the threshold.
            assertThat(housekeeping.run(own)).isFalse();

            assertThat(housekeeping.events.sampled).containsExactly(new Sampled(1, 3));
            assertThat(housekeeping.events.killed).isEmpty();
            assertThat(twin1.isValid(1) && twin2.isValid(1)).isTrue();
        } finally {
            try (Connection admin = server.adminConnection(); Statement statement = admin.createStatement()) {
                statement.execute("DROP USER IF EXISTS '" + twin + "'@'%'");
            }
        }
    }

    @Test
    void againstTheServerWideLimitSleepersPastMaxTimeoutAreListedOnlyBySweepsAtMostOncePerInterval(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        Duration interval = Duration.ofMinutes(1);
        // Every usage sample lives 1 s, however empty the server.
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieMinTimeout(ONE_SECOND)
                .zombieMaxTimeout(ONE_SECOND).zombieSweepInterval(interval).usedConnectionsCacheTtlUnderHalf(ONE_SECOND));
        try (Connection own = user.connect()) {
            // The first run reads both counts (the limit is not known yet) and finds no sleeper.
            assertThat(housekeeping.run(own)).isFalse();
            assertThat(housekeeping.statements()).isEqualTo(1);
            // The interval, or the server's connection count in seconds where that is longer (a
            // crowded test server; the fixture's jitter is 1).
            Duration spacing = Duration.ofSeconds(Math.max(interval.toSeconds(), housekeeping.events.lastSampled().used()));
            try (IdleConnections zombies = user.openIdleConnections(2)) {
                zombies.awaitSleeping(TWO_SECONDS);

                // Usage stale: one statement, Threads_connected only; the sweep is not due yet.
                housekeeping.advance(spacing.dividedBy(2));
                assertThat(housekeeping.run(own)).isFalse();
                assertThat(housekeeping.statements()).isEqualTo(2);
                assertThat(housekeeping.events.killed).isEmpty();

                // A spacing after the first run: usage, the listing, two KILLs.
                housekeeping.advance(spacing.minus(spacing.dividedBy(2)));
                assertThat(housekeeping.run(own)).isFalse();
                assertThat(housekeeping.events.killed).containsExactlyElementsOf(zombies.threadIds());
                assertThat(housekeeping.statements()).isEqualTo(6);
                zombies.threadIds().forEach(user::awaitThreadGone);
                Duration next = Duration.ofSeconds(Math.max(interval.toSeconds(), housekeeping.events.lastSampled().used()));

                // The next sweep is a spacing later again.
                housekeeping.advance(next.minusSeconds(1));
                housekeeping.run(own);
                assertThat(housekeeping.statements()).isEqualTo(7);
                // The sweep is due; the usage sample lives 1 s, or longer with more connections on the server.
                housekeeping.advance(Duration.ofSeconds(1).plus(housekeeping.usageLifetime()));
                housekeeping.run(own);
                assertThat(housekeeping.statements()).as("usage and an empty listing").isEqualTo(9);
            }
        }
    }

    @Test
    void inACrowdedServerTheSweepComesOnceTheConnectionCountInSecondsHasPassedNotEveryInterval(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        TestDatabase others = db.newUser();
        Duration interval = ONE_SECOND;
        // Every run reads the usage (Threads_connected after the first): the sweep alone decides the listing.
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieMinTimeout(ONE_SECOND)
                .zombieMaxTimeout(ONE_SECOND).zombieSweepInterval(interval).usedConnectionsCacheTtl(Duration.ZERO));
        // Other clients' connections: the server-wide count is at least 6, so sweeps are 6 s or more apart.
        try (IdleConnections crowd = others.openIdleConnections(5); Connection own = user.connect()) {
            housekeeping.run(own);
            long counted = housekeeping.events.lastSampled().used();
            assertThat(counted).isGreaterThanOrEqualTo(6);
            try (IdleConnections zombies = user.openIdleConnections(2)) {
                zombies.awaitSleeping(TWO_SECONDS);

                // The interval has passed, the spacing not: no listing, no KILL (a sweep per interval killed both).
                housekeeping.advance(interval.multipliedBy(2));
                housekeeping.run(own);
                assertThat(housekeeping.events.killed).isEmpty();

                // Well past the spacing: the latest count (the zombies, and any other test's connection
                // still going away) may be a few more than the first.
                housekeeping.advance(Duration.ofSeconds(counted + 10));
                housekeeping.run(own);
                assertThat(housekeeping.events.killed).containsExactlyInAnyOrderElementsOf(zombies.threadIds());
            }
        }
    }

    @Test
    void underTheThresholdTheSweepKeepsASleeperNotYetPastMaxTimeout(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        // Against the server-wide limit every run after the first sweeps (interval 0); max-timeout 5 s
        // lists a sleeper from TIME 6 on.
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieMinTimeout(ONE_SECOND)
                .zombieMaxTimeout(Duration.ofSeconds(5)).zombieSweepInterval(Duration.ZERO)
                .usedConnectionsCacheTtl(Duration.ZERO));
        try (Connection own = user.connect(); IdleConnections zombies = user.openIdleConnections(1)) {
            housekeeping.run(own);
            long seen = zombies.awaitSleeping(Duration.ofSeconds(4)).get(0).timeSeconds();
            long seenAt = System.nanoTime();

            assertThat(housekeeping.run(own)).isFalse();

            // TIME 4 when seen, so at most 5 at the listing if that came within a second: below the 6
            // that max-timeout needs, and at least the 4 that a bound one second short would take.
            assumeTrue(seen == 4 && System.nanoTime() - seenAt <= 1_000_000_000L,
                    "the processlist was read late or the machine stalled: TIME may have reached 6");
            assertThat(housekeeping.statements()).as("usage, usage and the sweep's listing").isEqualTo(3);
            assertThat(housekeeping.events.killed).isEmpty();
        }
    }

    @Test
    void withZeroSweepIntervalEveryRunSweeps(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieSweepInterval(Duration.ZERO)
                .usedConnectionsCacheTtl(Duration.ZERO));
        try (Connection own = user.connect()) {
            housekeeping.run(own);
            // The first run's user count showed no sleeper: no listing.
            assertThat(housekeeping.statements()).isEqualTo(1);
            housekeeping.run(own);
            assertThat(housekeeping.statements()).as("usage from Threads_connected, and a sweep").isEqualTo(3);
            housekeeping.run(own);
            assertThat(housekeeping.statements()).isEqualTo(5);
        }
    }

    @Test
    void whenMySqlsPerformanceSchemaProcesslistCannotBeReadThenTheUserCountComesFromInformationSchema(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(20);
        // 3 of 20 is under half the threshold: without this, that sample would live 5 s.
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.usedConnectionsCacheTtlUnderHalf(ONE_SECOND));
        // The server is MariaDB, which has no performance_schema.processlist: a MySQL 8.0.36 whose
        // table is unreadable, as far as housekeeping can tell.
        try (Connection real = user.connect(); IdleConnections zombies = user.openIdleConnections(2)) {
            Connection own = reportingVersion(real, "8.0.36");

            assertThat(housekeeping.run(own)).isFalse();

            assertThat(housekeeping.events.sampled).containsExactly(new Sampled(3, 20));
            long statements = housekeeping.statements();
            // Past the sample's lifetime: with 3 connections counted it grows to at most 3 x
            // UsageLifetime.FLEET_SPACING x (1 - 3/16), longer than the configured second.
            housekeeping.advance(UsageLifetime.FLEET_SPACING.multipliedBy(3));
            housekeeping.run(own);
            assertThat(housekeeping.events.lastSampled()).isEqualTo(new Sampled(3, 20));
            assertThat(housekeeping.statements() - statements).as("the fallback is remembered").isEqualTo(1);
        }
    }

    /** The connection, except that its metadata reports another server version. */
    private static Connection reportingVersion(Connection connection, String version) throws Exception {
        DatabaseMetaData real = connection.getMetaData();
        DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(HousekeepingIT.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getDatabaseProductName" -> "MySQL";
                    case "getDatabaseProductVersion" -> version;
                    default -> invoke(real, method, args);
                });
        return (Connection) Proxy.newProxyInstance(HousekeepingIT.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) ->
                        method.getName().equals("getMetaData") ? metaData : invoke(connection, method, args));
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
