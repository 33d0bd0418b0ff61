package dev.serverlessmysql.lambdasim;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.lambdasim.report.LifecycleReport;
import dev.serverlessmysql.lambdasim.workload.FleetRun;
import dev.serverlessmysql.lambdasim.workload.Kinds;
import dev.serverlessmysql.lambdasim.workload.LifecycleProfile;
import dev.serverlessmysql.lambdasim.workload.MultiConcurrencyRun;
import dev.serverlessmysql.lambdasim.workload.ScaleDownRun;
import dev.serverlessmysql.test.MySqlTestServer;

/**
 * The lifecycle profiles of {@link Benchmark}: {@code scale-down} (zombies left per retired
 * container, with and without the Lambda extension) and {@code multi-concurrency} (Lambda Managed
 * Instances: environments serving 8 requests at once against {@code max_connections=10}:
 * {@code 12x8}, more environments than the server has connections, where HikariCP loses
 * environments at init; {@code 4x8}, fewer, in the small size only, as the full size must stay
 * under 30 minutes). Part of the full size; in the small size they run only when named
 * ({@code --profiles=scale-down,multi-concurrency}). Their results are {@code lifecycle.json} and
 * {@code lifecycle.md} in the output folder.
 */
final class LifecycleBenchmark {

    private static final Logger log = LoggerFactory.getLogger(LifecycleBenchmark.class);

    /**
     * The kinds compared in {@code scale-down}, with and without the extension: {@code starter} and
     * {@code starter-noext} in the full size (the target; the plain-Java kinds would add
     * 20 s to a size that must stay under 30 minutes), {@code light} and {@code light-noext} in the
     * small one (no Spring there).
     */
    static final List<String> SCALE_DOWN_KINDS = List.of("node", "light-hikari");

    /**
     * The kinds compared in {@code multi-concurrency}: ours, HikariCP sized to the concurrency (a pool
     * per environment as AWS's guide shows it; it loses environments when they do not fit) and
     * HikariCP with a pool of 1 per environment (the pool that can serve every environment of a
     * fleet that does not fit: the 12 × 8 target's baseline).
     */
    static final List<String> MULTI_CONCURRENCY_KINDS = List.of("light", "light-hikari-pool", "light-hikari");

    /** One lifecycle profile of a size: the kinds it runs and how many repetitions of each. */
    record Plan(LifecycleProfile profile, List<String> kinds, int repetitions) {
    }

    private LifecycleBenchmark() {
    }

    /** The plans of a size; {@code named}: whether they were asked for by name rather than by {@code all}. */
    static List<Plan> plans(String size, boolean named) {
        List<String> scaleDownKinds = new ArrayList<>(SCALE_DOWN_KINDS);
        if (size.equals("full")) {
            scaleDownKinds.addAll(List.of("starter", "starter-noext"));
            return List.of(new Plan(LifecycleProfile.scaleDown(6, 2, 1.0), scaleDownKinds, 3),
                    new Plan(LifecycleProfile.multiConcurrency(12, 8, 2400), MULTI_CONCURRENCY_KINDS, 3));
        }
        if (!named) {
            return List.of();
        }
        scaleDownKinds.addAll(List.of("light", "light-noext"));
        return List.of(new Plan(LifecycleProfile.scaleDown(6, 2, 1.0), scaleDownKinds, 3),
                new Plan(LifecycleProfile.multiConcurrency(4, 8, 1600), MULTI_CONCURRENCY_KINDS, 3),
                new Plan(LifecycleProfile.multiConcurrency(12, 8, 2400), MULTI_CONCURRENCY_KINDS, 3));
    }

    /** The plans chosen by {@code --profiles} and {@code --kinds}. */
    static List<Plan> chosen(String size, List<String> profileNames, List<String> chosenKinds) {
        boolean all = profileNames.equals(List.of("all"));
        List<Plan> chosen = new ArrayList<>();
        for (Plan plan : plans(size, !all)) {
            if (all || profileNames.contains(plan.profile().name()) || profileNames.contains(plan.profile().label())) {
                List<String> kinds = plan.kinds().stream().filter(chosenKinds::contains).toList();
                if (!kinds.isEmpty()) {
                    chosen.add(new Plan(plan.profile(), kinds, plan.repetitions()));
                }
            }
        }
        return chosen;
    }

    /** Runs the plans (repetition-major, as the other profiles) and writes the report into {@code out}. */
    static void run(MySqlTestServer server, Kinds kinds, List<Plan> plans, FleetRun.Settings settings,
            Map<String, String> about, Path out) throws Exception {
        Instant started = Instant.now();
        List<ScaleDownRun.Result> scaleDowns = new ArrayList<>();
        List<MultiConcurrencyRun.Result> multis = new ArrayList<>();
        for (Plan plan : plans) {
            for (int repetition = 1; repetition <= plan.repetitions(); repetition++) {
                for (String kind : plan.kinds()) {
                    if (plan.profile().name().equals(LifecycleProfile.SCALE_DOWN)) {
                        scaleDowns.add(ScaleDownRun.run(server, kinds, kind, plan.profile(), settings, repetition));
                    } else {
                        multis.add(MultiConcurrencyRun.run(server, kinds, kind, plan.profile(), settings, repetition));
                    }
                }
            }
        }
        Map<String, String> header = new LinkedHashMap<>();
        header.put("date", started.truncatedTo(ChronoUnit.SECONDS).toString());
        header.put("took", Duration.between(started, Instant.now()).toSeconds() + " s");
        header.putAll(about);
        header.put("emulator", "scale-down: every container retired at once after the warm-up; with a Shutdown phase,"
                + " a container whose runtime registered an extension is thawed (SIGCONT) and sent SIGTERM, and one still"
                + " alive after " + ScaleDownRun.SHUTDOWN_BUDGET.toMillis() + " ms is stopped (SIGSTOP, its socket open);"
                + " one without an extension stays frozen (its socket open). Zombies: the kind's connections in the"
                + " processlist once it has not changed for 1.5 s. multi-concurrency: environments initialised before"
                + " the load, never frozen, AWS_LAMBDA_MAX_CONCURRENCY in their environment; a request goes to the ready"
                + " environment with the fewest in flight below the limit, else waits");
        LifecycleReport report = new LifecycleReport(scaleDowns, multis, header,
                Integer.parseInt(server.readGlobal("max_connections")));
        report.write(out);
        System.out.println(report.markdown());
        log.info("Lifecycle profiles done; results in {}", out.resolve("lifecycle.md"));
    }
}
