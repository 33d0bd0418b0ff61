package dev.serverlessmysql.lambdasim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.serverlessmysql.lambdasim.workload.RunResult;

/**
 * The product's targets, checked on one benchmark's runs and stated as ratios against HikariCP and
 * the npm module measured in the same run:
 * <ol>
 * <li>no failed invocation for the starter in {@code burst} and {@code zombie-flood} at fleet sizes
 * of at least twice {@code max_connections};</li>
 * <li>housekeeping statements per invocation in {@code steady} at most a quarter of the npm
 * module's;</li>
 * <li>p99 latency no worse than the npm module's.</li>
 * </ol>
 * Housekeeping statements are the statements per invocation beyond the function's own: for the
 * Java kinds, beyond those of {@code hikari-lambda} (the same app and driver, no housekeeping); for
 * the Node kind, beyond the {@value #NODE_FUNCTION_STATEMENTS} its function sends.
 */
public final class Targets {

    /** START TRANSACTION, INSERT, SELECT, COMMIT. */
    static final int NODE_FUNCTION_STATEMENTS = 4;

    private final List<RunResult> runs;
    private final List<Check> checks = new ArrayList<>();

    /** One target: what was measured, against what, and whether it holds. */
    public record Check(String target, String measured, String comparison, Boolean met) {
    }

    Targets(List<RunResult> runs) {
        this.runs = runs;
        for (String profile : List.of("burst", "zombie-flood")) {
            find("starter", profile).ifPresent(starter -> checks.add(new Check(
                    "starter: 0 failed invocations in " + profile + " at fleet >= 2 x max_connections",
                    starter.failed() + " failed of " + starter.invocations() + " (fleet " + starter.profile().width()
                            + ", max_connections " + starter.maxConnections() + ")",
                    others(profile, run -> run.failed() + " failed of " + run.invocations()),
                    starter.failed() == 0 && starter.profile().width() >= 2 * starter.maxConnections())));
        }
        Optional<RunResult> steadyStarter = find("starter", "steady");
        Optional<RunResult> steadyBaseline = find("hikari-lambda", "steady");
        Optional<RunResult> steadyNode = find("node", "steady");
        if (steadyStarter.isPresent() && steadyBaseline.isPresent() && steadyNode.isPresent()) {
            double starter = steadyStarter.get().statementsPerInvocation() - steadyBaseline.get().statementsPerInvocation();
            double node = steadyNode.get().statementsPerInvocation() - NODE_FUNCTION_STATEMENTS;
            double ratio = node <= 0 ? Double.NaN : starter / node;
            checks.add(new Check("starter: housekeeping statements per invocation in steady <= 1/4 of the npm module's",
                    String.format(Locale.ROOT, "starter %.3f, npm %.3f (ratio %.3f)", starter, node, ratio),
                    String.format(Locale.ROOT, "raw statements/inv: starter %.2f, hikari-lambda %.2f, node %.2f",
                            steadyStarter.get().statementsPerInvocation(), steadyBaseline.get().statementsPerInvocation(),
                            steadyNode.get().statementsPerInvocation()),
                    Double.isNaN(ratio) ? null : ratio <= 0.25));
        }
        for (String profile : List.of("burst", "zombie-flood", "steady")) {
            Optional<RunResult> starter = find("starter", profile);
            Optional<RunResult> node = find("node", profile);
            if (starter.isPresent() && node.isPresent()) {
                double ratio = starter.get().latencyPercentile(99) / node.get().latencyPercentile(99);
                checks.add(new Check("starter: p99 latency in " + profile + " no worse than the npm module's",
                        String.format(Locale.ROOT, "starter %s ms, npm %s ms (ratio %s)",
                                Report.number(starter.get().latencyPercentile(99)),
                                Report.number(node.get().latencyPercentile(99)), ratioText(ratio)),
                        others(profile, run -> "p99 " + Report.number(run.latencyPercentile(99)) + " ms"),
                        Double.isNaN(ratio) ? null : ratio <= 1.0));
            }
        }
    }

    public List<Check> checks() {
        return List.copyOf(checks);
    }

    private Optional<RunResult> find(String kind, String profile) {
        return runs.stream()
                .filter(run -> run.profile().name().equals(profile))
                .filter(run -> run.kind().equals(kind) || run.kind().equals("plain-" + kind))
                .findFirst();
    }

    private String others(String profile, java.util.function.Function<RunResult, String> describe) {
        List<String> parts = new ArrayList<>();
        for (RunResult run : runs) {
            if (run.profile().name().equals(profile) && !run.kind().endsWith("starter")) {
                parts.add(run.kind() + ": " + describe.apply(run));
            }
        }
        return String.join("; ", parts);
    }

    private static String ratioText(double ratio) {
        return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    String markdown() {
        StringBuilder md = new StringBuilder("### Targets\n\n| target | measured | same run, other kinds | met |\n|---|---|---|---|\n");
        for (Check check : checks) {
            md.append("| ").append(check.target()).append(" | ").append(check.measured()).append(" | ")
                    .append(check.comparison()).append(" | ")
                    .append(check.met() == null ? "n/a" : check.met() ? "yes" : "**no**").append(" |\n");
        }
        return md.toString();
    }

    String json() {
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
