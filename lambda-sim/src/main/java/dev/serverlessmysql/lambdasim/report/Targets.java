package dev.serverlessmysql.lambdasim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.serverlessmysql.lambdasim.workload.RunResult;

/**
 * The targets, checked on one benchmark's runs and stated as ratios against the other
 * kinds measured in the same run (figures are medians over the repetitions, failures totals):
 * <ol>
 * <li>the light kind: no failed invocation in {@code burst} and {@code zombie-flood} at fleets of
 * 5 and 10 × {@code max_connections}; the Spring starter kind at 5 ×;</li>
 * <li>the light kind's warm p99 no worse than the npm module's (defaults) in every profile;</li>
 * <li>the light kind's round trips (statements + pings + connects) per {@code spaced} invocation
 * (the largest spaced fleet) no more than HikariCP's (pool 1, {@code light-hikari}) and the npm
 * module's with its cache on ({@code node-cache});</li>
 * <li>the server's CPU time per invocation of the light kind at the largest fleet within 1.5 × of
 * the smallest: spaced (real rates, room for every container: what housekeeping costs as the fleet
 * grows), and burst (the largest burst against that of {@code max_connections}: what refused
 * connects cost);</li>
 * <li>under a 3 s function timeout ({@code timeout-5x}, {@code timeout-10x}; issue "The
 * invocation's deadline"): the light kind ends no invocation by the timeout (it fails them itself
 * before the deadline) and so leaves no zombie from one; at 10 × it fails fewer invocations than
 * each other kind of the same run (HikariCP, the npm module).</li>
 * </ol>
 */
public final class Targets {

    private final List<RunResult> runs;
    private final List<Check> checks = new ArrayList<>();

    /** One target: what was measured, against what, and whether it holds ({@code null}: not measured). */
    public record Check(String target, String measured, String comparison, Boolean met) {
    }

    Targets(List<RunResult> runs) {
        this.runs = runs;
        // The limit the fleets are multiples of: that of the bursts and floods (spaced runs against more).
        int maxConnections = runs.stream().filter(run -> !run.profile().name().equals("spaced"))
                .mapToInt(RunResult::maxConnections).min().orElse(10);
        for (String profile : List.of("burst", "zombie-flood")) {
            for (int factor : List.of(5, 10)) {
                String label = profile + "-" + factor * maxConnections;
                for (String kind : List.of("light", "starter")) {
                    if (kind.equals("starter") && factor != 5) {
                        continue;
                    }
                    List<RunResult> group = group(kind, label);
                    if (group.isEmpty()) {
                        continue;
                    }
                    int failed = group.stream().mapToInt(RunResult::failed).sum();
                    int invocations = group.stream().mapToInt(RunResult::invocations).sum();
                    checks.add(new Check(kind + ": 0 failed invocations in " + label + " (" + factor + " x max_connections)",
                            failed + " failed of " + invocations + " (" + group.size() + " reps)",
                            others(label, kind, other -> {
                                int otherFailed = other.stream().mapToInt(RunResult::failed).sum();
                                return otherFailed + " failed of " + other.stream().mapToInt(RunResult::invocations).sum();
                            }), failed == 0));
                }
            }
        }
        for (String label : labels()) {
            if (label.startsWith("timeout-")) {
                timeouts(label);
            }
        }
        for (String label : labels()) {
            List<RunResult> light = group("light", label);
            List<RunResult> node = group("node", label);
            if (light.isEmpty() || node.isEmpty()) {
                continue;
            }
            Spread lightP99 = Spread.of(light, RunResult::warmLatencyPercentile99);
            Spread nodeP99 = Spread.of(node, RunResult::warmLatencyPercentile99);
            double ratio = lightP99.median() / nodeP99.median();
            checks.add(new Check("light: warm p99 in " + label + " no worse than the npm module's",
                    "light " + lightP99.text() + " ms, node " + nodeP99.text() + " ms (ratio " + ratioText(ratio) + ")",
                    others(label, "light", other -> "warm p99 " + Spread.of(other, RunResult::warmLatencyPercentile99).text() + " ms"),
                    Double.isNaN(ratio) ? null : ratio <= 1.0));
        }
        List<String> spacedLabels = sizes("spaced-");
        String spaced = spacedLabels.isEmpty() ? null : spacedLabels.get(spacedLabels.size() - 1);
        List<RunResult> light = spaced == null ? List.of() : group("light", spaced);
        if (!light.isEmpty()) {
            Spread mine = Spread.of(light, RunResult::roundTripsPerInvocation);
            for (String other : List.of("light-hikari", "node-cache")) {
                List<RunResult> baseline = group(other, spaced);
                if (baseline.isEmpty()) {
                    continue;
                }
                Spread theirs = Spread.of(baseline, RunResult::roundTripsPerInvocation);
                double ratio = mine.median() / theirs.median();
                checks.add(new Check("light: round trips per " + spaced + " invocation <= " + other + "'s",
                        "light " + mine.text2() + ", " + other + " " + theirs.text2() + " (ratio " + ratioText(ratio) + ")",
                        others(spaced, "light", group -> String.format(Locale.ROOT, "%s stmts + %s pings + %s conns",
                                Spread.of(group, RunResult::statementsPerInvocation).text2(),
                                Spread.of(group, RunResult::pingsPerInvocation).text2(),
                                Spread.of(group, RunResult::connectsPerInvocation).text2())),
                        Double.isNaN(ratio) ? null : ratio <= 1.0));
            }
        }
        if (spacedLabels.size() > 1) {
            cpuGrowth(spacedLabels.get(0), spaced);
        }
        List<String> bursts = sizes("burst-");
        if (bursts.contains("burst-" + maxConnections) && !bursts.get(bursts.size() - 1).equals("burst-" + maxConnections)) {
            cpuGrowth("burst-" + maxConnections, bursts.get(bursts.size() - 1));
        }
    }

    /** The targets of a {@code timeout} profile for the light kind. */
    private void timeouts(String label) {
        List<RunResult> light = group("light", label);
        if (light.isEmpty()) {
            return;
        }
        String timeout = light.get(0).profile().functionTimeout().toMillis() + " ms";
        int ended = light.stream().mapToInt(RunResult::endedByTimeout).sum();
        checks.add(new Check("light: 0 invocations ended by the function timeout (" + timeout + ") in " + label,
                ended + " of " + total(light, RunResult::invocations),
                others(label, "light", other -> total(other, RunResult::endedByTimeout) + " ended by timeout"), ended == 0));
        int zombies = light.stream().mapToInt(RunResult::zombiesFromTimeouts).sum();
        checks.add(new Check("light: 0 zombies left by timeouts in " + label, zombies + " connections left open",
                others(label, "light", other -> total(other, RunResult::zombiesFromTimeouts) + " zombies, "
                        + total(other, RunResult::coldStartsAfterTimeouts) + " cold starts caused by timeouts"), zombies == 0));
        if (!label.equals("timeout-10x")) {
            return;
        }
        int failed = total(light, RunResult::failed);
        List<String> peers = runs.stream().filter(run -> run.profile().label().equals(label) && !run.kind().equals("light"))
                .map(RunResult::kind).distinct().toList();
        boolean fewer = !peers.isEmpty() && peers.stream().allMatch(peer -> failed < total(group(peer, label), RunResult::failed));
        checks.add(new Check("light: fewer failed invocations in " + label + " than each other kind",
                failed + " failed of " + total(light, RunResult::invocations),
                others(label, "light", other -> total(other, RunResult::failed) + " failed of " + total(other, RunResult::invocations)),
                peers.isEmpty() ? null : fewer));
    }

    private static int total(List<RunResult> group, java.util.function.ToIntFunction<RunResult> figure) {
        return group.stream().mapToInt(figure).sum();
    }

    /** The light kind's server CPU per invocation at {@code largest} within 1.5 x of that at {@code smallest}. */
    private void cpuGrowth(String smallest, String largest) {
        Spread base = Spread.of(group("light", smallest), RunResult::serverCpuMillisPerInvocation);
        Spread big = Spread.of(group("light", largest), RunResult::serverCpuMillisPerInvocation);
        double ratio = big.median() / base.median();
        checks.add(new Check("light: server CPU per invocation at " + largest + " within 1.5 x of " + smallest,
                largest + " " + big.text2() + " ms, " + smallest + " " + base.text2() + " ms (ratio " + ratioText(ratio) + ")",
                others(largest, "light", group -> Spread.of(group, RunResult::serverCpuMillisPerInvocation).text2() + " ms"),
                Double.isNaN(ratio) ? null : ratio <= 1.5));
    }

    /** The labels {@code prefix + fleet} the light kind ran, smallest fleet first. */
    private List<String> sizes(String prefix) {
        return labels().stream().filter(label -> label.startsWith(prefix) && !group("light", label).isEmpty())
                .sorted(java.util.Comparator.comparingInt(label -> Integer.parseInt(label.substring(prefix.length()))))
                .toList();
    }

    public List<Check> checks() {
        return List.copyOf(checks);
    }

    private List<String> labels() {
        return runs.stream().map(run -> run.profile().label()).distinct().toList();
    }

    private List<RunResult> group(String kind, String label) {
        return runs.stream().filter(run -> run.profile().label().equals(label) && run.kind().equals(kind)).toList();
    }

    private String others(String label, String kind, Function<List<RunResult>, String> describe) {
        List<String> parts = new ArrayList<>();
        for (String other : runs.stream().filter(run -> run.profile().label().equals(label)).map(RunResult::kind)
                .distinct().toList()) {
            if (!other.equals(kind)) {
                parts.add(other + ": " + describe.apply(group(other, label)));
            }
        }
        return String.join("; ", parts);
    }

    private static String ratioText(double ratio) {
        return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    String markdown() {
        return "### Targets\n\n" + table(checks);
    }

    /** The checks as a markdown table. */
    static String table(List<Check> checks) {
        StringBuilder md = new StringBuilder("| target | measured | same run, other kinds | met |\n|---|---|---|---|\n");
        for (Check check : checks) {
            md.append("| ").append(check.target()).append(" | ").append(check.measured()).append(" | ")
                    .append(check.comparison()).append(" | ")
                    .append(check.met() == null ? "n/a" : check.met() ? "yes" : "**no**").append(" |\n");
        }
        return md.toString();
    }

    String json() {
        return json(checks);
    }

    /** The checks as a JSON array. */
    static String json(List<Check> checks) {
        StringBuilder json = new StringBuilder("[");
        String separator = "\n";
        for (Check check : checks) {
            json.append(separator).append("    {\"target\": ").append(Report.quote(check.target()))
                    .append(", \"measured\": ").append(Report.quote(check.measured()))
                    .append(", \"comparison\": ").append(Report.quote(check.comparison()))
                    .append(", \"met\": ").append(check.met()).append('}');
            separator = ",\n";
        }
        return json.append("\n  ]").toString();
    }
}
