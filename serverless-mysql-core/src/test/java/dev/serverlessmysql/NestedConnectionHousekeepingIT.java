package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Issue 30 item 3: every physical connection the DataSource has open, leased, nested or idle, is
 * its own, and housekeeping never kills it. Without the fix a nested connection (Spring's
 * REQUIRES_NEW) idle inside one request was the oldest sleeper of the user and killed by another
 * request's housekeeping.
 */
@MySqlTest
class NestedConnectionHousekeepingIT {

    @Test
    @Timeout(180)
    void anotherRequestsHousekeepingSparesANestedConnectionIdleInsideARequest(TestDatabase db, MySqlTestServer server)
            throws Exception {
        RecordingListener listener = new RecordingListener();
        try (var restore = server.setGlobal("max_connections", 20);
             ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).maxConnectionsPerEnvironment(4)
                     .connectionUtilization(0.25).zombieMinTimeout(Duration.ofSeconds(1)).usedConnectionsCacheTtl(Duration.ZERO)
                     .usedConnectionsCacheTtlUnderHalf(Duration.ZERO).listener(listener).build()) {
            // Two open connections: one for the request, one idle for housekeeping to run on.
            CountDownLatch bothOpen = new CountDownLatch(2);
            List<CompletableFuture<Void>> openers = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                openers.add(CompletableFuture.runAsync(() -> {
                    try (Connection connection = dataSource.getConnection()) {
                        TestDatabase.connectionId(connection);
                        bothOpen.countDown();
                        assertThat(bothOpen.await(60, TimeUnit.SECONDS)).isTrue();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, runnable -> new Thread(runnable).start()));
            }
            for (CompletableFuture<Void> opener : openers) {
                opener.get(60, TimeUnit.SECONDS);
            }
            AtomicLong nestedId = new AtomicLong();
            CountDownLatch nestedIdle = new CountDownLatch(1);
            CountDownLatch housekept = new CountDownLatch(1);
            CompletableFuture<Long> request = CompletableFuture.supplyAsync(() -> {
                try (Connection outer = dataSource.getConnection();
                     Connection nested = dataSource.getConnection()) {
                    TestDatabase.connectionId(outer);
                    nestedId.set(TestDatabase.connectionId(nested));
                    nestedIdle.countDown();
                    assertThat(housekept.await(120, TimeUnit.SECONDS)).isTrue();
                    // The nested work goes on after its idle moment.
                    return TestDatabase.queryLong(nested, "SELECT CONNECTION_ID()");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable, "request-with-nested").start());
            assertThat(nestedIdle.await(60, TimeUnit.SECONDS)).isTrue();
            // The nested connection sleeps longest of the user's: oldest first, it would go first.
            db.awaitSleeping(List.of(nestedId.get()), Duration.ofSeconds(2));
            // An invocation end under the threshold first: it uses up the sample a thaw may have read.
            dataSource.endInvocation();
            try (IdleConnections zombies = db.openIdleConnections(3)) {
                zombies.awaitSleeping(Duration.ofSeconds(1));

                // Another request's invocation end, over the threshold.
                dataSource.endInvocation();

                housekept.countDown();
                assertThat(request.get(120, TimeUnit.SECONDS)).isEqualTo(nestedId.get());
                List<Long> killed = listener.events.stream().filter(e -> e.startsWith("killed "))
                        .map(e -> Long.parseLong(e.substring("killed ".length()))).toList();
                assertThat(killed).as("events: %s", listener.events).isNotEmpty().allMatch(zombies.threadIds()::contains).doesNotContain(nestedId.get());
            } finally {
                housekept.countDown();
            }
        }
    }
}
