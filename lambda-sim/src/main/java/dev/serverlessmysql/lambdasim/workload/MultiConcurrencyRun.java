package dev.serverlessmysql.lambdasim.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.lambdasim.service.ContainerKind;
import dev.serverlessmysql.lambdasim.service.InvocationResult;
import dev.serverlessmysql.lambdasim.service.ManagedFleet;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * One repetition of {@code multi-concurrency} for one kind: the environments of a
 * {@link ManagedFleet} are initialised, then {@code width × concurrencyPerEnvironment} clients each
 * send a request, wait for its answer and send the next, until {@code invocations} were sent.
 * Throughput is the requests that succeeded per second of that load phase.
 */
public final class MultiConcurrencyRun {

    private static final Logger log = LoggerFactory.getLogger(MultiConcurrencyRun.class);

    /**
     * @param counts the fleet's environments and polls
     * @param loadMillis from the first request to the last answer
     * @param server the server's counters over the run (init and load)
     * @param ordersWritten rows in the kind's orders table afterwards
     */
    public record Result(String kind, String description, LifecycleProfile profile, int repetition,
            List<InvocationResult> results, ManagedFleet.Counts counts, long loadMillis,
            ServerMonitor.Observation server, long ordersWritten) {

        public int invocations() {
            return results.size();
        }

        public int succeeded() {
            return (int) results.stream().filter(InvocationResult::succeeded).count();
        }

        public int failed() {
            return invocations() - succeeded();
        }

        public Map<String, Integer> failuresByError() {
            return RunResult.failuresByError(results);
        }

        /** Requests that succeeded per second of the load phase. */
        public double throughput() {
            return loadMillis <= 0 ? Double.NaN : succeeded() * 1000.0 / loadMillis;
        }

        /** Latency percentile of the requests that succeeded, in ms (NaN when none did). */
        public double latencyPercentile(double percentile) {
            return RunResult.latencyPercentile(results, percentile, false);
        }

        public long refusedConnects() {
            return server.counterDeltas().get("Connection_errors_max_connections");
        }
    }

    private MultiConcurrencyRun() {
    }

    public static Result run(MySqlTestServer server, Kinds kinds, String kindName, LifecycleProfile profile,
            FleetRun.Settings settings, int repetition) throws Exception {
        try (TestDatabase database = server.createDatabase("sim" + kindName.replace("-", ""))) {
            ContainerKind kind = LifecycleProfile.prepare(kinds, kindName, database);
            log.info("Running {} under {} (repetition {})", kind.name(), profile.label(), repetition);
            ManagedFleet.Settings fleetSettings = new ManagedFleet.Settings(profile.width(),
                    profile.concurrencyPerEnvironment(), settings.invocationTimeout(), settings.initTimeout(),
                    settings.logRoot().resolve(profile.label()).resolve(kind.name()).resolve(String.valueOf(repetition)));
            List<InvocationResult> results = Collections.synchronizedList(new ArrayList<>());
            ManagedFleet.Counts counts;
            ServerMonitor.Observation observation;
            long loadMillis;
            // The monitor starts first: the pools of a kind that fills them at init take every connection.
            try (ServerMonitor monitor = new ServerMonitor(() -> FleetRun.admin(server), settings.pollInterval());
                 ManagedFleet fleet = new ManagedFleet(kind, fleetSettings)) {
                int ready = fleet.start();
                log.info("{}: {} of {} environments ready", kind.name(), ready, profile.width());
                AtomicInteger remaining = new AtomicInteger(profile.invocations());
                List<Thread> clients = new ArrayList<>();
                long started = System.nanoTime();
                for (int i = 0; i < profile.width() * profile.concurrencyPerEnvironment(); i++) {
                    Thread client = new Thread(() -> {
                        while (remaining.getAndDecrement() > 0) {
                            results.add(fleet.invoke(LoadProfile.placeOrderEvent()).join());
                        }
                    }, "client-" + i);
                    client.setDaemon(true);
                    client.start();
                    clients.add(client);
                }
                for (Thread client : clients) {
                    client.join();
                }
                loadMillis = (System.nanoTime() - started) / 1_000_000;
                observation = monitor.stop();
                counts = fleet.counts();
            }
            Result result = new Result(kind.name(), kind.description(), profile, repetition, List.copyOf(results), counts,
                    loadMillis, observation, FleetRun.countOrders(database));
            log.info("{} / {}: {} requests, {} failed {}, {} per second, {}, peak {} connections, {} refused connects",
                    result.kind(), profile.label(), result.invocations(), result.failed(), result.failuresByError(),
                    String.format("%.1f", result.throughput()), counts, observation.peakConnections(),
                    result.refusedConnects());
            FleetRun.awaitDisconnected(database);
            return result;
        }
    }
}
