package dev.serverlessmysql.lambdasim.fault;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.lambdasim.service.ContainerKind;
import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.workload.FleetRun;
import dev.serverlessmysql.lambdasim.workload.Kinds;
import dev.serverlessmysql.lambdasim.workload.Schema;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Runs one container kind through a {@link FaultScenario} on its own database and user: the
 * waves of orders, each placed by an {@link OrderClient} until acknowledged, the
 * {@link FaultInjector} firing at its points of progress, then the {@link LedgerCheck} of the
 * table. Every process it started has ended when it returns.
 */
public final class FaultRun {

    private static final Logger log = LoggerFactory.getLogger(FaultRun.class);

    private FaultRun() {
    }

    /**
     * @throws IllegalStateException when the server cannot be restarted from this JVM (only an
     *         embedded server can)
     */
    public static FaultRunResult run(MySqlTestServer server, Kinds kinds, String kindName, FaultScenario scenario,
            FleetRun.Settings settings) throws Exception {
        if (!server.canInjectFaults()) {
            throw new IllegalStateException("A fault run restarts the server: it needs the embedded server, not "
                    + server.hostAndPort());
        }
        try (MySqlTestServer.GlobalRestore limit = server.setGlobal("max_connections", scenario.maxConnections());
             TestDatabase database = Schema.ordersDatabase(server, "fault" + kindName)) {
            ContainerKind kind = kinds.create(kindName, database);
            log.info("Fault run: {} under {}", kind.name(), scenario.describe());
            Fleet.Settings fleetSettings = new Fleet.Settings(scenario.width(), settings.invocationTimeout(),
                    settings.initTimeout(), settings.logRoot().resolve("fault").resolve(kind.name()));
            FaultInjector injector = new FaultInjector(scenario.faults(), server, database, scenario.maxConnections());
            List<OrderOutcome> outcomes = new ArrayList<>();
            List<FaultInjector.InjectedFault> faults;
            Fleet.Counts counts;
            long started = System.nanoTime();
            long wall;
            ExecutorService clients = Executors.newFixedThreadPool(scenario.width(), task -> {
                Thread thread = new Thread(task, "order-client");
                thread.setDaemon(true);
                return thread;
            });
            try (Fleet fleet = new Fleet(kind, fleetSettings)) {
                OrderClient client = new OrderClient(fleet, injector, scenario.maxAttempts());
                injector.start();
                try {
                    int number = 0;
                    for (int wave = 0; wave < scenario.waves(); wave++) {
                        if (wave > 0) {
                            Thread.sleep(scenario.pause().toMillis());
                        }
                        List<Future<OrderOutcome>> wavefront = new ArrayList<>();
                        for (int i = 0; i < scenario.width(); i++) {
                            ClientOrder order = ClientOrder.numbered(++number);
                            wavefront.add(clients.submit(() -> client.place(order)));
                        }
                        for (Future<OrderOutcome> outcome : wavefront) {
                            outcomes.add(outcome.get());
                        }
                    }
                } finally {
                    faults = injector.finish();
                }
                wall = (System.nanoTime() - started) / 1_000_000;
                counts = fleet.counts();
            } catch (ExecutionException e) {
                throw new IllegalStateException("A client thread failed: " + e.getCause(), e.getCause());
            } finally {
                clients.shutdownNow();
            }
            outcomes = FailureCauses.attach(outcomes, fleetSettings.logDirectory());
            LedgerCheck ledger = LedgerCheck.of(outcomes, rows(database));
            FaultRunResult result = new FaultRunResult(kind.name(), kind.description(), scenario, faults, outcomes,
                    ledger, counts, wall);
            log.info("Fault run {}: {} orders, {} acknowledged, {} attempts, {} failed {}, {} recovered, {} faults"
                    + " injected, exactly once: {}", kind.name(), result.orders(), result.acknowledged(),
                    result.attempts(), result.failedAttempts(), result.failedAttemptsByError(),
                    result.recovered().size(), result.faultsInjected(), ledger.exactlyOnce());
            awaitDisconnected(database);
            return result;
        }
    }

    /** The whole table, read as the administrator. */
    static List<LedgerCheck.Row> rows(TestDatabase database) throws SQLException {
        List<LedgerCheck.Row> rows = new ArrayList<>();
        try (Connection admin = database.server().adminConnection(); Statement statement = admin.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, idempotency_key, customer, item, quantity,"
                     + " unit_price, total FROM `" + database.name() + "`.orders ORDER BY id")) {
            while (result.next()) {
                rows.add(new LedgerCheck.Row(result.getLong(1), result.getString(2), result.getString(3),
                        result.getString(4), result.getInt(5), result.getBigDecimal(6), result.getBigDecimal(7)));
            }
        }
        return rows;
    }

    /** The processes are gone; wait until the server has noticed, so the next run starts clean. */
    private static void awaitDisconnected(TestDatabase database) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!database.threads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
