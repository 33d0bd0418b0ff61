package dev.serverlessmysql;

import static dev.serverlessmysql.test.TestDatabase.execute;
import static dev.serverlessmysql.HousekeepingFixture.interceptingKills;
import static dev.serverlessmysql.HousekeepingFixture.threadIds;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.HousekeepingFixture.CapturedLog;
import dev.serverlessmysql.HousekeepingFixture.Recorder.KillFailed;
import dev.serverlessmysql.HousekeepingFixture.Recorder.Sampled;
import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/** KILLs that lose a race (1094) or are refused (1095), and two containers reaping at once. */
@MySqlTest
class HousekeepingKillErrorsIT {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @Test
    void whenAnotherContainerKilledTheZombieFirstThenItCountsAsGoneAndTheOwnConnectionIsKept(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(2);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user, b -> b.zombieMinTimeout(ONE_SECOND));
        try (IdleConnections zombie = user.openIdleConnections(1); Connection own = user.connect()) {
            zombie.awaitSleeping(ONE_SECOND);
            // Between our listing and our KILL, a peer kills the zombie: the server answers 1094.
            Connection racing = interceptingKills(own, id -> {
                user.killThread(id);
                user.awaitThreadGone(id);
            }, id -> id);

            assertThat(housekeeping.run(racing)).isFalse();

            assertThat(housekeeping.events.killed).isEmpty();
            assertThat(housekeeping.events.killsFailed).isEmpty();
            assertThat(housekeeping.counters.killsFailed).hasValue(0);
            // The cached usage counts it as gone.
            assertThat(housekeeping.run(own)).isFalse();
            assertThat(housekeeping.events.lastSampled()).isEqualTo(new Sampled(1, 2));
        }
    }

    @Test
    void whenTheServerRefusesAKillAsNotOwnerThenKillingStopsForGoodAndThatIsLoggedOnce(TestDatabase db)
            throws Exception {
        try (NotOwner setup = new NotOwner(db)) {
            Connection refused = interceptingKills(setup.own, id -> { }, id -> setup.foreignThread);

            assertThat(setup.housekeeping.run(refused)).isTrue();

            long firstZombie = setup.zombies.threadIds().get(0);
            assertThat(setup.housekeeping.events.killsFailed).containsExactly(new KillFailed(firstZombie, 1095));
            assertThat(setup.housekeeping.counters.killsFailed).hasValue(1);
            // One refusal ends the attempts, the second zombie was not tried: usage, the listing with
            // transactions (refused: no PROCESS), the plain listing, one KILL, and the four checks
            // that the zombie it was meant for is still there (a thread that ends is not a refusal).
            assertThat(setup.housekeeping.statements()).isEqualTo(8);

            setup.housekeeping.advance(Duration.ofSeconds(1));
            assertThat(setup.housekeeping.run(setup.own)).isTrue();
            // Only the usage query: no listing, no KILL.
            assertThat(setup.housekeeping.statements()).isEqualTo(9);
            assertThat(threadIds(setup.user)).containsAll(setup.zombies.threadIds());
            assertThat(setup.log.count("1095: not owner")).isEqualTo(1);
        }
    }

    /**
     * MariaDB answers 1095 to a KILL of a thread that is ending because another session killed it
     * at the same moment (2 of 300 double KILLs here). Made certain: the KILL goes to a foreign
     * thread (a real 1095), and the zombie it was meant for is killed by "another container" as
     * the refusal arrives.
     */
    @Test
    void whenTheRefusedZombieIsGoneRightAfterTheRefusalThenItCountsAsGoneAndKillingGoesOn(TestDatabase db)
            throws Exception {
        try (NotOwner setup = new NotOwner(db)) {
            long firstZombie = setup.zombies.threadIds().get(0);
            Connection racing = interceptingKills(setup.own, id -> { },
                    id -> id == firstZombie ? setup.foreignThread : id, id -> {
                        setup.user.killThread(id);
                        setup.user.awaitThreadGone(id);
                    });

            assertThat(setup.housekeeping.run(racing)).isFalse();

            assertThat(setup.housekeeping.events.killsFailed).isEmpty();
            assertThat(setup.housekeeping.counters.killsFailed).hasValue(0);
            assertThat(setup.log.count("1095: not owner")).isZero();
            assertThat(threadIds(setup.user)).doesNotContain(firstZombie);
            // Killing goes on: over the threshold again, the next run kills the second zombie.
            try (Connection another = setup.user.connect()) {
                setup.housekeeping.advance(Duration.ofSeconds(1));
                assertThat(setup.housekeeping.run(setup.own)).isFalse();
                assertThat(setup.housekeeping.events.killed).containsExactly(setup.zombies.threadIds().get(1));
            }
        }
    }

    @Test
    void twoContainersReapingTheSameZombieAtOnceNeitherFails(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(3);
        // Each container's own connection is a candidate for the other as soon as it has slept
        // min-timeout: it last ran its usage query right before the barrier, so with 3 s the
        // machine would have to stall for seconds between that and the other's listing (with 1 s,
        // a processlist TIME truncated to whole seconds can reach it after a few milliseconds on MySQL).
        Duration minTimeout = Duration.ofSeconds(3);
        // Both sample before either lists, so both see 3 of 3 and go for the same oldest zombie.
        CyclicBarrier bothSampled = new CyclicBarrier(2);
        ServerlessMySqlListener await = new ServerlessMySqlListener() {
            @Override
            public void onUsageSampled(int used, int limit) {
                try {
                    bothSampled.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        List<HousekeepingFixture> containers = List.of(
                new HousekeepingFixture(user, b -> b.zombieMinTimeout(minTimeout), List.of(await)),
                new HousekeepingFixture(user, b -> b.zombieMinTimeout(minTimeout), List.of(await)));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (IdleConnections zombie = user.openIdleConnections(1);
             Connection own1 = user.connect(); Connection own2 = user.connect()) {
            zombie.awaitSleeping(minTimeout);
            // The own connections just worked: too young for the peer to take them.
            execute(own1, "SELECT 1");
            execute(own2, "SELECT 1");

            Future<Boolean> first = threads.submit(() -> containers.get(0).run(own1));
            Future<Boolean> second = threads.submit(() -> containers.get(1).run(own2));
            boolean firstReleases = first.get(30, TimeUnit.SECONDS);
            boolean secondReleases = second.get(30, TimeUnit.SECONDS);

            user.awaitThreadGone(zombie.threadIds().get(0));
            assertThat(containers).allSatisfy(container -> {
                assertThat(container.events.killsFailed).isEmpty();
                assertThat(container.counters.killsFailed).hasValue(0);
                assertThat(container.events.killed).isSubsetOf(zombie.threadIds());
            });
            assertThat(containers.get(0).events.killed.size() + containers.get(1).events.killed.size()).isPositive();
            // The winner keeps its connection. The loser keeps it too when its KILL found the thread
            // gone (1094); it gives it up only when its listing came after the kill and found nothing.
            assertThat(firstReleases && secondReleases).isFalse();
            assertThat(own1.isValid(1) && own2.isValid(1)).isTrue();
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * A user at its limit of 3 (two zombies asleep past min-timeout, the own connection) and a
     * thread of another user, whose KILL the server refuses as not owner (1095).
     */
    private static final class NotOwner implements AutoCloseable {
        final TestDatabase user;
        final HousekeepingFixture housekeeping;
        final CapturedLog log;
        final Connection notOurs;
        final IdleConnections zombies;
        final Connection own;
        final long foreignThread;

        NotOwner(TestDatabase db) throws Exception {
            user = db.newUser();
            user.setMaxUserConnections(3);
            housekeeping = new HousekeepingFixture(user, b -> b.zombieMinTimeout(ONE_SECOND));
            notOurs = db.newUser().connect();
            zombies = user.openIdleConnections(2);
            own = user.connect();
            zombies.awaitSleeping(ONE_SECOND);
            foreignThread = TestDatabase.connectionId(notOurs);
            // Last: nothing above may fail with System.err still captured.
            log = new CapturedLog();
        }

        @Override
        public void close() throws Exception {
            try (CapturedLog l = log; Connection n = notOurs; IdleConnections z = zombies; Connection o = own) {
                // closed in reverse order
            }
        }
    }
}
