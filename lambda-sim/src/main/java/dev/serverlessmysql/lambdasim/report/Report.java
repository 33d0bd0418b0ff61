package dev.serverlessmysql.lambdasim.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.serverlessmysql.lambdasim.service.InvocationResult;
import dev.serverlessmysql.lambdasim.workload.LoadProfile;
import dev.serverlessmysql.lambdasim.workload.Percentiles;
import dev.serverlessmysql.lambdasim.workload.RunResult;

/**
 * Writes a benchmark's results: {@code benchmark.json} (every run's numbers and connection
 * timeline), {@code benchmark.md} (a table per profile, one row per kind with each figure's median
 * and min–max over the repetitions, the same-work check, and the targets with their ratios) and
 * one {@code connections-<profile>.svg} chart per profile (first repetition, every kind).
 */
public final class Report {

    private static final String[] COLOURS = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"};

    private final List<RunResult> runs;
    private final Map<String, String> about;
    private final Targets targets;
    private final WorkCheck work;
    private final InvocationCost cost;

    /**
     * @param runs every run, in order
     * @param about the command, the machine and the server, shown at the top
     */
    public Report(List<RunResult> runs, Map<String, String> about) {
        this.runs = List.copyOf(runs);
        this.about = new LinkedHashMap<>(about);
        this.targets = new Targets(runs);
        this.cost = new InvocationCost(runs);
        List<List<RunResult>> groups = new ArrayList<>();
        for (String profile : profiles()) {
            for (String kind : kindsOf(profile)) {
                groups.add(runsOf(profile, kind));
            }
        }
        this.work = new WorkCheck(groups);
    }

    public Targets targets() {
        return targets;
    }

    public WorkCheck work() {
        return work;
    }

    /** The spaced invocations' client-visible and billed durations, CPU and memory, and issue 33's targets. */
    public InvocationCost cost() {
        return cost;
    }

    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("benchmark.json"), json());
        Files.writeString(directory.resolve("benchmark.md"), markdown());
        for (String profile : profiles()) {
            Files.writeString(directory.resolve("connections-" + profile + ".svg"), svg(profile));
        }
    }

    private List<String> profiles() {
        return runs.stream().map(run -> run.profile().label()).distinct().toList();
    }

    private List<String> kindsOf(String profile) {
        return runs.stream().filter(run -> run.profile().label().equals(profile)).map(RunResult::kind).distinct().toList();
    }

    private List<RunResult> runsOf(String profile, String kind) {
        return runs.stream().filter(run -> run.profile().label().equals(profile) && run.kind().equals(kind)).toList();
    }

    /** The first repetition of every kind under the profile: the chart's lines. */
    private List<RunResult> runsOf(String profile) {
        return runs.stream().filter(run -> run.profile().label().equals(profile) && run.repetition() == 1).toList();
    }

    // ---------------------------------------------------------------- Markdown

    public String markdown() {
        StringBuilder md = new StringBuilder("# lambda-sim benchmark results\n\n");
        for (Map.Entry<String, String> entry : about.entrySet()) {
            md.append("- **").append(entry.getKey()).append("**: ").append(entry.getValue()).append('\n');
        }
        md.append('\n').append(markdownTables()).append('\n').append(cost.markdown()).append('\n').append(work.markdown())
                .append('\n').append(targets.markdown());
        md.append("\nCharts: ");
        for (String profile : profiles()) {
            md.append("[").append(profile).append("](connections-").append(profile).append(".svg) ");
        }
        md.append("\n\n").append(LEGEND);
        return md.toString();
    }

    static final String LEGEND = """
            Columns: every figure is the median over the repetitions (*reps*) with min–max in \
            parentheses; **!** marks a spread (max − min) above 25 % of the median. *failed* is the \
            total over all repetitions, by cause (an error, a timeout, a container that could not \
            start). Latencies are over successful invocations, from submission to response; *p99* \
            includes cold starts, *warm p99* only invocations on a warm container, and *warm p99 \
            pooled* is the p99 of every repetition's warm invocations together (n = their number). \
            *stmts/inv* is `Questions` (less the monitor's) per invocation, the driver's statements at \
            connect included; *pings/inv* is `Com_admin_commands` (COM_PING: thaw checks, pool \
            validation); *conns/inv* is `Connections` (connect attempts, refused ones included); \
            *CPU ms/inv* is the server's user + system CPU time (`/proc/<mariadbd pid>/stat`) during \
            the run less its idle rate (background threads and the monitor's polls, measured \
            before the first run), per invocation. *peak conns* is the highest `Threads_connected` seen (the monitor left out); \
            *refused* is `Connection_errors_max_connections`; *KILLs* is `Com_kill`; *cold* is \
            containers started. Peak, refused, KILLs and cold are medians.
            """;

    /** One table per profile, one row per kind. */
    public String markdownTables() {
        StringBuilder md = new StringBuilder();
        for (String profile : profiles()) {
            RunResult first = runsOf(profile).isEmpty() ? runs.stream()
                    .filter(run -> run.profile().label().equals(profile)).findFirst().orElseThrow() : runsOf(profile).get(0);
            md.append("### ").append(profile).append(" — ").append(describe(first.profile())).append(", max_connections=")
                    .append(first.maxConnections()).append("\n\n");
            // Kinds run beside the compared ones may have run a shorter form of the profile (fewer waves).
            Map<String, List<String>> otherForms = new LinkedHashMap<>();
            for (String kind : kindsOf(profile)) {
                LoadProfile form = runsOf(profile, kind).get(0).profile();
                if (!form.equals(first.profile())) {
                    otherForms.computeIfAbsent(describe(form), key -> new ArrayList<>()).add(kind);
                }
            }
            otherForms.forEach((form, kinds) -> md.append(String.join(", ", kinds)).append(": ").append(form)
                    .append(".\n\n"));
            md.append("| kind | reps | invocations | failed | p50 ms | p99 ms | warm p99 ms | warm p99 pooled ms (n) "
                    + "| stmts/inv | pings/inv | conns/inv | CPU ms/inv | peak conns | refused | KILLs | cold |\n");
            md.append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String kind : kindsOf(profile)) {
                List<RunResult> group = runsOf(profile, kind);
                List<Double> warm = warmLatencies(group);
                md.append("| ").append(kind).append(" | ").append(group.size()).append(" | ")
                        .append(group.stream().mapToInt(RunResult::invocations).sum()).append(" | ")
                        .append(failures(group)).append(" | ")
                        .append(Spread.of(group, run -> run.latencyPercentile(50)).text()).append(" | ")
                        .append(Spread.of(group, run -> run.latencyPercentile(99)).text()).append(" | ")
                        .append(Spread.of(group, run -> run.warmLatencyPercentile(99)).text()).append(" | ")
                        .append(number(Percentiles.nearestRank(warm, 99))).append(" (").append(warm.size()).append(") | ")
                        .append(Spread.of(group, RunResult::statementsPerInvocation).text2()).append(" | ")
                        .append(Spread.of(group, RunResult::pingsPerInvocation).text2()).append(" | ")
                        .append(Spread.of(group, RunResult::connectsPerInvocation).text2()).append(" | ")
                        .append(Spread.of(group, RunResult::serverCpuMillisPerInvocation).text2()).append(" | ")
                        .append(Report.number(Spread.of(group, run -> run.server().peakConnections()).median())).append(" | ")
                        .append(Report.number(Spread.of(group, run -> run.refusedConnects()).median())).append(" | ")
                        .append(Report.number(Spread.of(group, run -> run.kills()).median())).append(" | ")
                        .append(Report.number(Spread.of(group, run -> run.coldStarts()).median())).append(" |\n");
            }
            md.append('\n');
            if (first.profile().functionTimeout() != null) {
                md.append(timeoutTable(profile));
            }
        }
        return md.toString();
    }

    /**
     * What the function timeout did, per kind (totals over the repetitions): failed invocations,
     * those ended by the timeout, the connections the timed-out containers still held open at the
     * end of the run (zombies), and the cold starts that took the slots the timeouts freed.
     */
    private String timeoutTable(String profile) {
        StringBuilder md = new StringBuilder("| kind | function timeout | failed | ended by timeout | zombies from timeouts"
                + " | cold starts caused by timeouts |\n|---|---:|---:|---:|---:|---:|\n");
        for (String kind : kindsOf(profile)) {
            List<RunResult> group = runsOf(profile, kind);
            md.append("| ").append(kind).append(" | ")
                    .append(group.get(0).profile().functionTimeout().toMillis() / 1000.0).append(" s | ")
                    .append(group.stream().mapToInt(RunResult::failed).sum()).append(" of ")
                    .append(group.stream().mapToInt(RunResult::invocations).sum()).append(" | ")
                    .append(group.stream().mapToInt(RunResult::endedByTimeout).sum()).append(" | ")
                    .append(group.stream().mapToInt(RunResult::zombiesFromTimeouts).sum()).append(" | ")
                    .append(group.stream().mapToInt(RunResult::coldStartsAfterTimeouts).sum()).append(" |\n");
        }
        return md.append('\n').toString();
    }

    /** Every successful warm invocation's latency of the runs, sorted. */
    static List<Double> warmLatencies(List<RunResult> group) {
        List<Double> latencies = new ArrayList<>();
        for (RunResult run : group) {
            for (InvocationResult result : run.results()) {
                if (result.succeeded() && !result.coldStart()) {
                    latencies.add(result.latencyMillis());
                }
            }
        }
        latencies.sort(null);
        return latencies;
    }

    static String describe(LoadProfile profile) {
        return switch (profile.name()) {
            case "steady" -> profile.sequential() + " sequential invocations on one warm container";
            case "spaced" -> profile.width() + " warm containers, each invoked at Poisson arrivals "
                    + profile.meanInterval().toMillis() + " ms apart on average (seed " + profile.seed()
                    + " + repetition - 1), " + profile.sequential() + " invocations per repetition, the repetitions one"
                    + " after the other on one fleet whose cold starts (a warm-up) none of them counts";
            case "zombie-flood" -> profile.expireEvery() <= 1
                    ? profile.waves() + " waves of " + profile.width() + ", every container expired frozen for "
                            + profile.pause().toSeconds() + " s between waves"
                    : profile.waves() / profile.expireEvery() + " cycles of a cold wave of " + profile.width() + " and "
                            + (profile.expireEvery() - 1) + " warm waves; every container expired frozen for "
                            + profile.pause().toSeconds() + " s before the next cycle (the zombies stay)";
            default -> profile.waves() + " waves of " + profile.width() + " concurrent invocations, "
                    + profile.pause().toMillis() + " ms apart";
        } + (profile.warmsUpFirst() ? " on a fleet warmed by " + profile.warmUpWaves() + " uncounted waves, the first"
                + " of cold starts (under the run's own timeout)" : "") + (profile.functionTimeout() == null ? "" : "; function timeout " + profile.functionTimeout().toMillis()
                + " ms (on a cold start from the end of its init); an invocation past it fails and its container is"
                + " stopped without a Shutdown phase, its connections left open (zombies)");
    }

    private static String failures(List<RunResult> group) {
        int failed = group.stream().mapToInt(RunResult::failed).sum();
        if (failed == 0) {
            return "0";
        }
        Map<String, Integer> causes = new java.util.TreeMap<>();
        for (RunResult run : group) {
            run.failuresByError().forEach((cause, count) -> causes.merge(cause, count, Integer::sum));
        }
        StringBuilder text = new StringBuilder().append(failed).append(" (");
        String separator = "";
        for (Map.Entry<String, Integer> failure : causes.entrySet()) {
            text.append(separator).append(failure.getKey()).append(": ").append(failure.getValue());
            separator = "; ";
        }
        return text.append(')').toString();
    }

    static String number(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, value < 10 ? "%.1f" : "%.0f", value);
    }

    // ---------------------------------------------------------------- JSON

    public String json() {
        StringBuilder json = new StringBuilder("{\n  \"about\": {");
        String separator = "\n";
        for (Map.Entry<String, String> entry : about.entrySet()) {
            json.append(separator).append("    ").append(quote(entry.getKey())).append(": ").append(quote(entry.getValue()));
            separator = ",\n";
        }
        json.append("\n  },\n  \"targets\": ").append(targets.json()).append(",\n  \"invocationCost\": ").append(cost.json())
                .append(",\n  \"work\": ").append(work.json())
                .append(",\n  \"summary\": [");
        separator = "\n";
        for (String profile : profiles()) {
            for (String kind : kindsOf(profile)) {
                List<RunResult> group = runsOf(profile, kind);
                List<Double> warm = warmLatencies(group);
                json.append(separator).append("    {\"profile\": ").append(quote(profile)).append(", \"kind\": ").append(quote(kind))
                        .append(", \"repetitions\": ").append(group.size())
                        .append(", \"invocations\": ").append(group.stream().mapToInt(RunResult::invocations).sum())
                        .append(", \"failed\": ").append(group.stream().mapToInt(RunResult::failed).sum())
                        .append(", \"p50Millis\": ").append(Spread.of(group, run -> run.latencyPercentile(50)).json())
                        .append(", \"p99Millis\": ").append(Spread.of(group, run -> run.latencyPercentile(99)).json())
                        .append(", \"warmP99Millis\": ").append(Spread.of(group, run -> run.warmLatencyPercentile(99)).json())
                        .append(", \"warmP99PooledMillis\": ").append(jsonNumber(Percentiles.nearestRank(warm, 99)))
                        .append(", \"warmSamples\": ").append(warm.size())
                        .append(", \"statementsPerInvocation\": ").append(Spread.of(group, RunResult::statementsPerInvocation).json())
                        .append(", \"pingsPerInvocation\": ").append(Spread.of(group, RunResult::pingsPerInvocation).json())
                        .append(", \"connectsPerInvocation\": ").append(Spread.of(group, RunResult::connectsPerInvocation).json())
                        .append(", \"serverCpuMillisPerInvocation\": ")
                        .append(Spread.of(group, RunResult::serverCpuMillisPerInvocation).json()).append('}');
                separator = ",\n";
            }
        }
        json.append("\n  ],\n  \"runs\": [");
        separator = "\n";
        for (RunResult run : runs) {
            json.append(separator).append(runJson(run));
            separator = ",\n";
        }
        return json.append("\n  ]\n}\n").toString();
    }

    private static String runJson(RunResult run) {
        StringBuilder json = new StringBuilder("    {");
        field(json, "kind", quote(run.kind()), true);
        field(json, "description", quote(run.description()), false);
        field(json, "profile", quote(run.profile().label()), false);
        field(json, "profileDetail", quote(describe(run.profile())), false);
        field(json, "repetition", run.repetition(), false);
        field(json, "maxConnections", run.maxConnections(), false);
        field(json, "invocations", run.invocations(), false);
        field(json, "succeeded", run.succeeded(), false);
        field(json, "failed", run.failed(), false);
        StringBuilder failures = new StringBuilder("{");
        String separator = "";
        for (Map.Entry<String, Integer> failure : run.failuresByError().entrySet()) {
            failures.append(separator).append(quote(failure.getKey())).append(": ").append(failure.getValue());
            separator = ", ";
        }
        field(json, "failuresByError", failures.append('}'), false);
        field(json, "latencyMillis", String.format(Locale.ROOT,
                "{\"p50\": %s, \"p95\": %s, \"p99\": %s, \"max\": %s, \"warmP50\": %s, \"warmP99\": %s}",
                jsonNumber(run.latencyPercentile(50)), jsonNumber(run.latencyPercentile(95)),
                jsonNumber(run.latencyPercentile(99)), jsonNumber(run.latencyPercentile(100)),
                jsonNumber(run.warmLatencyPercentile(50)), jsonNumber(run.warmLatencyPercentile(99))), false);
        field(json, "peakConnections", run.server().peakConnections(), false);
        field(json, "refusedConnects", run.refusedConnects(), false);
        field(json, "kills", run.kills(), false);
        field(json, "connectionAttempts", run.connectionAttempts(), false);
        field(json, "statements", run.server().questions(), false);
        field(json, "statementsPerInvocation", jsonNumber(run.statementsPerInvocation()), false);
        field(json, "pingsPerInvocation", jsonNumber(run.pingsPerInvocation()), false);
        field(json, "connectsPerInvocation", jsonNumber(run.connectsPerInvocation()), false);
        field(json, "serverCpuMillis", run.server().serverCpuMillis(), false);
        StringBuilder counters = new StringBuilder("{");
        separator = "";
        for (Map.Entry<String, Long> counter : new java.util.TreeMap<>(run.server().counterDeltas()).entrySet()) {
            counters.append(separator).append(quote(counter.getKey())).append(": ").append(run.server().delta(counter.getKey()));
            separator = ", ";
        }
        field(json, "counterDeltas", counters.append('}'), false);
        field(json, "coldStarts", run.coldStarts(), false);
        field(json, "expiredContainers", run.fleet().expired(), false);
        field(json, "functionTimeoutMillis", run.profile().functionTimeout() == null ? null
                : run.profile().functionTimeout().toMillis(), false);
        field(json, "timeouts", run.fleet().timeouts(), false);
        field(json, "zombiesFromTimeouts", run.zombiesFromTimeouts(), false);
        field(json, "coldStartsAfterTimeouts", run.coldStartsAfterTimeouts(), false);
        field(json, "ordersWritten", run.ordersWritten(), false);
        field(json, "wallMillis", run.wallMillis(), false);
        StringBuilder timeline = new StringBuilder("[");
        separator = "";
        for (long[] sample : run.server().samples()) {
            timeline.append(separator).append('[').append(sample[0]).append(',').append(sample[1]).append(']');
            separator = ",";
        }
        field(json, "connectionsTimeline", timeline.append(']'), false);
        return json.append("\n    }").toString();
    }

    private static void field(StringBuilder json, String name, Object value, boolean first) {
        json.append(first ? "\n" : ",\n").append("      ").append(quote(name)).append(": ").append(value);
    }

    static String jsonNumber(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    // ---------------------------------------------------------------- SVG

    /** Server connections over time, one line per kind, the limit dashed. */
    public String svg(String profile) {
        List<RunResult> profileRuns = runsOf(profile);
        int width = 900;
        int height = 360;
        int left = 50;
        int right = 190;
        int top = 30;
        int bottom = 40;
        long maxMillis = 1;
        int maxConnections = 1;
        for (RunResult run : profileRuns) {
            maxConnections = Math.max(maxConnections, Math.max(run.maxConnections() + 2, run.server().peakConnections()));
            for (long[] sample : run.server().samples()) {
                maxMillis = Math.max(maxMillis, sample[0]);
            }
        }
        double plotWidth = width - left - right;
        double plotHeight = height - top - bottom;
        double xScale = plotWidth / maxMillis;
        double yScale = plotHeight / maxConnections;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">\n", width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">Server connections (Threads_connected) — %s</text>\n",
                left, escape(profile + ": " + describe(profileRuns.get(0).profile()))));
        // axes and grid
        int yStep = maxConnections > 20 ? 5 : 2;
        for (int y = 0; y <= maxConnections; y += yStep) {
            double py = top + plotHeight - y * yScale;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n", left, py, left + plotWidth, py, left - 6, py + 4, y));
        }
        long xStep = niceStep(maxMillis / 1000.0);
        for (long s = 0; s * 1000 <= maxMillis; s += xStep) {
            double px = left + s * 1000 * xScale;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d s</text>\n", px, top, px, top + plotHeight, px,
                    top + plotHeight + 16, s));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#888\"/>\n",
                left, top, plotWidth, plotHeight));
        int limit = profileRuns.get(0).maxConnections();
        double limitY = top + plotHeight - limit * yScale;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"6,4\"/>"
                + "<text x=\"%.1f\" y=\"%.1f\" fill=\"#c00\">max_connections=%d</text>\n",
                left, limitY, left + plotWidth, limitY, left + plotWidth + 6, limitY + 4, limit));
        for (int i = 0; i < profileRuns.size(); i++) {
            RunResult run = profileRuns.get(i);
            String colour = COLOURS[i % COLOURS.length];
            List<String> points = new ArrayList<>();
            for (long[] sample : run.server().samples()) {
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", left + sample[0] * xScale,
                        top + plotHeight - sample[1] * yScale));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(colour).append("\" points=\"")
                    .append(String.join(" ", points)).append("\"/>\n");
            double legendY = top + 40 + i * 18;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", left + plotWidth + 6, legendY, left + plotWidth + 26,
                    legendY, colour, left + plotWidth + 30, legendY + 4, escape(run.kind())));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">time since the kind's run started</text>\n",
                left + plotWidth / 2, height - 6));
        return svg.append("</svg>\n").toString();
    }

    private static long niceStep(double seconds) {
        for (long step : new long[] {1, 2, 5, 10, 15, 30, 60, 120, 300}) {
            if (seconds / step <= 12) {
                return step;
            }
        }
        return 600;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
