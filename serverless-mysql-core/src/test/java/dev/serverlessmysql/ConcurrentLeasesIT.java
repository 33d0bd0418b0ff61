package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.Await;
import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.ServerThread;
import dev.serverlessmysql.test.TestDatabase;

/**
 * {@code max-connections-per-environment} above 1 (Lambda Managed Instances): up to N connections,
 * each leased to one caller at a time, reused; housekeeping shared, and never killing any of them.
 */
@MySqlTest
class ConcurrentLeasesIT {

    private static ServerlessMySqlConfig.Builder builderFor(TestDatabase db, int connections) {
        return LeaseIT.builderFor(db).maxConnectionsPerEnvironment(connections);
    }

    @Test
    void fourThreadsHoldFourLeasesAtOnceAndAFifthWaitsForOneOfThem(TestDatabase db) throws Exception {
        db.awaitNoThreads();
        try (ServerlessMySqlDataSource dataSource = builderFor(db, 4).build()) {
            List<Connection> held = new ArrayList<>();
            CountDownLatch allHeld = new CountDownLatch(4);
            CountDownLatch release = new CountDownLatch(1);
            List<CompletableFuture<Long>> holders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                holders.add(CompletableFuture.supplyAsync(() -> {
                    try (Connection connection = dataSource.getConnection()) {
                        synchronized (held) {
                            held.add(connection);
                        }
                        long id = TestDatabase.connectionId(connection);
                        allHeld.countDown();
                        assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                        return id;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, runnable -> new Thread(runnable).start()));
            }
            assertThat(allHeld.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(dataSource.openConnections()).isEqualTo(4);

            AtomicReference<Thread> fifthThread = new AtomicReference<>();
            CompletableFuture<Long> fifth = CompletableFuture.supplyAsync(() -> {
                fifthThread.set(Thread.currentThread());
                try (Connection connection = dataSource.getConnection()) {
                    return TestDatabase.connectionId(connection);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable).start());
            LeaseIT.awaitWaiting(fifthThread);
            assertThat(fifth).isNotDone();

            release.countDown();
            Set<Long> ids = new HashSet<>();
            for (CompletableFuture<Long> holder : holders) {
                ids.add(holder.get(60, TimeUnit.SECONDS));
            }
            assertThat(ids).hasSize(4);
            assertThat(fifth.get(60, TimeUnit.SECONDS)).isIn(ids);
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(4);
            assertThat(dataSource.stats().nestedConnections()).isZero();
            assertThat(db.threads()).extracting(ServerThread::id).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void connectionsAreOpenedOnlyAsConcurrencyNeedsThemAndReused(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db, 4).build()) {
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                try (Connection connection = dataSource.getConnection()) {
                    ids.add(TestDatabase.connectionId(connection));
                }
                dataSource.endInvocation();
            }
            assertThat(ids).hasSize(1);
            assertThat(dataSource.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void housekeepingNeverKillsAnOwnConnectionButKillsTheUsersZombies(TestDatabase db, MySqlTestServer server)
            throws Exception {
        RecordingListener listener = new RecordingListener();
        try (var restore = server.setGlobal("max_connections", 20);
             ServerlessMySqlDataSource dataSource = builderFor(db, 4).connectionUtilization(0.25)
                     .zombieMinTimeout(Duration.ofSeconds(1)).listener(listener).build()) {
            Set<Long> own = openConcurrently(dataSource, 4);
            // The own connections sleep longest: oldest first, a reaper blind to them would pick them.
            db.awaitSleeping(own, Duration.ofSeconds(2));
            try (IdleConnections zombies = db.openIdleConnections(3)) {
                zombies.awaitSleeping(Duration.ofSeconds(1));

                dataSource.endInvocation();

                assertThat(db.threads()).extracting(ServerThread::id).containsAll(own);
                List<Long> killed = listener.events.stream().filter(e -> e.startsWith("killed "))
                        .map(e -> Long.parseLong(e.substring("killed ".length()))).toList();
                assertThat(killed).isNotEmpty().allMatch(zombies.threadIds()::contains).noneMatch(own::contains);
            }
        }
    }

    @Test
    void underPressureTheIdleOwnConnectionsAreReleasedAndTheOneInUseIsKept(TestDatabase db, MySqlTestServer server)
            throws Exception {
        TestDatabase otherUser = db.newUser();
        try (var restore = server.setGlobal("max_connections", 10);
             ServerlessMySqlDataSource dataSource = samplingAtEveryRun(db).build()) {
            Set<Long> own = openConcurrently(dataSource, 3);
            // A usage sample (no pressure yet) ends the time in which the three were used at once.
            dataSource.endInvocation();
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Long> inUse = new AtomicReference<>();
            CompletableFuture<Long> holder = CompletableFuture.supplyAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    inUse.set(TestDatabase.connectionId(connection));
                    holding.countDown();
                    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
                    return TestDatabase.queryLong(connection, "SELECT CONNECTION_ID()");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable).start());
            assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();
            // 9 of 10, over 0.8, with nothing of this user's to kill: another user's idle connections.
            try (IdleConnections others = otherUser.fillServer(1)) {
                dataSource.endInvocation();

                for (long id : own) {
                    if (id != inUse.get()) {
                        db.awaitThreadGone(id);
                    }
                }
                done.countDown();
                assertThat(holder.get(60, TimeUnit.SECONDS)).isEqualTo(inUse.get());
                assertThat(dataSource.stats().releasedUnderPressure()).isEqualTo(2);
                assertThat(dataSource.openConnections()).isEqualTo(1);
            }
        }
    }

    @Test
    void underPressureWithNoneInUseOneOwnConnectionStaysOpenForTheEnvironmentToShare(TestDatabase db,
            MySqlTestServer server) throws Exception {
        TestDatabase otherUser = db.newUser();
        try (var restore = server.setGlobal("max_connections", 10);
             ServerlessMySqlDataSource dataSource = samplingAtEveryRun(db).build()) {
            Set<Long> own = openConcurrently(dataSource, 3);
            // Over 0.8, with nothing of this user's to kill: another user's idle connections.
            try (IdleConnections others = otherUser.fillServer(1)) {
                dataSource.endInvocation();
                assertThat(dataSource.stats().releasedUnderPressure())
                        .as("the environment's callers used all three at once since the last sample").isZero();
                assertThat(dataSource.openConnections()).isEqualTo(3);

                // The next sample: since the previous one no caller held any.
                dataSource.endInvocation();
                assertThat(dataSource.stats().releasedUnderPressure()).isEqualTo(2);
                assertThat(dataSource.openConnections()).isEqualTo(1);
                Await.until("two of the three own connections gone from the server", Duration.ofSeconds(60), () -> {
                    Set<Long> onServer = new HashSet<>();
                    db.threads().forEach(thread -> onServer.add(thread.id()));
                    onServer.retainAll(own);
                    return onServer.size() == 1;
                });
            }
        }
    }

    @Test
    void underPressureAnEnvironmentUsingAllItsConnectionsAtOnceKeepsThemAndGivesUpOnlyWhatItStopsUsing(TestDatabase db,
            MySqlTestServer server) throws Exception {
        TestDatabase otherUser = db.newUser();
        try (var restore = server.setGlobal("max_connections", 10);
             ServerlessMySqlDataSource dataSource = samplingAtEveryRun(db).build()) {
            Set<Long> own = openConcurrently(dataSource, 3);
            dataSource.endInvocation();
            // Over 0.8, with nothing of this user's to kill: another user's idle connections.
            try (IdleConnections others = otherUser.fillServer(1)) {
                // Steady load: between two samples the callers again hold all three at once, and
                // every invocation end on a connection just returned keeps them open.
                for (int round = 0; round < 3; round++) {
                    assertThat(openConcurrently(dataSource, 3)).isEqualTo(own);
                    dataSource.endInvocation();
                    assertThat(dataSource.openConnections()).isEqualTo(3);
                }
                assertThat(dataSource.stats().releasedUnderPressure()).isZero();
                assertThat(dataSource.stats().connectionsOpened()).isEqualTo(3);

                // The load drops to two at once: the third is given up.
                openConcurrently(dataSource, 2);
                dataSource.endInvocation();
                assertThat(dataSource.stats().releasedUnderPressure()).isEqualTo(1);
                assertThat(dataSource.openConnections()).isEqualTo(2);
            }
        }
    }

    @Test
    void overTheThresholdTheEnvironmentActsOncePerUsageSampleNotAtEveryInvocationEnd(TestDatabase db,
            MySqlTestServer server) throws Exception {
        TestDatabase otherUser = db.newUser();
        Duration ttl = Duration.ofSeconds(5);
        try (var restore = server.setGlobal("max_connections", 10);
             // The first sample (an empty server) lives the same TTL as the full one's.
             ServerlessMySqlDataSource dataSource = builderFor(db, 4).usedConnectionsCacheTtl(ttl)
                     .usedConnectionsCacheTtlUnderHalf(ttl).build()) {
            try (Connection connection = dataSource.getConnection()) {
                TestDatabase.connectionId(connection);
            }
            // The first run learns the limit (and counts this user's threads as well).
            dataSource.endInvocation();
            Thread.sleep(ttl.toMillis() + 100);
            // 9 of 10, over 0.8, with nothing of this user's to kill: another user's idle connections.
            try (IdleConnections others = otherUser.fillServer(1)) {
                long before = dataSource.stats().housekeepingStatements();
                dataSource.endInvocation();
                long sampled = System.nanoTime();
                long afterFresh = dataSource.stats().housekeepingStatements();
                assertThat(afterFresh - before).as("the usage read and the listing of this user's threads").isGreaterThanOrEqualTo(2);
                assertThat(dataSource.openConnections()).as("the one connection stays for the environment").isEqualTo(1);

                for (int i = 0; i < 3; i++) {
                    dataSource.endInvocation();
                }
                assumeTrue(System.nanoTime() - sampled < ttl.toNanos(), "the machine took longer than the sample's TTL");
                assertThat(dataSource.stats().housekeepingStatements())
                        .as("invocation ends on the same (cached) sample send nothing").isEqualTo(afterFresh);
            }
        }
    }

    @Test
    void whenTheServerHasRoomAgainWaitingCallersMayConnectOneMorePerHousekeepingRun(TestDatabase db,
            MySqlTestServer server) throws Exception {
        TestDatabase otherUser = db.newUser();
        try (var restore = server.setGlobal("max_connections", 10);
             ServerlessMySqlDataSource dataSource = builderFor(db, 4).leaseTimeout(Duration.ofSeconds(120))
                     .usedConnectionsCacheTtl(Duration.ZERO).build()) {
            CountDownLatch othersWaiting = new CountDownLatch(1);
            CompletableFuture<Long> first = leaseUntil(dataSource, othersWaiting);
            Await.until("the first caller holds one connection", Duration.ofSeconds(60),
                    () -> dataSource.openConnections() == 1);
            List<CompletableFuture<Long>> others = new ArrayList<>();
            try (IdleConnections full = otherUser.fillServer(0)) {
                for (int i = 0; i < 3; i++) {
                    others.add(leaseUntil(dataSource, new CountDownLatch(0)));
                }
                Await.until("three callers refused (1040) and waiting for the open connection", Duration.ofSeconds(60),
                        () -> dataSource.stats().connectionsHeldBack() == 3);
                othersWaiting.countDown();
                long id = first.get(120, TimeUnit.SECONDS);
                for (CompletableFuture<Long> other : others) {
                    assertThat(other.get(120, TimeUnit.SECONDS)).isEqualTo(id);
                }
            }
            // The other user's connections are gone: 1 of 10 is far under the threshold. Each run
            // that sees the room lets one more caller connect, not all three at once.
            for (int expected = 2; expected >= 0; expected--) {
                dataSource.endInvocation();
                assertThat(dataSource.stats().connectionsHeldBack()).isEqualTo(expected);
            }
            dataSource.endInvocation();
            assertThat(dataSource.stats().connectionsHeldBack()).isZero();
            assertThat(openConcurrently(dataSource, 4)).hasSize(4);
        }
    }

    @Test
    void whenTheServerHasNoRoomForMoreCallersShareTheOpenConnectionInsteadOfRetryingConnects(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        // The server refuses this user's second connection (1203) for as long as the test runs.
        user.setMaxUserConnections(1);
        try (ServerlessMySqlDataSource dataSource = builderFor(user, 4).leaseTimeout(Duration.ofSeconds(120)).build()) {
            CountDownLatch othersWaiting = new CountDownLatch(1);
            CompletableFuture<Long> first = leaseUntil(dataSource, othersWaiting);
            Await.until("the first caller holds the one connection", Duration.ofSeconds(60),
                    () -> dataSource.openConnections() == 1);
            List<CompletableFuture<Long>> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                others.add(leaseUntil(dataSource, new CountDownLatch(0)));
            }
            // Each was refused once and now waits for the open connection rather than retrying.
            Await.until("three callers waiting for the open connection", Duration.ofSeconds(60),
                    () -> dataSource.stats().connectionsHeldBack() == 3);
            othersWaiting.countDown();

            long id = first.get(120, TimeUnit.SECONDS);
            for (CompletableFuture<Long> other : others) {
                assertThat(other.get(120, TimeUnit.SECONDS)).isEqualTo(id);
            }
            assertThat(dataSource.openConnections()).isEqualTo(1);
            assertThat(dataSource.stats().connectFailures()).isZero();
        }
    }

    @Test
    void whileTheServerIsFullTheCallersOfAnEnvironmentWithNoConnectionRetryOneAtATime(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(1);
        Set<Thread> retrying = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Duration> delays = new java.util.concurrent.CopyOnWriteArrayList<>();
        ServerlessMySqlListener recordRetries = new ServerlessMySqlListener() {
            @Override
            public void onRetry(int attempt, Duration delay, java.sql.SQLException cause) {
                retrying.add(Thread.currentThread());
                delays.add(delay);
            }
        };
        try (Connection taken = user.connect();
             ServerlessMySqlDataSource dataSource = builderFor(user, 4).leaseTimeout(Duration.ofSeconds(120))
                     .listener(recordRetries).build()) {
            CountDownLatch started = new CountDownLatch(4);
            List<CompletableFuture<Long>> callers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                callers.add(CompletableFuture.supplyAsync(() -> {
                    started.countDown();
                    try (Connection connection = dataSource.getConnection()) {
                        return TestDatabase.connectionId(connection);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, runnable -> new Thread(runnable).start()));
            }
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            // All four want a connection while the server refuses this user any (1203): many
            // refusals later, still only one of them has been retrying.
            long before = dataSource.stats().connectRetries();
            Await.until("twenty more retried connects", Duration.ofSeconds(60),
                    () -> dataSource.stats().connectRetries() >= before + 20);
            taken.close();

            Set<Long> ids = new HashSet<>();
            for (CompletableFuture<Long> caller : callers) {
                ids.add(caller.get(120, TimeUnit.SECONDS));
            }
            assertThat(retrying).hasSize(1);
            // Refused by a full server, the retries keep retry.cap (100 ms): with one connection per
            // environment the cap grows to 1 s over a long wait; here the next free slot goes to the
            // environment that waited, not to one that came later.
            assertThat(delays).hasSizeGreaterThanOrEqualTo(20).allSatisfy(delay ->
                    assertThat(delay).isLessThanOrEqualTo(Duration.ofMillis(100)));
            // Room for one: the one that connected shares it; the others did not try again.
            assertThat(ids).hasSize(1);
            assertThat(dataSource.openConnections()).isEqualTo(1);
            assertThat(dataSource.stats().connectFailures()).isZero();
        }
    }

    @Test
    void withOneConnectionPerEnvironmentASecondThreadWaitsAsBefore(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).lambdaMaxConcurrency(null).build()) {
            assertThat(dataSource.config().maxConnectionsPerEnvironment()).isEqualTo(1);
            try (Connection held = dataSource.getConnection()) {
                AtomicReference<Thread> waiter = new AtomicReference<>();
                CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
                    waiter.set(Thread.currentThread());
                    try (Connection connection = dataSource.getConnection()) {
                        return TestDatabase.connectionId(connection);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                LeaseIT.awaitWaiting(waiter);
                long id = TestDatabase.connectionId(held);
                held.close();
                assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo(id);
            }
        }
    }

    @Test
    void aSaturatedEnvironmentGivesOneOfItsConnectionsToAnotherThatTheFullServerRefuses(TestDatabase db,
            MySqlTestServer server) throws Exception {
        TestDatabase otherUser = db.newUser();
        try (var restore = server.setGlobal("max_connections", 10);
             ServerlessMySqlDataSource busy = sharing(db, 3).build();
             ServerlessMySqlDataSource starving = sharing(db, 2).build();
             Load load = new Load(busy, 5)) {
            Await.until("the busy environment uses its three connections", Duration.ofSeconds(60),
                    () -> busy.openConnections() == 3 && load.leases() > 50);
            try (IdleConnections full = otherUser.fillServer(0)) {
                // Its callers never stop: it has no idle connection for invocation-end housekeeping,
                // and before, it kept all three while the other environment's connects were refused
                // until lease-timeout.
                try (Connection connection = starving.getConnection()) {
                    assertThat(TestDatabase.connectionId(connection)).isPositive();
                }
                assertThat(busy.openConnections()).isLessThan(3);
                assertThat(busy.stats().releasedUnderPressure()).isPositive();
                long before = load.leases();
                Await.until("the busy environment goes on with the connections it kept", Duration.ofSeconds(60),
                        () -> load.leases() > before + 50);
            }
            load.assertNoFailures();
        }
    }

    @Test
    void environmentsTakeTurnsWithTheOneConnectionTheServerHasRoomFor(TestDatabase db, MySqlTestServer server)
            throws Exception {
        TestDatabase otherUser = db.newUser();
        try (var restore = server.setGlobal("max_connections", 10);
             IdleConnections roomForOne = otherUser.fillServer(1);
             ServerlessMySqlDataSource first = sharing(db, 2).build();
             ServerlessMySqlDataSource second = sharing(db, 2).build();
             Load firstLoad = new Load(first, 3)) {
            Await.until("the first environment holds the one connection", Duration.ofSeconds(60),
                    () -> first.openConnections() == 1 && firstLoad.leases() > 20);
            try (Load secondLoad = new Load(second, 3)) {
                // Each gives the one connection up after its turn while the other is refused, and
                // waits before it reconnects, so that the other's retries get the slot first.
                Await.until("the second environment gets the connection in turn", Duration.ofSeconds(120),
                        () -> secondLoad.leases() > 20);
                long firstBefore = firstLoad.leases();
                Await.until("the first environment gets it back in turn", Duration.ofSeconds(120),
                        () -> firstLoad.leases() > firstBefore + 20);
                long secondBefore = secondLoad.leases();
                Await.until("and the second again", Duration.ofSeconds(120),
                        () -> secondLoad.leases() > secondBefore + 20);
                secondLoad.assertNoFailures();
                // Room for all before the loads stop: an environment whose callers stop keeps its
                // connection (no invocation end gives it back), and the other's caller waiting for
                // its turn would retry until lease-timeout.
                roomForOne.close();
            }
            firstLoad.assertNoFailures();
            assertThat(first.stats().releasedUnderPressure()).isPositive();
            assertThat(second.stats().releasedUnderPressure()).isPositive();
        }
    }

    /** Connections per environment, a short usage cache TTL (the turn: 0.4 s), waits long enough for any machine. */
    private static ServerlessMySqlConfig.Builder sharing(TestDatabase db, int connections) {
        return builderFor(db, connections).usedConnectionsCacheTtl(Duration.ofMillis(200))
                .usedConnectionsCacheTtlUnderHalf(Duration.ofMillis(200)).leaseTimeout(Duration.ofSeconds(120));
    }

    /** Callers that lease, query and return connections in a loop until closed, as a saturated environment's. */
    private static final class Load implements AutoCloseable {
        private final List<Thread> threads = new ArrayList<>();
        private final List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        private final java.util.concurrent.atomic.AtomicLong leases = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean stopped;

        Load(ServerlessMySqlDataSource dataSource, int callers) {
            for (int i = 0; i < callers; i++) {
                Thread thread = new Thread(() -> {
                    while (!stopped) {
                        try (Connection connection = dataSource.getConnection()) {
                            TestDatabase.connectionId(connection);
                            leases.incrementAndGet();
                        } catch (Exception | AssertionError e) {
                            if (!stopped) {
                                failures.add(e);
                            }
                            return;
                        }
                    }
                }, "load-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        long leases() {
            return leases.get();
        }

        void assertNoFailures() {
            assertThat(failures).isEmpty();
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(150));
            }
        }
    }

    /** Four connections, and a usage sample read at every invocation end (a cache TTL of 0). */
    private static ServerlessMySqlConfig.Builder samplingAtEveryRun(TestDatabase db) {
        return builderFor(db, 4).usedConnectionsCacheTtl(Duration.ZERO);
    }

    /** In a new thread: leases a connection, holds it until {@code release} opens, and gives its server thread id. */
    private static CompletableFuture<Long> leaseUntil(ServerlessMySqlDataSource dataSource, CountDownLatch release) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                long id = TestDatabase.connectionId(connection);
                assertThat(release.await(120, TimeUnit.SECONDS)).isTrue();
                return id;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> new Thread(runnable).start());
    }

    /** Opens {@code count} connections at once (one per thread), returns them, and gives their ids. */
    private static Set<Long> openConcurrently(ServerlessMySqlDataSource dataSource, int count) throws Exception {
        CountDownLatch allOpen = new CountDownLatch(count);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    long id = TestDatabase.connectionId(connection);
                    allOpen.countDown();
                    assertThat(allOpen.await(60, TimeUnit.SECONDS)).isTrue();
                    return id;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        Set<Long> ids = new HashSet<>();
        for (CompletableFuture<Long> future : futures) {
            ids.add(future.get(60, TimeUnit.SECONDS));
        }
        assertThat(ids).hasSize(count);
        return ids;
    }
}
