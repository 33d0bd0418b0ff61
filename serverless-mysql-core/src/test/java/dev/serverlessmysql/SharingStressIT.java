package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.serverlessmysql.test.Await;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.ServerThread;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Bounded stress against the real server (issue 32, and issue 30 item 10): two environments of
 * several connections each, many callers, housekeeping at every invocation end over the threshold
 * while other clients keep being refused (so environments give connections up and hold slots
 * back), and connections killed from outside. Afterwards: no lease was given to two callers at
 * once, no slot leaked and no permit was lost (each environment serves all its connections again
 * once the server has room).
 */
@MySqlTest
class SharingStressIT {

    private static final int ENVIRONMENTS = 2;
    private static final int CONNECTIONS = 4;
    private static final int CALLERS = 8;
    private static final Duration STRESS = Duration.ofSeconds(20);

    @Test
    @Timeout(600)
    void noLeaseTwiceNoSlotLeakedNoPermitLost(TestDatabase db, MySqlTestServer server) throws Exception {
        List<ServerlessMySqlDataSource> environments = new ArrayList<>();
        ConcurrentMap<Long, Thread> inUse = new ConcurrentHashMap<>();
        List<String> doubleLeases = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong leases = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        try (var restore = server.setGlobal("max_connections", 14)) {
            for (int e = 0; e < ENVIRONMENTS; e++) {
                environments.add(LeaseIT.builderFor(db).maxConnectionsPerEnvironment(CONNECTIONS)
                        .connectionUtilization(0.3).usedConnectionsCacheTtl(Duration.ZERO)
                        .usedConnectionsCacheTtlUnderHalf(Duration.ZERO).zombieMinTimeout(Duration.ofSeconds(1))
                        .leaseTimeout(Duration.ofSeconds(30)).build());
            }
            for (ServerlessMySqlDataSource environment : environments) {
                for (int c = 0; c < CALLERS; c++) {
                    threads.add(start("caller", () -> {
                        while (!stop.get()) {
                            invoke(environment, inUse, doubleLeases, leases);
                        }
                    }));
                }
            }
            // Other clients refused: failed logins make the server's Aborted_connects grow.
            threads.add(start("refused-client", () -> {
                while (!stop.get()) {
                    try {
                        server.connect(db.name(), db.username(), "wrong-password").close();
                    } catch (SQLException expected) {
                        // refused, as intended
                    }
                    pause(20);
                }
            }));
            // Connections killed from outside (a failover, an operator, another container's reaper).
            threads.add(start("killer", () -> {
                while (!stop.get()) {
                    try {
                        List<ServerThread> own = db.threads();
                        if (!own.isEmpty()) {
                            db.killThread(own.get(ThreadLocalRandom.current().nextInt(own.size())).id());
                        }
                    } catch (RuntimeException goneOrFull) {
                        // the thread ended meanwhile, or the full server refused the admin too
                    }
                    pause(100);
                }
            }));
            Thread.sleep(STRESS.toMillis());
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(TimeUnit.MINUTES.toMillis(2));
                assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
            }
        }
        try (var room = server.setGlobal("max_connections", 500)) {
            assertThat(doubleLeases).as("a connection leased to two callers at once").isEmpty();
            assertThat(leases.get()).as("leases handed out during the stress").isPositive();
            for (ServerlessMySqlDataSource environment : environments) {
                Stats stats = environment.stats();
                assertThat(stats.leased()).as("no slot left leased: " + stats).isFalse();
                assertThat(stats.connectionsHeldBack()).as("at least one slot always serves callers")
                        .isLessThan(CONNECTIONS);
                // With room, each invocation end gives one held-back slot back (housekeeping needs an
                // open connection: the invocation opens one, as traffic would, if KILLs took them all).
                Await.until("every slot back", Duration.ofSeconds(60), () -> {
                    try (Connection connection = environment.getConnection()) {
                        TestDatabase.connectionId(connection);
                    } catch (SQLException lastKilled) {
                        // a connection killed at the very end of the stress, discarded now
                    }
                    environment.endInvocation();
                    return environment.stats().connectionsHeldBack() == 0;
                });
                assertThat(openConcurrently(environment, CONNECTIONS)).as("every permit there").hasSize(CONNECTIONS);
            }
        } finally {
            environments.forEach(ServerlessMySqlDataSource::close);
        }
    }

    /** One invocation: a lease, a statement that proves whose connection it is, the invocation end. */
    private static void invoke(ServerlessMySqlDataSource environment, ConcurrentMap<Long, Thread> inUse,
                               List<String> doubleLeases, AtomicLong leases) {
        try (Connection connection = environment.getConnection()) {
            leases.incrementAndGet();
            long id = TestDatabase.connectionId(connection);
            Thread other = inUse.putIfAbsent(id, Thread.currentThread());
            if (other != null) {
                doubleLeases.add("connection " + id + " held by " + other.getName() + " and "
                        + Thread.currentThread().getName());
            }
            try {
                TestDatabase.queryLong(connection, "SELECT COUNT(*) FROM information_schema.PROCESSLIST");
            } finally {
                inUse.remove(id, Thread.currentThread());
            }
        } catch (SQLException expected) {
            // Killed from outside, or the full server refused: what a function sees in an outage.
        } finally {
            environment.endInvocation();
        }
    }

    private static Set<Long> openConcurrently(ServerlessMySqlDataSource environment, int count) throws Exception {
        CountDownLatch allOpen = new CountDownLatch(count);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        List<Thread> openers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < count; i++) {
            openers.add(start("opener", () -> {
                try (Connection connection = environment.getConnection()) {
                    ids.add(TestDatabase.connectionId(connection));
                    allOpen.countDown();
                    allOpen.await(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread opener : openers) {
            opener.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertThat(failures).isEmpty();
        return new HashSet<>(ids);
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
