package dev.serverlessmysql.lambdasim.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * send a request, wait for its answer and send the next: first a warm-up of
 * {@value #WARMUP_PER_CLIENT} requests per client (environments that open connections lazily
 * open them then, and the JIT compiles the request path, as in the long life of a Managed
 * Instances environment), then, at once and without waiting for the other clients, their share
 * of the measured load of {@code invocations} requests: traffic has no barrier, and one would
 * leave the fleet idle (no invocation ends, so no housekeeping) while a few slow warm-up requests
 * finish. Throughput is the measured requests that succeeded per second, from the first measured
 * request sent to the last measured answer.
 */
public final class MultiConcurrencyRun {

    private static final Logger log = LoggerFactory.getLogger(MultiConcurrencyRun.class);

    /** Warm-up requests per client before the measured load. */
    static final int WARMUP_PER_CLIENT = 10;

    /**
     * @param counts the fleet's environments and polls
     * @param results the measured requests
     * @param warmup the warm-up requests before them
     * @param loadMillis from the first measured request to the last measured answer
     * @param server the server's counters over the run (init, warm-up and load)
     * @param ordersWritten rows in the kind's orders table afterwards
     */
    public record Result(String kind, String description, LifecycleProfile profile, int repetition,
            List<InvocationResult> results, List<InvocationResult> warmup, ManagedFleet.Counts counts, long loadMillis,
            ServerMonitor.Observation server, long ordersWritten) {

        /**
         * A server counter per request, over the whole run (init, warm-up and load) and every
         * request sent (warm-up included): {@code Questions} (statements), {@code Com_admin_commands}
         * (pings), {@code Connections} (connect attempts, refused ones included).
         */
        public double perRequest(String counter) {
            return (double) server.delta(counter) / (results.size() + warmup.size());
        }

        /** Warm-up requests that failed. */
        public int warmupFailed() {
            return (int) warmup.stream().filter(result -> !result.succeeded()).count();
        }

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
        try (TestDatabase database = Schema.ordersDatabase(server, "sim" + kindName)) {
            ContainerKind kind = kinds.create(kindName, database);
            log.info("Running {} under {} (repetition {})", kind.name(), profile.label(), repetition);
            ManagedFleet.Settings fleetSettings = new ManagedFleet.Settings(profile.width(),
                    profile.concurrencyPerEnvironment(), settings.invocationTimeout(), settings.initTimeout(),
                    settings.logRoot().resolve(profile.label()).resolve(kind.name()).resolve(String.valueOf(repetition)));
            List<InvocationResult> results = Collections.synchronizedList(new ArrayList<>());
            List<InvocationResult> warmup = Collections.synchronizedList(new ArrayList<>());
            ManagedFleet.Counts counts;
            ServerMonitor.Observation observation;
            long loadMillis;
            // The monitor starts first: the pools of a kind that fills them at init take every connection.
            try (ServerMonitor monitor = new ServerMonitor(() -> FleetRun.admin(server), settings.pollInterval());
                 ManagedFleet fleet = new ManagedFleet(kind, fleetSettings)) {
                int ready = fleet.start();
                log.info("{}: {} of {} environments ready", kind.name(), ready, profile.width());
                int clients = profile.width() * profile.concurrencyPerEnvironment();
                loadMillis = load(fleet, clients, profile.invocations(), warmup, results);
                observation = monitor.stop();
                counts = fleet.counts();
            }
            Result result = new Result(kind.name(), kind.description(), profile, repetition, List.copyOf(results), List.copyOf(warmup), counts,
                    loadMillis, observation, FleetRun.countOrders(database));
            log.info("{} / {}: {} requests, {} failed {} ({} of {} warm-up requests failed), {} per second, {}, peak {}"
                    + " connections, {} refused connects", result.kind(), profile.label(), result.invocations(),
                    result.failed(), result.failuresByError(), result.warmupFailed(), warmup.size(),
                    String.format("%.1f", result.throughput()), counts, observation.peakConnections(),
                    result.refusedConnects());
            FleetRun.awaitDisconnected(database);
            return result;
        }
    }

    /**
     * {@code clients} closed-loop clients each send {@value #WARMUP_PER_CLIENT} warm-up requests, then
     * measured ones until {@code requests} were sent in all; returns the ms from the first measured
     * request to the last measured answer (a slow warm-up request still open is not load).
     */
    private static long load(ManagedFleet fleet, int clients, int requests, List<InvocationResult> warmup,
            List<InvocationResult> into) throws InterruptedException {
        AtomicInteger remaining = new AtomicInteger(requests);
        AtomicLong firstMeasured = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastMeasured = new AtomicLong(Long.MIN_VALUE);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread client = new Thread(() -> {
                for (int n = 0; n < WARMUP_PER_CLIENT; n++) {
                    warmup.add(fleet.invoke(LoadProfile.placeOrderEvent()).join());
                }
                while (remaining.getAndDecrement() > 0) {
                    firstMeasured.accumulateAndGet(System.nanoTime(), Math::min);
                    into.add(fleet.invoke(LoadProfile.placeOrderEvent()).join());
                    lastMeasured.accumulateAndGet(System.nanoTime(), Math::max);
                }
            }, "client-" + i);
            client.setDaemon(true);
            client.start();
            threads.add(client);
        }
        for (Thread client : threads) {
            client.join();
        }
        long first = firstMeasured.get();
        return first == Long.MAX_VALUE ? 0 : (lastMeasured.get() - first) / 1_000_000;
    }
}
