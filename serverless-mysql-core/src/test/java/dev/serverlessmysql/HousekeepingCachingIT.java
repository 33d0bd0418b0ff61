package dev.serverlessmysql;

import static dev.serverlessmysql.test.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.HousekeepingFixture.Recorder.Sampled;
import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.ServerThread;
import dev.serverlessmysql.test.TestDatabase;

/** Round trips per run, counted; time is the fake clock's. */
@MySqlTest
class HousekeepingCachingIT {

    @Test
    void aThousandRunsWithinTheCacheLifetimesSendOneQueryAndEachExpiryExactlyOneMore(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user,
                b -> b.usedConnectionsCacheTtl(Duration.ofSeconds(1)).usedConnectionsCacheTtlUnderHalf(Duration.ofSeconds(1))
                        .maxConnectionsCacheTtl(Duration.ofSeconds(15)));
        try (Connection own = user.connect()) {
            assertThat(housekeeping.housekeeping.sessionWaitTimeoutSeconds()).isEqualTo(-1);

            for (int i = 0; i < 1000; i++) {
                assertThat(housekeeping.run(own)).isFalse();
            }

            assertThat(housekeeping.statements()).isEqualTo(1);
            assertThat(housekeeping.events.sampled).hasSize(1000);
            assertThat(housekeeping.housekeeping.sessionWaitTimeoutSeconds())
                    .isEqualTo(queryLong(own, "SELECT @@SESSION.wait_timeout"));

            // 1 s, or longer with more connections on the (shared) test server: UsageLifetime.
            Duration lifetime = housekeeping.usageLifetime();
            housekeeping.advance(lifetime.minusNanos(1));
            housekeeping.run(own);
            assertThat(housekeeping.statements()).as("usage still fresh").isEqualTo(1);
            housekeeping.advance(Duration.ofNanos(1));
            housekeeping.run(own);
            housekeeping.run(own);
            assertThat(housekeeping.statements()).as("usage expired").isEqualTo(2);

            // Both expired: the limit read at the first run, 15 s ago, and the usage read at the second,
            // whose lifetime may be longer than the first's (the shared server's count changes).
            Duration secondLifetime = housekeeping.usageLifetime();
            Duration toFifteen = Duration.ofSeconds(15).minus(lifetime);
            housekeeping.advance(toFifteen.compareTo(secondLifetime) >= 0 ? toFifteen : secondLifetime);
            housekeeping.run(own);
            housekeeping.run(own);
            assertThat(housekeeping.statements()).as("limit and usage expired: still one statement").isEqualTo(3);

            housekeeping.housekeeping.clearCaches();
            assertThat(housekeeping.housekeeping.sessionWaitTimeoutSeconds()).isEqualTo(-1);
            housekeeping.run(own);
            assertThat(housekeeping.statements()).as("after a restore").isEqualTo(4);
        }
    }

    @Test
    void aSampleAtMostHalfTheThresholdLivesTheUnderHalfLifetimeAndAFullerOneTheUsageCacheTtl(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        // Threshold 0.8 x 4 = 3.2 connections; half of it 1.6.
        user.setMaxUserConnections(4);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user,
                b -> b.usedConnectionsCacheTtl(Duration.ofSeconds(3)).maxConnectionsCacheTtl(Duration.ofHours(1)));
        // 3 s, not less: with 2 of 4 counted the fleet spread (UsageLifetime) is 2.25 s.
        try (Connection own = user.connect()) {
            housekeeping.run(own);
            assertThat(housekeeping.events.lastSampled().used()).isEqualTo(1);
            assertThat(housekeeping.statements()).isEqualTo(1);

            housekeeping.advance(Duration.ofSeconds(15).minusNanos(1));
            assertThat(housekeeping.housekeeping.usageStale()).as("1 of 4: under half, 15 s").isFalse();
            housekeeping.run(own);
            assertThat(housekeeping.statements()).isEqualTo(1);
            housekeeping.advance(Duration.ofNanos(1));
            assertThat(housekeeping.housekeeping.usageStale()).isTrue();

            try (IdleConnections more = user.openIdleConnections(1)) {
                housekeeping.run(own);
                assertThat(housekeeping.events.lastSampled().used()).isEqualTo(2);
                assertThat(housekeeping.statements()).isEqualTo(2);

                housekeeping.advance(Duration.ofSeconds(3).minusNanos(1));
                assertThat(housekeeping.housekeeping.usageStale()).as("2 of 4: over half, 3 s").isFalse();
                housekeeping.advance(Duration.ofNanos(1));
                assertThat(housekeeping.housekeeping.usageStale()).isTrue();
                housekeeping.run(own);
                assertThat(housekeeping.statements()).isEqualTo(3);
            }
        }
    }

    @Test
    void aStaleLimitIsNotReadOnItsOwnButWithTheNextUsageReadInTheSameStatement(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        // Under half the threshold a sample lives five times used-connections-cache-ttl: 5 min. No
        // sweep for sleepers past zombie.max-timeout within the test's 5 min 15 s.
        HousekeepingFixture housekeeping = new HousekeepingFixture(user,
                b -> b.usedConnectionsCacheTtl(Duration.ofMinutes(1)).maxConnectionsCacheTtl(Duration.ofSeconds(15))
                        .zombieSweepInterval(Duration.ofHours(1)));
        try (Connection own = user.connect()) {
            housekeeping.run(own);
            Sampled first = housekeeping.events.lastSampled();
            long waitTimeout = housekeeping.housekeeping.sessionWaitTimeoutSeconds();
            // The limit statement carries the own session's wait_timeout: a changed one shows when it is read.
            TestDatabase.execute(own, "SET SESSION wait_timeout = " + (waitTimeout + 7));
            try (IdleConnections more = user.openIdleConnections(2)) {
                housekeeping.advance(Duration.ofSeconds(15));

                housekeeping.run(own);

                assertThat(housekeeping.statements()).as("the limit is stale, the usage fresh: nothing read").isEqualTo(1);
                assertThat(housekeeping.housekeeping.sessionWaitTimeoutSeconds()).isEqualTo(waitTimeout);
                assertThat(housekeeping.events.lastSampled()).isEqualTo(first);

                housekeeping.advance(Duration.ofMinutes(5));
                housekeeping.run(own);

                assertThat(housekeeping.statements()).as("usage and limit, one statement").isEqualTo(2);
                assertThat(housekeeping.housekeeping.sessionWaitTimeoutSeconds()).isEqualTo(waitTimeout + 7);
            }
        }
    }

    @Test
    void nothingIsDueWhileTheSampleUnderTheThresholdIsFresh(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        // This user's own limit: 1 of 100 counted, under half the threshold, so a sample lives 5 s.
        user.setMaxUserConnections(100);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.usedConnectionsCacheTtl(Duration.ofSeconds(1)));
        try (Connection own = user.connect()) {
            assertThat(housekeeping.housekeeping.nothingDue()).as("before the first run").isFalse();
            housekeeping.run(own);
            assertThat(housekeeping.housekeeping.nothingDue()).as("fresh, under the threshold").isTrue();

            housekeeping.advance(Duration.ofSeconds(5).minusNanos(1));
            assertThat(housekeeping.housekeeping.nothingDue()).isTrue();
            housekeeping.advance(Duration.ofNanos(1));
            assertThat(housekeeping.housekeeping.nothingDue()).as("the sample is stale").isFalse();
            housekeeping.run(own);
            assertThat(housekeeping.statements()).isEqualTo(2);
            assertThat(housekeeping.housekeeping.nothingDue()).as("fresh again").isTrue();

            housekeeping.housekeeping.clearCaches();
            assertThat(housekeeping.housekeeping.nothingDue()).as("after a restore").isFalse();
        }
    }

    @Test
    void againstTheServerWideCountASweepDueMakesARunDueHoweverFreshTheSample(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        // Samples live an hour or more; sweeps come a minute apart or as many seconds as the server counts.
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.usedConnectionsCacheTtl(Duration.ofHours(1))
                .zombieSweepInterval(Duration.ofMinutes(1)));
        try (Connection own = user.connect()) {
            housekeeping.run(own);
            // The first run counted this user's threads too; the next one reads Threads_connected only,
            // which shows no sleeper: the sweeps stand in for it (the first one due at this run).
            housekeeping.advance(Duration.ofHours(6));
            housekeeping.run(own);
            assertThat(housekeeping.housekeeping.nothingDue()).as("fresh, the sweep just done").isTrue();
            long spacing = Math.max(60, housekeeping.events.lastSampled().used());

            housekeeping.advance(Duration.ofSeconds(spacing).minusNanos(1));
            assertThat(housekeeping.housekeeping.nothingDue()).isTrue();
            housekeeping.advance(Duration.ofNanos(1));
            assertThat(housekeeping.housekeeping.nothingDue()).as("the next sweep is due").isFalse();
        }
    }

    @Test
    void aSweepComesAsLateAsTheLatestCountSpacesItFromTheFirstRun(TestDatabase db) throws Exception {
        // A container that started in a small fleet: its first run counts a few connections, which
        // would space its first sweep a few seconds. By the time that sample is read again the fleet
        // has grown; the sweep waits for the spacing of the new count, counted from the first run.
        TestDatabase user = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieSweepInterval(Duration.ofSeconds(10)));
        try (Connection own = user.connect()) {
            housekeeping.run(own);
            int before = housekeeping.events.lastSampled().used();
            // With this fixture's jitter of 1 the spacing is max(10 s, 1 s per connection counted).
            long firstSpacing = Math.max(10, before);
            long readAgain = Math.max(firstSpacing, (housekeeping.usageLifetime().toMillis() + 999) / 1000);
            int grown = (int) readAgain + 20 - before;
            try (IdleConnections fleet = user.openIdleConnections(grown)) {
                housekeeping.advance(Duration.ofSeconds(readAgain));
                long statements = housekeeping.statements();
                housekeeping.run(own);
                int after = housekeeping.events.lastSampled().used();
                // Not before + grown: the first count may have held an earlier test's connection that
                // has gone away since. The fleet and the own connection are there, and the new count
                // spaces the sweep past this run.
                assertThat(after).as("the usage read again").isGreaterThanOrEqualTo(grown + 1).isGreaterThan((int) readAgain);
                assertThat(housekeeping.statements() - statements).as("the read, and no sweep: by the new count"
                        + " it is due " + after + " s after the first run, not " + firstSpacing + " s").isEqualTo(1);
                assertThat(housekeeping.housekeeping.nothingDue()).isTrue();

                housekeeping.advance(Duration.ofSeconds(after - readAgain).minusNanos(1));
                assertThat(housekeeping.housekeeping.nothingDue()).as("just before the spacing of the new count").isTrue();
                housekeeping.advance(Duration.ofNanos(1));
                assertThat(housekeeping.housekeeping.nothingDue()).as("the sweep is due").isFalse();
                statements = housekeeping.statements();
                housekeeping.run(own);
                assertThat(housekeeping.statements() - statements).as("the sweep").isEqualTo(1);
            }
        }
    }

    @Test
    void overTheThresholdARunIsAlwaysDue(TestDatabase db) throws Exception {
        // 1 of 1 is over 80 %: every run reads the usage and acts on it.
        assertARunIsDueRightAfterOne(db, 1, b -> b);
    }

    @Test
    void withSeveralConnectionsPerEnvironmentARunIsAlwaysDue(TestDatabase db) throws Exception {
        // Their runs share a sample and the sharing policy acts on cached ones too.
        assertARunIsDueRightAfterOne(db, 0, b -> b.maxConnectionsPerEnvironment(4));
    }

    private static void assertARunIsDueRightAfterOne(TestDatabase db, int maxUserConnections,
            java.util.function.UnaryOperator<ServerlessMySqlConfig.Builder> settings) throws Exception {
        TestDatabase user = db.newUser();
        if (maxUserConnections > 0) {
            user.setMaxUserConnections(maxUserConnections);
        }
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, settings);
        try (Connection own = user.connect()) {
            housekeeping.run(own);
            assertThat(housekeeping.housekeeping.nothingDue()).isFalse();
        }
    }

    @Test
    void withZeroCacheLifetimesEveryRunAsksOnce(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user,
                b -> b.usedConnectionsCacheTtl(Duration.ZERO).maxConnectionsCacheTtl(Duration.ZERO));
        try (Connection own = user.connect()) {
            for (int i = 0; i < 5; i++) {
                housekeeping.run(own);
            }
            assertThat(housekeeping.statements()).isEqualTo(5);
        }
    }

    @Test
    void aCachedSampleAgesItsOldestSleeperRoundedUpSoTheListingIsSentOnceOneMayBeOldEnough(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(4);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieMinTimeout(Duration.ofSeconds(5))
                .connectionUtilization(0.5).usedConnectionsCacheTtl(Duration.ofMinutes(1)));
        try (IdleConnections zombies = user.openIdleConnections(3); Connection own = user.connect()) {
            long before = oldestSleep(user, zombies);
            // 4 of 4 is over, but no sleeper is 5 s old yet: no listing, and the own connection is given up.
            assertThat(housekeeping.run(own)).isTrue();
            long after = oldestSleep(user, zombies);
            assumeTrue(before < 4 && after - before <= 1, "the zombies aged more than a second during one run");
            assertThat(housekeeping.statements()).isEqualTo(1);

            // The sample saw TIME `before` or one more. Half a second past 4 - before seconds the bound,
            // rounded up, is 5 or 6; 4 of 4 is still over 0.5 (from the cache: the fixture closes nothing), so the listing goes out.
            housekeeping.advance(Duration.ofSeconds(4 - before).plusMillis(500));
            housekeeping.run(own);
            assertThat(housekeeping.statements()).as("the listing was sent").isGreaterThan(1);
        }
    }

    private static long oldestSleep(TestDatabase user, IdleConnections zombies) {
        return user.threads().stream().filter(t -> zombies.threadIds().contains(t.id()))
                .mapToLong(ServerThread::timeSeconds).max().orElseThrow();
    }
}
