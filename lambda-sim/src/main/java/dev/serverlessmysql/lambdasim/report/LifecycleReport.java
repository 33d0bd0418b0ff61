package dev.serverlessmysql.lambdasim.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.workload.MultiConcurrencyRun;
import dev.serverlessmysql.lambdasim.workload.ScaleDownRun;

/**
 * Writes the lifecycle profiles' results: {@code lifecycle.json} (every run) and {@code lifecycle.md}
 * (a table per profile, one row per kind, median and min–max over the repetitions, as in
 * {@link Report}).
 */
public final class LifecycleReport {

    private final List<ScaleDownRun.Result> scaleDowns;
    private final List<MultiConcurrencyRun.Result> multis;
    private final Map<String, String> about;
    private final int maxConnections;

    /** @param maxConnections the server's {@code max_connections} during the multi-concurrency runs */
    public LifecycleReport(List<ScaleDownRun.Result> scaleDowns, List<MultiConcurrencyRun.Result> multis,
            Map<String, String> about, int maxConnections) {
        this.maxConnections = maxConnections;
        this.scaleDowns = List.copyOf(scaleDowns);
        this.multis = List.copyOf(multis);
        this.about = new LinkedHashMap<>(about);
    }

    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("lifecycle.json"), json());
        Files.writeString(directory.resolve("lifecycle.md"), markdown());
    }

    private static <R> Map<String, Map<String, List<R>>> grouped(List<R> runs, Function<R, String> profile,
            Function<R, String> kind) {
        Map<String, Map<String, List<R>>> groups = new LinkedHashMap<>();
        for (R run : runs) {
            groups.computeIfAbsent(profile.apply(run), key -> new LinkedHashMap<>())
                    .computeIfAbsent(kind.apply(run), key -> new ArrayList<>()).add(run);
        }
        return groups;
    }

    private static <R> Spread spread(List<R> runs, Function<R, Double> figure) {
        List<Double> values = new ArrayList<>();
        for (R run : runs) {
            values.add(figure.apply(run));
        }
        return Spread.of(values);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# lambda-sim lifecycle profiles\n\n");
        for (Map.Entry<String, String> entry : about.entrySet()) {
            md.append("- **").append(entry.getKey()).append("**: ").append(entry.getValue()).append('\n');
        }
        for (var profile : grouped(scaleDowns, run -> run.profile().label(), ScaleDownRun.Result::kind).entrySet()) {
            var first = profile.getValue().values().iterator().next().get(0);
            md.append("\n## ").append(profile.getKey()).append("\n\n").append(first.profile().describe())
                    .append(". Median over the repetitions (min–max); counts are totals over the repetitions.\n\n")
                    .append("| kind | zombies per retired container | retired | SIGTERM, exited in budget | SIGTERM, stopped after budget"
                            + " | frozen, no extension | connections before | zombies | clean quits | aborted clients | failed |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (var kind : profile.getValue().entrySet()) {
                List<ScaleDownRun.Result> runs = kind.getValue();
                md.append("| `").append(kind.getKey()).append("` | ")
                        .append(spread(runs, ScaleDownRun.Result::zombiesPerRetired).text2()).append(" | ")
                        .append(sum(runs, run -> run.retirements().retired())).append(" | ")
                        .append(sum(runs, run -> run.retirements().exitedInBudget())).append(" | ")
                        .append(sum(runs, run -> run.retirements().stoppedAfterBudget())).append(" | ")
                        .append(sum(runs, run -> run.retirements().frozenWithoutExtension())).append(" | ")
                        .append(sum(runs, ScaleDownRun.Result::connectionsBefore)).append(" | ")
                        .append(sum(runs, ScaleDownRun.Result::zombies)).append(" | ")
                        .append(sum(runs, run -> (int) run.cleanQuits())).append(" | ")
                        .append(sum(runs, run -> (int) run.abortedClients())).append(" | ")
                        .append(failed(runs.stream().map(ScaleDownRun.Result::failuresByError).toList(),
                                sum(runs, ScaleDownRun.Result::failed), sum(runs, ScaleDownRun.Result::invocations)))
                        .append(" |\n");
            }
        }
        for (var profile : grouped(multis, run -> run.profile().label(), MultiConcurrencyRun.Result::kind).entrySet()) {
            var first = profile.getValue().values().iterator().next().get(0);
            md.append("\n## ").append(profile.getKey()).append("\n\n").append(first.profile().describe())
                    .append(". Median over the repetitions (min–max); failed and init failures are totals.\n\n")
                    .append("| kind | throughput inv/s | failed | warm-up failed | init failures | p50 ms | p99 ms"
                            + " | stmts/req | pings/req | conns/req | peak connections | refused connects"
                            + " | most concurrent /next |\n")
                    .append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (var kind : profile.getValue().entrySet()) {
                List<MultiConcurrencyRun.Result> runs = kind.getValue();
                md.append("| `").append(kind.getKey()).append("` | ")
                        .append(spread(runs, MultiConcurrencyRun.Result::throughput).text()).append(" | ")
                        .append(failed(runs.stream().map(MultiConcurrencyRun.Result::failuresByError).toList(),
                                sum(runs, MultiConcurrencyRun.Result::failed), sum(runs, MultiConcurrencyRun.Result::invocations)))
                        .append(" | ").append(sum(runs, MultiConcurrencyRun.Result::warmupFailed)).append(" of ")
                        .append(sum(runs, run -> run.warmup().size()))
                        .append(" | ").append(sum(runs, run -> run.counts().initFailures())).append(" | ")
                        .append(spread(runs, run -> run.latencyPercentile(50)).text()).append(" | ")
                        .append(spread(runs, run -> run.latencyPercentile(99)).text()).append(" | ")
                        .append(spread(runs, run -> run.perRequest("Questions")).text2()).append(" | ")
                        .append(spread(runs, run -> run.perRequest("Com_admin_commands")).text2()).append(" | ")
                        .append(spread(runs, run -> run.perRequest("Connections")).text2()).append(" | ")
                        .append(spread(runs, run -> (double) run.server().peakConnections()).text()).append(" | ")
                        .append(spread(runs, run -> (double) run.refusedConnects()).text()).append(" | ")
                        .append(spread(runs, run -> (double) run.counts().mostOutstandingNext()).text()).append(" |\n");
            }
            md.append(targets(profile.getValue().values().iterator().next(), profile.getValue()));
        }
        return md.toString();
    }

    /**
     * The Managed Instances targets of one profile ({@link MultiConcurrencyTargets}), as a table.
     */
    private String targets(List<MultiConcurrencyRun.Result> anyRun, Map<String, List<MultiConcurrencyRun.Result>> byKind) {
        Map<String, MultiConcurrencyTargets.Figures> figures = new LinkedHashMap<>();
        byKind.forEach((kind, runs) -> figures.put(kind, figures(runs)));
        var profile = anyRun.get(0).profile();
        List<Targets.Check> checks = MultiConcurrencyTargets.checks(profile.label(), profile.width(), maxConnections, figures);
        if (checks.isEmpty()) {
            return "";
        }
        return "\nTargets (throughput: ratio of the medians over the repetitions; failures: totals of failed requests,"
                + " measured and warm-up, and environments lost at init):\n\n" + Targets.table(checks);
    }

    static MultiConcurrencyTargets.Figures figures(List<MultiConcurrencyRun.Result> runs) {
        return new MultiConcurrencyTargets.Figures(
                Spread.of(runs.stream().map(MultiConcurrencyRun.Result::throughput).toList()).median(),
                sum(runs, MultiConcurrencyRun.Result::failed), sum(runs, MultiConcurrencyRun.Result::warmupFailed),
                sum(runs, run -> run.counts().initFailures()),
                sum(runs, run -> run.invocations() + run.warmup().size()));
    }

    private static <R> int sum(List<R> runs, java.util.function.ToIntFunction<R> figure) {
        return runs.stream().mapToInt(figure).sum();
    }

    /** {@code 3 of 150 (1040: 2; timeout: 1)}. */
    private static String failed(List<Map<String, Integer>> failures, int failed, int invocations) {
        Map<String, Integer> byError = new TreeMap<>();
        for (Map<String, Integer> run : failures) {
            run.forEach((error, count) -> byError.merge(error, count, Integer::sum));
        }
        StringBuilder text = new StringBuilder().append(failed).append(" of ").append(invocations);
        if (!byError.isEmpty()) {
            text.append(" (");
            String separator = "";
            for (Map.Entry<String, Integer> entry : byError.entrySet()) {
                text.append(separator).append(entry.getKey().replace("|", "/")).append(": ").append(entry.getValue());
                separator = "; ";
            }
            text.append(')');
        }
        return text.toString();
    }

    public String json() {
        StringBuilder json = new StringBuilder("{\n  \"about\": {");
        String separator = "\n";
        for (Map.Entry<String, String> entry : about.entrySet()) {
            json.append(separator).append("    ").append(Report.quote(entry.getKey())).append(": ")
                    .append(Report.quote(entry.getValue()));
            separator = ",\n";
        }
        json.append("\n  },\n  \"scaleDown\": [");
        separator = "\n";
        for (ScaleDownRun.Result run : scaleDowns) {
            Fleet.Retirements r = run.retirements();
            json.append(separator).append("    {\"profile\": ").append(Report.quote(run.profile().label()))
                    .append(", \"kind\": ").append(Report.quote(run.kind()))
                    .append(", \"description\": ").append(Report.quote(run.description()))
                    .append(", \"repetition\": ").append(run.repetition())
                    .append(", \"invocations\": ").append(run.invocations())
                    .append(", \"failed\": ").append(run.failed())
                    .append(", \"retired\": ").append(r.retired())
                    .append(", \"shutdownPhases\": ").append(r.shutdownPhases())
                    .append(", \"extensionsRegistered\": ").append(r.extensionsRegistered())
                    .append(", \"exitedInBudget\": ").append(r.exitedInBudget())
                    .append(", \"stoppedAfterBudget\": ").append(r.stoppedAfterBudget())
                    .append(", \"frozenWithoutExtension\": ").append(r.frozenWithoutExtension())
                    .append(", \"frozenWithoutShutdown\": ").append(r.frozenWithoutShutdown())
                    .append(", \"connectionsBefore\": ").append(run.connectionsBefore())
                    .append(", \"zombies\": ").append(run.zombies())
                    .append(", \"zombiesPerRetired\": ").append(Report.jsonNumber(run.zombiesPerRetired()))
                    .append(", \"abortedClients\": ").append(run.abortedClients())
                    .append(", \"cleanQuits\": ").append(run.cleanQuits()).append('}');
            separator = ",\n";
        }
        json.append("\n  ],\n  \"multiConcurrency\": [");
        separator = "\n";
        for (MultiConcurrencyRun.Result run : multis) {
            json.append(separator).append("    {\"profile\": ").append(Report.quote(run.profile().label()))
                    .append(", \"kind\": ").append(Report.quote(run.kind()))
                    .append(", \"description\": ").append(Report.quote(run.description()))
                    .append(", \"repetition\": ").append(run.repetition())
                    .append(", \"invocations\": ").append(run.invocations())
                    .append(", \"succeeded\": ").append(run.succeeded())
                    .append(", \"failed\": ").append(run.failed())
                    .append(", \"warmupInvocations\": ").append(run.warmup().size())
                    .append(", \"warmupFailed\": ").append(run.warmupFailed())
                    .append(", \"failuresByError\": {");
            String inner = "";
            for (Map.Entry<String, Integer> entry : run.failuresByError().entrySet()) {
                json.append(inner).append(Report.quote(entry.getKey())).append(": ").append(entry.getValue());
                inner = ", ";
            }
            json.append("}, \"environmentsReady\": ").append(run.counts().ready())
                    .append(", \"initFailures\": ").append(run.counts().initFailures())
                    .append(", \"environmentsExited\": ").append(run.counts().exited())
                    .append(", \"timeouts\": ").append(run.counts().timeouts())
                    .append(", \"mostOutstandingNext\": ").append(run.counts().mostOutstandingNext())
                    .append(", \"loadMillis\": ").append(run.loadMillis())
                    .append(", \"throughputPerSecond\": ").append(Report.jsonNumber(run.throughput()))
                    .append(", \"p50Millis\": ").append(Report.jsonNumber(run.latencyPercentile(50)))
                    .append(", \"p99Millis\": ").append(Report.jsonNumber(run.latencyPercentile(99)))
                    .append(", \"peakConnections\": ").append(run.server().peakConnections())
                    .append(", \"statementsPerRequest\": ").append(Report.jsonNumber(run.perRequest("Questions")))
                    .append(", \"pingsPerRequest\": ").append(Report.jsonNumber(run.perRequest("Com_admin_commands")))
                    .append(", \"connectsPerRequest\": ").append(Report.jsonNumber(run.perRequest("Connections")))
                    .append(", \"refusedConnects\": ").append(run.refusedConnects())
                    .append(", \"ordersWritten\": ").append(run.ordersWritten()).append('}');
            separator = ",\n";
        }
        return json.append("\n  ]\n}\n").toString();
    }
}
