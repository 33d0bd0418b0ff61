package dev.serverlessmysql.lambdasim.workload;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.lambdasim.service.ContainerKind;
import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.service.InvocationResult;
import dev.serverlessmysql.lambdasim.service.ProcStat;
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
        return run(server, kinds, kindName, profile, settings, 1);
    }

    /** {@code spaced} of one kind: {@link #runSpaced(MySqlTestServer, Kinds, List, LoadProfile, Settings, int)}. */
    /**
     * The order in which a spaced run warms its kinds up: the kinds of this DataSource
     * ({@link PlaceOrder#usesThisDataSource}) after the others, each group in the
     * run's order. Its usage sample lives about 3 s per connection it counted ({@code UsageLifetime}),
     * so a kind warmed first counted only the connections of the kinds before it (11-100 of the
     * fleet's 400 in a spaced-100 run), its samples ran out within the repetitions and it read the
     * usage again there (light 4.05-4.08 statements per invocation against 4.00-4.04 for
     * {@code light-noext}, warmed second), as a fleet in its steady state, every sample counting the
     * whole fleet, would not. The other kinds keep nothing from their warm-up that depends on the
     * fleet (HikariCP reads no usage; the npm module reads it at every invocation or every second).
     */
    static List<Integer> warmUpOrder(List<ContainerKind> kinds) {
        List<Integer> others = new ArrayList<>();
        List<Integer> last = new ArrayList<>();
        for (int k = 0; k < kinds.size(); k++) {
            (PlaceOrder.usesThisDataSource(kinds.get(k).environment().getOrDefault("LAMBDA_SIM_DATASOURCE", "")) ? last : others)
                    .add(k);
        }
        others.addAll(last);
        return others;
    }

    public static List<RunResult> runSpaced(MySqlTestServer server, Kinds kinds, String kindName, LoadProfile profile,
            Settings settings, int repetitions) throws Exception {
        return runSpaced(server, kinds, List.of(kindName), profile, settings, repetitions);
    }

    /** Arrivals per block of an interleaved schedule: enough for the server's CPU time (10 ms ticks) to count. */
    static final int ARRIVALS_PER_BLOCK = 60;

    /**
     * {@code spaced}: every repetition of every kind named, the kinds interleaved within each
     * repetition ({@link Interleaving}: the same arrivals for every kind, in blocks of about
     * {@value #ARRIVALS_PER_BLOCK}, at most 10 per kind and repetition, rotating), each kind on its
     * own fleet of warm containers (one fleet of concurrency 1 per container) and its own database
     * and user, all of them alive at once. The containers' cold starts run once, kind by kind (this
     * DataSource's kinds last: {@link #warmUpOrder}), as a warm-up that no repetition counts. Each block has its own server monitor, so a kind's counts and
     * server CPU time are the sums over its blocks. Logs go to {@code <profile label>/<kind>/all/c<container>}.
     */
    public static List<RunResult> runSpaced(MySqlTestServer server, Kinds kinds, List<String> kindNames, LoadProfile profile,
            Settings settings, int repetitions) throws Exception {
        int maxConnections = Integer.parseInt(server.readGlobal("max_connections"));
        List<RunResult> runs = new ArrayList<>();
        List<TestDatabase> databases = new ArrayList<>();
        List<ContainerKind> containerKinds = new ArrayList<>();
        List<List<Fleet>> fleets = new ArrayList<>();
        try {
            for (String kindName : kindNames) {
                TestDatabase database = Schema.ordersDatabase(server, "sim" + kindName);
                databases.add(database);
                containerKinds.add(kinds.create(kindName, database));
            }
            ServerCpu cpu = cpu(server);
            double idle = cpu == null ? 0 : idleCpuMillisPerSecond(server, cpu, settings.pollInterval());
            for (ContainerKind kind : containerKinds) {
                Path logs = settings.logRoot().resolve(profile.label()).resolve(kind.name()).resolve("all");
                List<Fleet> kindFleets = new ArrayList<>();
                fleets.add(kindFleets);
                for (int i = 0; i < profile.width(); i++) {
                    kindFleets.add(new Fleet(kind, new Fleet.Settings(1, profile.functionTimeoutOr(settings.invocationTimeout()),
                            settings.initTimeout(), logs.resolve("c" + i))));
                }
            }
            for (int k : warmUpOrder(containerKinds)) {
                ContainerKind kind = containerKinds.get(k);
                log.info("Warming up {} containers of {} for {} against max_connections={}", profile.width(), kind.name(),
                        profile.label(), maxConnections);
                long warmFailed = profile.warmUp(fleets.get(k)).stream().filter(result -> !result.succeeded()).count();
                if (warmFailed > 0) {
                    log.warn("{} of {} warm-up invocations of {} failed in the warm-up of {} (a cold start and an order"
                            + " each): a container whose start failed begins its measured invocations with a cold start again",
                            warmFailed, 2 * profile.width(), kind.name(), profile.label());
                }
            }
            int blocksPerKind = Math.max(1, Math.min(10, profile.sequential() / ARRIVALS_PER_BLOCK));
            for (int repetition = 1; repetition <= repetitions; repetition++) {
                log.info("Running {} under {} ({} warm containers each, interleaved, repetition {}) against max_connections={}",
                        kindNames, profile.label(), profile.width(), repetition, maxConnections);
                List<Fleet.Counts> before = new ArrayList<>();
                List<Long> ordersBefore = new ArrayList<>();
                for (int k = 0; k < kindNames.size(); k++) {
                    before.add(sum(fleets.get(k), port(server)));
                    ordersBefore.add(countOrders(databases.get(k)));
                }
                List<List<InvocationResult>> results = new ArrayList<>();
                List<List<ServerMonitor.Observation>> observations = new ArrayList<>();
                List<List<Long>> starts = new ArrayList<>();
                long[] wall = new long[kindNames.size()];
                for (int k = 0; k < kindNames.size(); k++) {
                    results.add(new ArrayList<>());
                    observations.add(new ArrayList<>());
                    starts.add(new ArrayList<>());
                }
                long repetitionStart = System.nanoTime();
                for (Interleaving.Block block : Interleaving.blocks(profile.arrivals(profile.width(), repetition),
                        kindNames.size(), blocksPerKind)) {
                    int k = block.kind();
                    long started = System.nanoTime();
                    try (ServerMonitor monitor = new ServerMonitor(() -> admin(server), settings.pollInterval(), cpu, idle)) {
                        // replay returns once every invoke phase of the block has ended: the block's counts are its kind's.
                        results.get(k).addAll(LoadProfile.replay(fleets.get(k), block.arrivals()));
                        observations.get(k).add(monitor.stop());
                    }
                    starts.get(k).add((started - repetitionStart) / 1_000_000);
                    wall[k] += (System.nanoTime() - started) / 1_000_000;
                }
                for (int k = 0; k < kindNames.size(); k++) {
                    ContainerKind kind = containerKinds.get(k);
                    ServerMonitor.Observation observation = ServerMonitor.Observation.combine(observations.get(k), starts.get(k));
                    Fleet.Counts after = sum(fleets.get(k), port(server));
                    RunResult result = new RunResult(kind.name(), kind.description(), profile, results.get(k), observation,
                            after.since(before.get(k)), countOrders(databases.get(k)) - ordersBefore.get(k), maxConnections,
                            wall[k], repetition, medianPssKib(fleets.get(k)));
                    logResult(result, observation);
                    runs.add(result);
                }
            }
        } finally {
            for (List<Fleet> kindFleets : fleets) {
                for (Fleet fleet : kindFleets) {
                    fleet.close();
                }
            }
            for (TestDatabase database : databases) {
                awaitDisconnected(database);
                database.close();
            }
        }
        return runs;
    }

    /** The median proportional set size of the fleets' live processes, in KiB; -1 when none was readable. */
    static long medianPssKib(List<Fleet> fleets) {
        List<Double> pss = new ArrayList<>();
        for (Fleet fleet : fleets) {
            for (long pid : fleet.livePids()) {
                long kib = ProcStat.pssKib(pid);
                if (kib >= 0) {
                    pss.add((double) kib);
                }
            }
        }
        double median = Percentiles.nearestRank(pss, 50);
        return Double.isNaN(median) ? -1 : (long) median;
    }

    /** One repetition of a kind under a profile; its containers' logs go to {@code <profile label>/<kind>/<repetition>}. */
    public static RunResult run(MySqlTestServer server, Kinds kinds, String kindName, LoadProfile profile,
            Settings settings, int repetition) throws Exception {
        if (profile.perContainerFleets()) {
            if (repetition != 1) {
                throw new IllegalArgumentException("spaced runs every repetition on one fleet: use FleetRun.runSpaced");
            }
            return runSpaced(server, kinds, kindName, profile, settings, 1).get(0);
        }
        int maxConnections = Integer.parseInt(server.readGlobal("max_connections"));
        try (TestDatabase database = Schema.ordersDatabase(server, "sim" + kindName)) {
            ContainerKind kind = kinds.create(kindName, database);
            log.info("Running {} under {} ({} wide, {} waves, repetition {}) against max_connections={}", kind.name(),
                    profile.label(), profile.width(), profile.waves(), repetition, maxConnections);
            Path logs = settings.logRoot().resolve(profile.label()).resolve(kind.name()).resolve(String.valueOf(repetition));
            ServerMonitor.Observation observation;
            List<InvocationResult> results;
            Fleet.Counts counts;
            long wall;
            long ordersBefore;
            ServerCpu cpu = cpu(server);
            double idle = cpu == null ? 0 : idleCpuMillisPerSecond(server, cpu, settings.pollInterval());
            // A timeout profile's fleet is warmed first, uncounted, under the run's own timeout: its
            // waves measure a warm fleet meeting a full server under the function timeout, not cold
            // JVMs starved of this machine's few cores (on Lambda each has its own CPU).
            Fleet fleet = new Fleet(kind, new Fleet.Settings(profile.width(), profile.warmsUpFirst()
                    ? settings.invocationTimeout() : profile.functionTimeoutOr(settings.invocationTimeout()),
                    settings.initTimeout(), logs));
            // Opened before the warm-up fills the server (the one connection MariaDB keeps for an
            // administrator is then free); the monitor closes it too, closed here if it never started.
            try (Connection adminConnection = admin(server)) {
                Fleet.Counts before = new Fleet.Counts(0, 0, 0, 0, 0, 0);
                if (profile.warmsUpFirst()) {
                    for (int wave = 1; wave <= profile.warmUpWaves(); wave++) {
                        long warmFailed = profile.wave(fleet).stream().filter(r -> !r.succeeded()).count();
                        log.info("{} warm-up wave {} of {}, {} wide (uncounted): {} failed", kind.name(), wave,
                                profile.warmUpWaves(), profile.width(), warmFailed);
                    }
                    fleet.functionTimeout(profile.functionTimeoutOr(settings.invocationTimeout()));
                    before = fleet.counts();
                }
                ordersBefore = countOrders(adminConnection, database);
                long started = System.nanoTime();
                try (ServerMonitor monitor = new ServerMonitor(() -> adminConnection, settings.pollInterval(), cpu, idle)) {
                    results = profile.run(fleet);
                    wall = (System.nanoTime() - started) / 1_000_000;
                    // Before the fleet ends every process: the timed-out containers' connections still open.
                    counts = fleet.counts().since(before).withZombiesFromTimeouts(fleet.zombiesFromTimeouts(port(server)));
                    observation = monitor.stop();
                }
            } finally {
                fleet.close();
            }
            long orders = countOrders(database) - ordersBefore;
            RunResult result = new RunResult(kind.name(), kind.description(), profile, results, observation, counts,
                    orders, maxConnections, wall, repetition);
            logResult(result, observation);
            awaitDisconnected(database);
            return result;
        }
    }

    private static void logResult(RunResult result, ServerMonitor.Observation observation) {
        log.info("{} / {}: {} invocations, {} failed {}, peak {} connections, {} refused connects, {} KILLs",
                result.kind(), result.profile().name(), result.invocations(), result.failed(), result.failuresByError(),
                observation.peakConnections(), result.refusedConnects(), result.kills());
    }

    private static Fleet.Counts sum(List<Fleet> fleets, int serverPort) {
        Fleet.Counts sum = new Fleet.Counts(0, 0, 0, 0, 0, 0);
        for (Fleet fleet : fleets) {
            sum = sum.plus(fleet.counts().withZombiesFromTimeouts(fleet.zombiesFromTimeouts(serverPort)));
        }
        return sum;
    }

    static int port(MySqlTestServer server) {
        return Integer.parseInt(server.hostAndPort().split(":")[1]);
    }

    private static ServerCpu serverCpu;

    /** The server's process, found once (the benchmark and the tests use one embedded server per JVM). */
    private static synchronized ServerCpu cpu(MySqlTestServer server) {
        if (serverCpu == null) {
            serverCpu = ServerCpu.find(port(server));
            if (serverCpu == null) {
                log.info("Server CPU time: not measured (the server's process was not found)");
            }
        }
        return serverCpu;
    }

    private static Double idleCpuMillisPerSecond;

    /**
     * The server's CPU time per second with nothing but the monitor polling, measured once over
     * 5 s: what a run's CPU time is corrected by, so that CPU per invocation is the invocations'.
     */
    private static synchronized double idleCpuMillisPerSecond(MySqlTestServer server, ServerCpu cpu, Duration poll)
            throws InterruptedException {
        if (idleCpuMillisPerSecond == null) {
            long started = System.nanoTime();
            double cpuMillis;
            try (ServerMonitor monitor = new ServerMonitor(() -> admin(server), poll, cpu)) {
                Thread.sleep(5000); // the measurement's length, not a wait for anything
                cpuMillis = monitor.stop().serverCpuMillis();
            }
            idleCpuMillisPerSecond = cpuMillis < 0 ? 0 : cpuMillis / ((System.nanoTime() - started) / 1e9);
            log.info("Server CPU with only the monitor polling: {} ms per second", String.format("%.2f", idleCpuMillisPerSecond));
        }
        return idleCpuMillisPerSecond;
    }

    /** Where the server's CPU time is read (null before any run found the server). */
    public static synchronized String serverCpuSource() {
        return serverCpu == null ? null : serverCpu.source();
    }

    /** The idle rate taken off every run's server CPU time (0 until measured). */
    public static synchronized double idleCpuMillisPerSecond() {
        return idleCpuMillisPerSecond == null ? 0 : idleCpuMillisPerSecond;
    }

    static Connection admin(MySqlTestServer server) {
        try {
            return server.adminConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("No admin connection: " + e.getMessage(), e);
        }
    }

    static long countOrders(TestDatabase database) throws SQLException {
        try (Connection connection = database.server().adminConnection()) {
            return countOrders(connection, database);
        }
    }

    private static long countOrders(Connection admin, TestDatabase database) throws SQLException {
        try (Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM `" + database.name() + "`.orders")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The processes are gone; wait until the server has noticed, so the next run starts clean. */
    static void awaitDisconnected(TestDatabase database) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!database.threads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
