package dev.serverlessmysql.lambdasim.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.service.InvocationResult;

/**
 * One container kind under one load profile: every invocation's result, what the server saw,
 * and the numbers the report shows.
 *
 * @param kind the container kind's name
 * @param description what runs inside
 * @param profile the load profile
 * @param results every invocation, in submission order
 * @param server what the server monitor saw during the run
 * @param fleet the fleet's counters at the end
 * @param ordersWritten rows in the run's {@code orders} table at the end
 * @param maxConnections the server's {@code max_connections} during the run
 * @param wallMillis how long the load ran
 * @param repetition which repetition of this kind and profile, from 1
 * @param containerPssKib the median proportional set size of the kind's containers at the end of
 *        the repetition, in KiB ({@code spaced}); -1 when not measured
 */
public record RunResult(String kind, String description, LoadProfile profile, List<InvocationResult> results,
        ServerMonitor.Observation server, Fleet.Counts fleet, long ordersWritten, int maxConnections, long wallMillis,
        int repetition, long containerPssKib) {

    public RunResult(String kind, String description, LoadProfile profile, List<InvocationResult> results,
            ServerMonitor.Observation server, Fleet.Counts fleet, long ordersWritten, int maxConnections, long wallMillis,
            int repetition) {
        this(kind, description, profile, results, server, fleet, ordersWritten, maxConnections, wallMillis, repetition, -1);
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

    /** Failed invocations by category, for example {@code 1040 Too many connections -> 12}. */
    public Map<String, Integer> failuresByError() {
        return failuresByError(results);
    }

    /** The failed ones of {@code results} by category. */
    static Map<String, Integer> failuresByError(List<InvocationResult> results) {
        Map<String, Integer> failures = new TreeMap<>();
        for (InvocationResult result : results) {
            if (!result.succeeded()) {
                failures.merge(result.error(), 1, Integer::sum);
            }
        }
        return failures;
    }

    /** Latency percentile of the successful invocations, in milliseconds; NaN when none succeeded. */
    public double latencyPercentile(double percentile) {
        return percentile(percentile, false);
    }

    /** The warm p99, for method references. */
    public double warmLatencyPercentile99() {
        return warmLatencyPercentile(99);
    }

    /** Latency percentile of the successful invocations that ran on a warm container. */
    public double warmLatencyPercentile(double percentile) {
        return percentile(percentile, true);
    }

    private double percentile(double percentile, boolean warmOnly) {
        return latencyPercentile(results, percentile, warmOnly);
    }

    /** Nearest-rank latency percentile of the successful ones of {@code results} (warm ones only if asked), in ms. */
    static double latencyPercentile(List<InvocationResult> results, double percentile, boolean warmOnly) {
        List<Double> latencies = new ArrayList<>();
        for (InvocationResult result : results) {
            if (result.succeeded() && !(warmOnly && result.coldStart())) {
                latencies.add(result.latencyMillis());
            }
        }
        return Percentiles.nearestRank(latencies, percentile);
    }

    /** The warm successful invocations, whose figures the spaced tables compare. */
    private List<InvocationResult> warmSucceeded() {
        return results.stream().filter(result -> result.succeeded() && !result.coldStart()).toList();
    }

    /**
     * Nearest-rank percentile of the billed duration (submission to the end of the invoke phase) of
     * the warm successful invocations whose phase ended, in ms; NaN when none.
     */
    public double warmBilledPercentile(double percentile) {
        return Percentiles.nearestRank(warmSucceeded().stream().map(InvocationResult::billedMillis).toList(), percentile);
    }

    /**
     * The container's CPU time per warm successful invocation (the process's {@code utime + stime}
     * from delivery to the end of the invoke phase), mean in ms; NaN when not measured. Each reading
     * is in clock ticks of 10 ms, so single invocations read 0, 10, 20 ms; the mean over many is
     * what counts.
     */
    public double containerCpuMillisPerInvocation() {
        return Percentiles.mean(warmSucceeded().stream()
                .map(result -> result.containerCpuMillis() < 0 ? Double.NaN : (double) result.containerCpuMillis()).toList());
    }

    /** Statements the fleet sent ({@code Questions} less the monitor's own), per invocation. */
    public double statementsPerInvocation() {
        return perInvocation(server.questions());
    }

    /** Pings per invocation ({@code Com_admin_commands}: {@code COM_PING}, the thaw check, HikariCP's validation). */
    public double pingsPerInvocation() {
        return perInvocation(server.delta("Com_admin_commands"));
    }

    /** Connection attempts per invocation ({@code Connections}: each a handshake and authentication). */
    public double connectsPerInvocation() {
        return perInvocation(connectionAttempts());
    }

    /** Statements, pings and connects per invocation: the round trips a function costs the server. */
    public double roundTripsPerInvocation() {
        return statementsPerInvocation() + pingsPerInvocation() + connectsPerInvocation();
    }

    /** The server's CPU time per invocation in milliseconds; NaN when not measured. */
    public double serverCpuMillisPerInvocation() {
        return server.serverCpuMillis() < 0 || invocations() == 0 ? Double.NaN : server.serverCpuMillis() / invocations();
    }

    /** A counter's delta per invocation. */
    public double perInvocation(String counter) {
        return perInvocation(server.delta(counter));
    }

    private double perInvocation(long count) {
        return invocations() == 0 ? 0 : (double) count / invocations();
    }

    /** Connection attempts the server refused with 1040 ({@code Connection_errors_max_connections}). */
    public long refusedConnects() {
        return server.counterDeltas().get("Connection_errors_max_connections");
    }

    /** {@code KILL} statements the fleet ran ({@code Com_kill}): zombies killed, or tried. */
    public long kills() {
        return server.counterDeltas().get("Com_kill");
    }

    /** Connection attempts, successful or not ({@code Connections}). */
    public long connectionAttempts() {
        return server.counterDeltas().get("Connections");
    }

    public int coldStarts() {
        return fleet.coldStarts();
    }

    /** Invocations ended by the function timeout (each ended its container without a Shutdown phase). */
    public int endedByTimeout() {
        return fleet.timeouts();
    }

    /** Connections the timed-out containers still held open on the server at the end of the run. */
    public int zombiesFromTimeouts() {
        return fleet.zombiesFromTimeouts();
    }

    /** Cold starts that took a slot a timeout had freed. */
    public int coldStartsAfterTimeouts() {
        return fleet.coldStartsAfterTimeouts();
    }
}
