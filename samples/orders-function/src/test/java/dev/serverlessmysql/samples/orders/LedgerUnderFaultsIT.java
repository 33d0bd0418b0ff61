package dev.serverlessmysql.samples.orders;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.Await;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orders table as a ledger: containers place orders while the server's connections are
 * killed, the server stalls and restarts. Clients retry each order with its idempotency key
 * until it is acknowledged; afterwards every acknowledged order is there exactly once.
 *
 * <p>The kills run on every kind of test server; the stall and the restart need process control
 * of the server (only the embedded MariaDB), so that test skips elsewhere and says why. A client
 * retries only what a fault explains: a connection error (SQLState class 08), a statement or
 * connection killed (70100), or the lease timing out. Any other failure ends the test at once with
 * its cause, and an order given up on reports the last fault it met.
 */
@MySqlTest
class LedgerUnderFaultsIT {

    private static final int CONTAINERS = 4;
    private static final int ORDERS_PER_CONTAINER = 25;
    private static final int MAX_ATTEMPTS = 500;
    /**
     * Long enough that a connection killed while its container idles between orders (10 ms) is
     * used again without a ping: a kill makes the next attempt of every container with a
     * connection fail, whatever the scheduling. 2 s: one second below the default zombie.min-timeout.
     */
    private static final Duration THAW_THRESHOLD = Duration.ofSeconds(2);

    private final Map<String, Order> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger failedAttempts = new AtomicInteger();

    @Test
    @Timeout(300)
    void everyAcknowledgedOrderIsStoredExactlyOnceThroughKills(TestDatabase db) throws Exception {
        int total = CONTAINERS * ORDERS_PER_CONTAINER;
        placeOrdersWhile(db, () -> {
            awaitAcknowledged(total / 10);
            db.killAllThreads();
            awaitAcknowledged(total / 2);
            db.killAllThreads();
        });
        assertEveryOrderStoredExactlyOnce(db);
    }

    @Test
    @Timeout(300)
    void everyAcknowledgedOrderIsStoredExactlyOnceThroughKillsAStallAndARestart(TestDatabase db, MySqlTestServer server)
            throws Exception {
        server.assumeProcessControl("stalling and restarting the server");
        int total = CONTAINERS * ORDERS_PER_CONTAINER;
        placeOrdersWhile(db, () -> {
            awaitAcknowledged(total / 10);
            db.killAllThreads();
            awaitAcknowledged(total * 3 / 10);
            try (var frozen = server.freeze()) {
                pause(1500);
            }
            awaitAcknowledged(total / 2);
            server.restart();
            awaitAcknowledged(total * 7 / 10);
            db.killAllThreads();
        });
        assertEveryOrderStoredExactlyOnce(db);
    }

    private void placeOrdersWhile(TestDatabase db, Runnable faults) throws Exception {
        List<ServerlessMySqlDataSource> dataSources = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(CONTAINERS + 1);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CONTAINERS; c++) {
                ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                        .jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                        .connectTimeout(Duration.ofSeconds(1)).leaseTimeout(Duration.ofSeconds(5))
                        .thawThreshold(THAW_THRESHOLD).build();
                dataSources.add(dataSource);
                if (c == 0) {
                    new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).execute(dataSource);
                }
                OrderService container = TransactionalOrderService.over(dataSource);
                String prefix = "c" + c + "-";
                clients.add(threads.submit(() -> placeAll(container, dataSource, prefix)));
            }
            Future<?> injector = threads.submit(faults);

            injector.get(240, TimeUnit.SECONDS);
            for (Future<?> client : clients) {
                client.get(240, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            dataSources.forEach(ServerlessMySqlDataSource::close);
        }
    }

    private void assertEveryOrderStoredExactlyOnce(TestDatabase db) throws Exception {
        int total = CONTAINERS * ORDERS_PER_CONTAINER;
        assertThat(acknowledged).hasSize(total);
        assertThat(failedAttempts.get()).as("attempts that met a fault").isPositive();
        assertThat(db.queryLong("SELECT COUNT(*) FROM orders")).isEqualTo(total);
        assertThat(db.queryLong("SELECT COUNT(DISTINCT idempotency_key) FROM orders")).isEqualTo(total);
        for (Order order : acknowledged.values()) {
            assertThat(db.queryLong("SELECT COUNT(*) FROM orders WHERE id = " + order.id()
                    + " AND idempotency_key = '" + order.idempotencyKey() + "'")).as(order.idempotencyKey()).isEqualTo(1);
        }
    }

    private void placeAll(OrderService container, ServerlessMySqlDataSource dataSource, String prefix) {
        for (int n = 0; n < ORDERS_PER_CONTAINER; n++) {
            PlaceOrderRequest request = new PlaceOrderRequest(prefix + n, "ledger", "tea", 1, new BigDecimal("2.50"));
            acknowledged.put(request.idempotencyKey(), placeUntilAcknowledged(container, dataSource, request));
            pause(10);
        }
    }

    /** What a client does: retry with the same key until the order is acknowledged, but only after a fault. */
    private Order placeUntilAcknowledged(OrderService container, ServerlessMySqlDataSource dataSource,
            PlaceOrderRequest request) {
        RuntimeException lastFault = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                OrderResponse response = container.place(request);
                assertThat(response.status()).isIn(OrderResponse.PLACED, OrderResponse.REPLAYED);
                return response.order();
            } catch (RuntimeException failure) {
                if (!isFault(failure)) {
                    throw new AssertionError(request.idempotencyKey() + " failed for a reason no injected fault explains",
                            failure);
                }
                lastFault = failure;
                failedAttempts.incrementAndGet();
                pause(20);
            } finally {
                dataSource.endInvocation();
            }
        }
        throw new AssertionError(request.idempotencyKey() + " was never acknowledged in " + MAX_ATTEMPTS
                + " attempts; the last fault follows", lastFault);
    }

    /**
     * Whether a failure is one a kill, a stall or a restart causes: somewhere in its causes a
     * connection error (SQLState class 08: link failure, server shutdown), a kill (70100: MariaDB's
     * "connection was killed", "query execution was interrupted"), or the lease timing out
     * ({@link SQLTransientConnectionException}).
     */
    static boolean isFault(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("70100"))) {
                return true;
            }
        }
        return false;
    }

    private void awaitAcknowledged(int count) {
        Await.until(count + " orders acknowledged", Duration.ofSeconds(120), () -> acknowledged.size() >= count);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
