package dev.serverlessmysql.lambdasim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.service.InvocationResult;
import dev.serverlessmysql.lambdasim.workload.LoadProfile;
import dev.serverlessmysql.lambdasim.workload.RunResult;
import dev.serverlessmysql.lambdasim.workload.ServerMonitor;

/** The targets' arithmetic on hand-made runs: which runs each check compares, and its verdict. */
class TargetsTest {

    private static final LoadProfile SPACED_10 = LoadProfile.spaced(10, Duration.ofSeconds(2), 200, 14);
    private static final LoadProfile SPACED_100 = LoadProfile.spaced(100, Duration.ofSeconds(2), 700, 14);
    private static final LoadProfile BURST_10 = LoadProfile.burst(10, 4, Duration.ofSeconds(1));
    private static final LoadProfile BURST_100 = LoadProfile.burst(100, 3, Duration.ofSeconds(1));

    @Test
    void serverCpuGrowthIsCheckedBetweenTheSmallestAndLargestSpacedFleetAndBetweenTheBursts() {
        List<RunResult> runs = new ArrayList<>();
        for (int rep = 1; rep <= 3; rep++) {
            runs.add(run("light", SPACED_100, 150, rep, 1.4, 5.0));
            runs.add(run("light", SPACED_10, 150, rep, 1.2, 5.0));
            runs.add(run("light", BURST_10, 10, rep, 1.8, 6.0));
            runs.add(run("light", BURST_100, 10, rep, 3.6, 6.0));
        }

        List<Targets.Check> checks = new Targets(runs).checks();

        assertThat(check(checks, "at spaced-100 within 1.5 x of spaced-10").met()).isTrue();
        assertThat(check(checks, "at spaced-100 within 1.5 x of spaced-10").measured()).contains("ratio 1.17");
        assertThat(check(checks, "at burst-100 within 1.5 x of burst-10").met()).isFalse();
        assertThat(check(checks, "at burst-100 within 1.5 x of burst-10").measured()).contains("ratio 2.00");
    }

    @Test
    void roundTripsAreComparedOnTheLargestSpacedFleet() {
        List<RunResult> runs = new ArrayList<>();
        for (int rep = 1; rep <= 3; rep++) {
            runs.add(run("light", SPACED_10, 150, rep, 1.0, 9.0));
            runs.add(run("light", SPACED_100, 150, rep, 1.0, 5.0));
            runs.add(run("light-hikari", SPACED_100, 150, rep, 1.0, 5.5));
            runs.add(run("node-cache", SPACED_100, 150, rep, 1.0, 4.5));
        }

        List<Targets.Check> checks = new Targets(runs).checks();

        assertThat(check(checks, "round trips per spaced-100 invocation <= light-hikari's").met()).isTrue();
        assertThat(check(checks, "round trips per spaced-100 invocation <= node-cache's").met()).isFalse();
        assertThat(checks).noneMatch(c -> c.target().contains("spaced-10 invocation"));
    }

    private static Targets.Check check(List<Targets.Check> checks, String part) {
        return checks.stream().filter(c -> c.target().contains(part)).findFirst()
                .orElseThrow(() -> new AssertionError("no check containing '" + part + "' in " + checks));
    }

    /** 100 successful invocations with the given server CPU and statements (no pings, no connects) per invocation (ReportTest uses it too). */
    static RunResult run(String kind, LoadProfile profile, int maxConnections, int repetition,
            double cpuPerInvocation, double statementsPerInvocation) {
        int invocations = 100;
        List<InvocationResult> results = Collections.nCopies(invocations,
                new InvocationResult("r", "c", false, null, null, 0, 1_000_000));
        Map<String, Long> deltas = Map.of("Questions", Math.round(statementsPerInvocation * invocations),
                "Com_admin_commands", 0L, "Connections", 0L, "Connection_errors_max_connections", 0L, "Com_kill", 0L,
                "Com_begin", (long) invocations, "Com_insert", (long) invocations, "Com_commit", (long) invocations);
        ServerMonitor.Observation server = new ServerMonitor.Observation(List.of(), 0, deltas, 0,
                Math.round(cpuPerInvocation * invocations));
        return new RunResult(kind, kind, profile, results, server, new Fleet.Counts(0, 0, 0, 0), invocations,
                maxConnections, 1000, repetition);
    }
}
