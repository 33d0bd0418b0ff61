package dev.serverlessmysql.lambdasim.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.serverlessmysql.lambdasim.workload.RunResult;

/**
 * What one {@code spaced} invocation costs, per kind: what the caller sees (client-visible latency:
 * submission to the response the runtime posted), what the bill sees (billed duration: submission to
 * the end of the invoke phase, when the runtime and every {@code INVOKE}-subscribed extension had
 * asked for their next event), the container's CPU time and the server's, and the containers'
 * memory; each a median over the repetitions with its spread, and as a ratio of medians against
 * HikariCP with a pool of 1 ({@value #BASELINE}) of the same run. The targets of issue 33 (an
 * invocation costs what HikariCP's does) are checked here ({@link #targets}).
 */
public final class InvocationCost {

    /** The kind every ratio is against: the same handler and JVM on HikariCP with a pool of 1. */
    public static final String BASELINE = "light-hikari";
    /** The kind the targets are about: this DataSource. */
    public static final String SUBJECT = "light";

    /**
     * One kind under one spaced profile, every figure over its repetitions (warm successful
     * invocations; percentiles nearest-rank per repetition).
     *
     * @param fleet the profile's fleet size (containers per kind)
     * @param serverCpu the server's CPU time per invocation in ms (its process, less its idle rate)
     * @param containerCpu the container process's CPU time per invocation in ms (mean)
     * @param pssMib the median container's proportional set size at the end of a repetition, MiB
     */
    public record Figures(String profile, int fleet, String kind, Spread clientP50, Spread clientP99, Spread billedP50,
            Spread billedP99, Spread containerCpu, Spread serverCpu, Spread pssMib) {

        static Figures of(List<RunResult> runs) {
            RunResult first = runs.get(0);
            return new Figures(first.profile().label(), first.profile().width(), first.kind(),
                    spread(runs, run -> run.warmLatencyPercentile(50)), spread(runs, run -> run.warmLatencyPercentile(99)),
                    spread(runs, run -> run.warmBilledPercentile(50)), spread(runs, run -> run.warmBilledPercentile(99)),
                    spread(runs, RunResult::containerCpuMillisPerInvocation),
                    spread(runs, RunResult::serverCpuMillisPerInvocation),
                    spread(runs, run -> run.containerPssKib() < 0 ? Double.NaN : run.containerPssKib() / 1024.0));
        }

        private static Spread spread(List<RunResult> runs, ToDoubleFunction<RunResult> figure) {
            return Spread.of(runs, figure);
        }
    }

    private final List<Figures> figures;

    /** Of every {@code spaced} run among {@code runs}. */
    InvocationCost(List<RunResult> runs) {
        List<Figures> all = new ArrayList<>();
        List<RunResult> spaced = runs.stream().filter(run -> run.profile().name().equals("spaced")).toList();
        for (String profile : spaced.stream().map(run -> run.profile().label()).distinct().toList()) {
            for (String kind : spaced.stream().filter(run -> run.profile().label().equals(profile)).map(RunResult::kind)
                    .distinct().toList()) {
                all.add(Figures.of(spaced.stream()
                        .filter(run -> run.profile().label().equals(profile) && run.kind().equals(kind)).toList()));
            }
        }
        this.figures = List.copyOf(all);
    }

    public List<Figures> figures() {
        return figures;
    }

    /**
     * Issue 33's targets, for every spaced profile where {@value #SUBJECT} and {@value #BASELINE}
     * both ran (ratios of medians over the repetitions): client-visible p50 and p99 at most 1.0 ×,
     * container CPU and server CPU per invocation at most 1.05 ×, billed p50 at most 1.2 ×; and the
     * subject's server CPU per invocation at its largest spaced fleet at most 1.2 × that at its
     * smallest. A figure not measured gives {@code met = null}.
     */
    public static List<Targets.Check> targets(List<Figures> figures) {
        List<Targets.Check> checks = new ArrayList<>();
        for (Figures subject : figures) {
            if (!subject.kind().equals(SUBJECT)) {
                continue;
            }
            Figures baseline = figures.stream()
                    .filter(other -> other.profile().equals(subject.profile()) && other.kind().equals(BASELINE))
                    .findFirst().orElse(null);
            if (baseline == null) {
                continue;
            }
            String at = " (" + subject.profile() + ")";
            checks.add(ratio("client-visible p50 at most 1.0 x HikariCP's" + at, subject.clientP50(), baseline.clientP50(), 1.0, "ms"));
            checks.add(ratio("client-visible p99 at most 1.0 x HikariCP's" + at, subject.clientP99(), baseline.clientP99(), 1.0, "ms"));
            checks.add(ratio("container CPU per invocation at most 1.05 x HikariCP's" + at, subject.containerCpu(),
                    baseline.containerCpu(), 1.05, "ms"));
            checks.add(ratio("server CPU per invocation at most 1.05 x HikariCP's" + at, subject.serverCpu(),
                    baseline.serverCpu(), 1.05, "ms"));
            checks.add(ratio("billed duration p50 at most 1.2 x HikariCP's" + at, subject.billedP50(), baseline.billedP50(), 1.2, "ms"));
        }
        List<Figures> fleets = figures.stream().filter(figure -> figure.kind().equals(SUBJECT))
                .sorted(Comparator.comparingInt(Figures::fleet)).toList();
        if (fleets.size() > 1) {
            Figures smallest = fleets.get(0);
            Figures largest = fleets.get(fleets.size() - 1);
            Targets.Check growth = ratio(SUBJECT + ": server CPU per invocation at " + largest.profile() + " at most 1.2 x "
                    + smallest.profile() + "'s", largest.serverCpu(), smallest.serverCpu(), 1.2, "ms");
            checks.add(growth);
        }
        return checks;
    }

    /** {@code subject / baseline <= limit} on the medians. */
    static Targets.Check ratio(String target, Spread subject, Spread baseline, double limit, String unit) {
        double ratio = subject.median() / baseline.median();
        boolean measured = subject.repetitions() > 0 && baseline.repetitions() > 0 && !Double.isNaN(ratio)
                && !Double.isInfinite(ratio);
        return new Targets.Check(target,
                subject.text2() + " " + unit + " against " + baseline.text2() + " " + unit
                        + " (ratio " + (measured ? String.format(Locale.ROOT, "%.2f", ratio) : "–") + ")",
                "limit " + String.format(Locale.ROOT, "%.2f", limit) + " x",
                measured ? ratio <= limit : null);
    }

    /** One table per spaced profile, and the targets. */
    String markdown() {
        if (figures.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### What a caller and a bill see (spaced, warm invocations)\n\n");
        for (String profile : figures.stream().map(Figures::profile).distinct().toList()) {
            List<Figures> rows = figures.stream().filter(figure -> figure.profile().equals(profile)).toList();
            Figures baseline = rows.stream().filter(row -> row.kind().equals(BASELINE)).findFirst().orElse(null);
            md.append("**").append(profile).append("** (ratios: median against ").append(BASELINE)
                    .append("'s of the same run)\n\n")
                    .append("| kind | client p50 ms | client p99 ms | billed p50 ms | billed p99 ms | container CPU ms/inv"
                            + " | server CPU ms/inv | PSS MiB/container | × client p50 | × client p99 | × billed p50"
                            + " | × container CPU | × server CPU |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Figures row : rows) {
                md.append("| ").append(row.kind()).append(" | ").append(row.clientP50().text2()).append(" | ")
                        .append(row.clientP99().text2()).append(" | ").append(row.billedP50().text2()).append(" | ")
                        .append(row.billedP99().text2()).append(" | ").append(row.containerCpu().text2()).append(" | ")
                        .append(row.serverCpu().text2()).append(" | ").append(row.pssMib().text()).append(" | ")
                        .append(times(row.clientP50(), baseline == null ? null : baseline.clientP50())).append(" | ")
                        .append(times(row.clientP99(), baseline == null ? null : baseline.clientP99())).append(" | ")
                        .append(times(row.billedP50(), baseline == null ? null : baseline.billedP50())).append(" | ")
                        .append(times(row.containerCpu(), baseline == null ? null : baseline.containerCpu())).append(" | ")
                        .append(times(row.serverCpu(), baseline == null ? null : baseline.serverCpu())).append(" |\n");
            }
            md.append('\n');
        }
        md.append("Targets (issue 33, ratios of medians):\n\n").append(Targets.table(targets(figures))).append('\n')
                .append(LEGEND);
        return md.toString();
    }

    static final String LEGEND = """
            *client*: from the invocation's submission to the response the runtime posted (what the \
            caller waits for); *billed*: to the end of the invoke phase, when the runtime and every \
            extension subscribed to `INVOKE` had asked for their next event (the container is frozen \
            only then; without such an extension the two differ by the runtime's own work after \
            posting). *container CPU*: the container process's `utime + stime` (`/proc/<pid>/stat`, \
            10 ms ticks, so a mean over many invocations) from the delivery to the freeze. *server \
            CPU*: the server process's, summed over the kind's blocks of the interleaved repetition, \
            less its idle rate. *PSS*: proportional set size (shared pages divided among their users) \
            of the median container at the end of a repetition.
            """;

    private static String times(Spread subject, Spread baseline) {
        if (baseline == null || subject.repetitions() == 0 || baseline.repetitions() == 0 || baseline.median() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", subject.median() / baseline.median());
    }

    String json() {
        StringBuilder json = new StringBuilder("{\"figures\": [");
        String separator = "\n";
        for (Figures row : figures) {
            json.append(separator).append("    {\"profile\": ").append(Report.quote(row.profile()))
                    .append(", \"kind\": ").append(Report.quote(row.kind()))
                    .append(", \"clientP50\": ").append(row.clientP50().json())
                    .append(", \"clientP99\": ").append(row.clientP99().json())
                    .append(", \"billedP50\": ").append(row.billedP50().json())
                    .append(", \"billedP99\": ").append(row.billedP99().json())
                    .append(", \"containerCpuMillis\": ").append(row.containerCpu().json())
                    .append(", \"serverCpuMillis\": ").append(row.serverCpu().json())
                    .append(", \"pssMib\": ").append(row.pssMib().json()).append('}');
            separator = ",\n";
        }
        return json.append("\n  ], \"targets\": ").append(Targets.json(targets(figures))).append('}').toString();
    }
}
