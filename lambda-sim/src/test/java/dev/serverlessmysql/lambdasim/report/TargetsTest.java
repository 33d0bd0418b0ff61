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

    @Test
    void theTimeoutProfilesAskForNoTimeoutNoZombieAndAt10xFewerFailuresThanEachPeer() {
        LoadProfile fiveX = LoadProfile.timeout(5, 10, 3, Duration.ofSeconds(3));
        LoadProfile tenX = LoadProfile.timeout(10, 10, 3, Duration.ofSeconds(3));
        List<RunResult> runs = List.of(
                timedOut("light", fiveX, 0, 0, 0, 0),
                timedOut("node", fiveX, 9, 9, 9, 9),
                timedOut("light", tenX, 20, 2, 1, 2),
                timedOut("light-hikari", tenX, 40, 40, 40, 40),
                timedOut("node", tenX, 15, 15, 15, 15));

        List<Targets.Check> checks = new Targets(runs).checks();

        assertThat(check(checks, "ended by the function timeout (3000 ms) in timeout-5x").met()).isTrue();
        assertThat(check(checks, "0 zombies left by timeouts in timeout-5x").met()).isTrue();
        assertThat(check(checks, "ended by the function timeout (3000 ms) in timeout-10x").met()).isFalse();
        assertThat(check(checks, "0 zombies left by timeouts in timeout-10x").met()).isFalse();
        assertThat(check(checks, "0 zombies left by timeouts in timeout-10x").comparison())
                .contains("light-hikari: 40 zombies, 40 cold starts caused by timeouts");
        // 20 failed: fewer than HikariCP's 40, not fewer than the npm module's 15.
        assertThat(check(checks, "fewer failed invocations in timeout-10x").met()).isFalse();
        assertThat(checks).noneMatch(c -> c.target().contains("fewer failed invocations in timeout-5x"));
    }

    /** 100 invocations of which {@code failed} failed, with the fleet's timeout counts. */
    private static RunResult timedOut(String kind, LoadProfile profile, int failed, int timeouts, int zombies, int colds) {
        RunResult base = run(kind, profile, 10, 1, 1.0, 4.0);
        List<InvocationResult> results = new ArrayList<>(base.results());
        for (int i = 0; i < failed; i++) {
            results.set(i, new InvocationResult("r", "c", false, "timeout", null, 0, 1_000_000));
        }
        return new RunResult(kind, kind, profile, results, base.server(), new Fleet.Counts(0, 0, timeouts, 0, colds, zombies),
                base.ordersWritten(), 10, 1000, 1);
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
        return new RunResult(kind, kind, profile, results, server, new Fleet.Counts(0, 0, 0, 0, 0, 0), invocations,
                maxConnections, 1000, repetition);
    }
}
