package dev.serverlessmysql.lambdasim.workload;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.lambdasim.service.ContainerKind;
import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.service.InvocationResult;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Runs one container kind under one load profile on its own database and user: creates the
 * table, starts the server monitor and the fleet, runs the load, and ends every process.
 */
public final class FleetRun {

    private static final Logger log = LoggerFactory.getLogger(FleetRun.class);

    /**
     * @param invocationTimeout Lambda's function timeout
     * @param initTimeout extra time a cold start may take (JVM start-up on a busy machine)
     * @param pollInterval how often the monitor reads {@code Threads_connected}
     * @param logRoot where container logs go, one folder per kind and profile
     */
    public record Settings(Duration invocationTimeout, Duration initTimeout, Duration pollInterval, Path logRoot) {
    }

    private FleetRun() {
    }

    public static RunResult run(MySqlTestServer server, Kinds kinds, String kindName, LoadProfile profile,
            Settings settings) throws Exception {
        int maxConnections = Integer.parseInt(server.readGlobal("max_connections"));
        try (TestDatabase database = server.createDatabase("sim" + kindName)) {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                statement.execute(Schema.ORDERS);
            }
            ContainerKind kind = kinds.create(kindName, database);
            log.info("Running {} under {} ({} wide, {} waves) against max_connections={}", kind.name(),
                    profile.name(), profile.width(), profile.waves(), maxConnections);
            Fleet.Settings fleetSettings = new Fleet.Settings(profile.width(), settings.invocationTimeout(),
                    settings.initTimeout(), settings.logRoot().resolve(profile.name()).resolve(kind.name()));
            ServerMonitor.Observation observation;
            List<InvocationResult> results;
            Fleet.Counts counts;
            long started = System.nanoTime();
            long wall;
            try (ServerMonitor monitor = new ServerMonitor(() -> admin(server), settings.pollInterval());
                 Fleet fleet = new Fleet(kind, fleetSettings)) {
                results = profile.run(fleet);
                wall = (System.nanoTime() - started) / 1_000_000;
                counts = fleet.counts();
                observation = monitor.stop();
            }
            long orders = countOrders(database);
            RunResult result = new RunResult(kind.name(), kind.description(), profile, results, observation, counts,
                    orders, maxConnections, wall);
            log.info("{} / {}: {} invocations, {} failed {}, peak {} connections, {} refused connects, {} KILLs",
                    kind.name(), profile.name(), result.invocations(), result.failed(), result.failuresByError(),
                    observation.peakConnections(), result.refusedConnects(), result.kills());
            awaitDisconnected(database);
            return result;
        }
    }

    private static Connection admin(MySqlTestServer server) {
        try {
            return server.adminConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("No admin connection: " + e.getMessage(), e);
        }
    }

    private static long countOrders(TestDatabase database) throws SQLException {
        try (Connection connection = database.server().adminConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM `" + database.name() + "`.orders")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The processes are gone; wait until the server has noticed, so the next run starts clean. */
    private static void awaitDisconnected(TestDatabase database) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!database.threads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
