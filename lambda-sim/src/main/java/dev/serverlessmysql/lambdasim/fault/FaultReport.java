package dev.serverlessmysql.lambdasim.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.serverlessmysql.lambdasim.report.Report;

/**
 * Writes a fault run's results, in the style of {@link Report}: {@code faults.json} (every
 * number, every recovered and every unacknowledged order with its attempts) and {@code faults.md}
 * (the injected faults, the failed invocations by error, the recovered orders, and the
 * exactly-once check).
 */
public final class FaultReport {

    /** Recovered orders listed one by one in the Markdown; all of them are in the JSON. */
    private static final int LISTED = 40;

    private final FaultRunResult run;
    private final Map<String, String> about;

    public FaultReport(FaultRunResult run, Map<String, String> about) {
        this.run = run;
        this.about = new LinkedHashMap<>(about);
    }

    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("faults.json"), json());
        Files.writeString(directory.resolve("faults.md"), markdown());
    }

    // ---------------------------------------------------------------- Markdown

    public String markdown() {
        StringBuilder md = new StringBuilder("# lambda-sim fault run\n\n");
        for (Map.Entry<String, String> entry : about.entrySet()) {
            md.append("- **").append(entry.getKey()).append("**: ").append(entry.getValue()).append('\n');
        }
        md.append("- **kind**: ").append(run.kind()).append(" — ").append(run.description()).append('\n');
        md.append("- **scenario**: ").append(run.scenario().describe()).append("\n\n");

        md.append("### Injected faults\n\n");
        md.append("| # | fault | planned after (acknowledged) | fired at (acknowledged) | invocations in flight | user connections | took ms | injected |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---|\n");
        for (FaultInjector.InjectedFault fault : run.faults()) {
            md.append("| ").append(fault.number()).append(" | ").append(fault.kind().label()).append(" | ")
                    .append(fault.plannedAfter()).append(" | ").append(fault.acknowledgedAtInjection()).append(" | ")
                    .append(fault.attemptsInFlight()).append(" | ").append(fault.userConnections()).append(" | ")
                    .append(fault.tookMillis()).append(" | ")
                    .append(fault.injected() ? "yes" : "**no**: " + fault.detail()).append(" |\n");
        }

        md.append("\n### Invocations\n\n");
        md.append("| orders | invocations | failed invocations | recovered orders | never acknowledged | acknowledged as replayed | cold starts | timeouts |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append("| ").append(run.orders()).append(" | ").append(run.attempts()).append(" | ")
                .append(run.failedAttempts()).append(" | ").append(run.recovered().size()).append(" | ")
                .append(run.neverAcknowledged()).append(" | ").append(run.acknowledgedAsReplayed()).append(" | ")
                .append(run.fleet().coldStarts()).append(" | ").append(run.fleet().timeouts()).append(" |\n");

        md.append("\n#### Failed invocations by error\n\n| error | invocations |\n|---|---:|\n");
        if (run.failedAttemptsByError().isEmpty()) {
            md.append("| (none) | 0 |\n");
        }
        run.failedAttemptsByError().forEach((error, count) ->
                md.append("| ").append(error).append(" | ").append(count).append(" |\n"));
        md.append("\n#### Failed invocations by the last fault before they ended\n\n| after fault | invocations |\n|---|---:|\n");
        run.failedAttemptsByFaultsBefore().forEach((faults, count) ->
                md.append("| ").append(faults == 0 ? "none yet" : "#" + faults + " (" + label(faults) + ")")
                        .append(" | ").append(count).append(" |\n"));

        md.append("\n#### Recovered orders (failed at least once, acknowledged later)\n\n");
        md.append("| order | attempts | failed attempts: error (after fault #) | acknowledged as |\n|---:|---:|---|---|\n");
        List<OrderOutcome> recovered = run.recovered();
        for (OrderOutcome outcome : recovered.subList(0, Math.min(LISTED, recovered.size()))) {
            md.append("| ").append(outcome.order().number()).append(" | ").append(outcome.attempts().size()).append(" | ")
                    .append(failures(outcome)).append(" | ").append(outcome.acknowledgement().status())
                    .append(" (id ").append(outcome.acknowledgement().orderId()).append(") |\n");
        }
        if (recovered.size() > LISTED) {
            md.append("\n(").append(recovered.size() - LISTED).append(" more in faults.json)\n");
        }
        for (OrderOutcome outcome : run.outcomes()) {
            if (!outcome.acknowledged()) {
                md.append("\nNever acknowledged: order ").append(outcome.order().number()).append(" (")
                        .append(outcome.order().idempotencyKey()).append("): ").append(failures(outcome)).append('\n');
            }
        }

        LedgerCheck ledger = run.ledger();
        md.append("\n### Exactly-once check of the orders table\n\n| check | result |\n|---|---:|\n");
        md.append("| acknowledged keys | ").append(ledger.acknowledgedKeys()).append(" |\n");
        md.append("| rows in the table | ").append(ledger.rows()).append(" |\n");
        md.append("| acknowledged keys present once, row equal to the acknowledgement and the request | ")
                .append(ledger.presentOnce()).append(" |\n");
        md.append("| acknowledged keys missing | ").append(ledger.missing().size()).append(" |\n");
        md.append("| keys with more than one row | ").append(ledger.duplicated().size()).append(" |\n");
        md.append("| rows differing from what was acknowledged | ").append(ledger.mismatched().size()).append(" |\n");
        md.append("| rows whose key was never acknowledged | ").append(ledger.extraRows()).append(" |\n");
        md.append("| **every acknowledged order exactly once, nothing else** | **")
                .append(ledger.exactlyOnce() ? "yes" : "NO").append("** |\n");
        for (String problem : problems(ledger)) {
            md.append("\n- ").append(problem);
        }
        md.append("\n").append(LEGEND);
        return md.toString();
    }

    static final String LEGEND = """

            An *order* is one idempotency key; an *invocation* is one attempt to place it (one \
            `placeOrder` event through the fleet). The client sends a failed order again with the same \
            key and fields, after 250 ms doubling to at most 2 s, until it is acknowledged (`placed`, or \
            `replayed`: the key was already taken, the answer is the first order). *Failed invocations* \
            are error responses, timeouts and containers that died, by the category lambda-sim gives \
            them; *invocations in flight* counts attempts the client was waiting for when the fault \
            fired; *user connections* is the function user's connections on the server at that moment. \
            Times are of this run on a shared machine and are not asserted anywhere.
            """;

    private String label(int faults) {
        return faults <= run.faults().size() ? run.faults().get(faults - 1).kind().label() : "?";
    }

    private static String failures(OrderOutcome outcome) {
        StringBuilder text = new StringBuilder();
        for (OrderOutcome.Attempt attempt : outcome.attempts()) {
            if (attempt.failed()) {
                text.append(text.isEmpty() ? "" : "; ").append(attempt.category()).append(" (")
                        .append(attempt.faultsBefore()).append(')');
            }
        }
        return text.toString();
    }

    private static List<String> problems(LedgerCheck ledger) {
        List<String> problems = new java.util.ArrayList<>();
        ledger.missing().forEach(key -> problems.add("missing: " + key));
        ledger.duplicated().forEach(key -> problems.add("duplicated: " + key));
        ledger.mismatched().forEach(key -> problems.add("differs: " + key));
        ledger.unacknowledgedWithRow().forEach(key -> problems.add("row for a key never acknowledged: " + key));
        ledger.unknown().forEach(key -> problems.add("row for a key never sent: " + key));
        return problems;
    }

    // ---------------------------------------------------------------- JSON

    public String json() {
        StringBuilder json = new StringBuilder("{\n  \"about\": {");
        String separator = "\n";
        for (Map.Entry<String, String> entry : about.entrySet()) {
            json.append(separator).append("    ").append(quote(entry.getKey())).append(": ").append(quote(entry.getValue()));
            separator = ",\n";
        }
        FaultScenario scenario = run.scenario();
        json.append("\n  },\n  \"kind\": ").append(quote(run.kind()));
        json.append(",\n  \"description\": ").append(quote(run.description()));
        json.append(",\n  \"scenario\": {\"width\": ").append(scenario.width()).append(", \"waves\": ").append(scenario.waves())
                .append(", \"pauseMillis\": ").append(scenario.pause().toMillis()).append(", \"maxConnections\": ")
                .append(scenario.maxConnections()).append(", \"maxAttempts\": ").append(scenario.maxAttempts())
                .append(", \"detail\": ").append(quote(scenario.describe())).append("}");
        json.append(",\n  \"faults\": [");
        separator = "\n";
        for (FaultInjector.InjectedFault fault : run.faults()) {
            json.append(separator).append("    {\"number\": ").append(fault.number()).append(", \"fault\": ")
                    .append(quote(fault.kind().name())).append(", \"plannedAfterAcknowledged\": ").append(fault.plannedAfter())
                    .append(", \"injected\": ").append(fault.injected()).append(", \"acknowledgedAtInjection\": ")
                    .append(fault.acknowledgedAtInjection()).append(", \"invocationsInFlight\": ")
                    .append(fault.attemptsInFlight()).append(", \"userConnections\": ").append(fault.userConnections())
                    .append(", \"tookMillis\": ").append(fault.tookMillis()).append(", \"detail\": ")
                    .append(fault.detail() == null ? "null" : quote(fault.detail())).append('}');
            separator = ",\n";
        }
        json.append("\n  ],\n  \"orders\": ").append(run.orders());
        json.append(",\n  \"acknowledged\": ").append(run.acknowledged());
        json.append(",\n  \"neverAcknowledged\": ").append(run.neverAcknowledged());
        json.append(",\n  \"invocations\": ").append(run.attempts());
        json.append(",\n  \"failedInvocations\": ").append(run.failedAttempts());
        json.append(",\n  \"recoveredOrders\": ").append(run.recovered().size());
        json.append(",\n  \"acknowledgedAsReplayed\": ").append(run.acknowledgedAsReplayed());
        json.append(",\n  \"coldStarts\": ").append(run.fleet().coldStarts());
        json.append(",\n  \"timeouts\": ").append(run.fleet().timeouts());
        json.append(",\n  \"wallMillis\": ").append(run.wallMillis());
        json.append(",\n  \"failedInvocationsByError\": ").append(counts(run.failedAttemptsByError()));
        Map<String, Integer> byFault = new LinkedHashMap<>();
        run.failedAttemptsByFaultsBefore().forEach((faults, count) -> byFault.put(Integer.toString(faults), count));
        json.append(",\n  \"failedInvocationsByFaultsBefore\": ").append(counts(byFault));
        LedgerCheck ledger = run.ledger();
        json.append(",\n  \"ledger\": {\"exactlyOnce\": ").append(ledger.exactlyOnce())
                .append(", \"acknowledgedKeys\": ").append(ledger.acknowledgedKeys())
                .append(", \"rows\": ").append(ledger.rows())
                .append(", \"presentOnce\": ").append(ledger.presentOnce())
                .append(", \"extraRows\": ").append(ledger.extraRows())
                .append(", \"missing\": ").append(strings(ledger.missing()))
                .append(", \"duplicated\": ").append(strings(ledger.duplicated()))
                .append(", \"mismatched\": ").append(strings(ledger.mismatched()))
                .append(", \"unacknowledgedWithRow\": ").append(strings(ledger.unacknowledgedWithRow()))
                .append(", \"unknown\": ").append(strings(ledger.unknown())).append('}');
        json.append(",\n  \"recovered\": [");
        separator = "\n";
        for (OrderOutcome outcome : run.outcomes()) {
            if (outcome.failedAttempts() > 0) {
                json.append(separator).append(outcomeJson(outcome));
                separator = ",\n";
            }
        }
        return json.append("\n  ]\n}\n").toString();
    }

    /** An order that failed at least once; {@code acknowledgedAs} is null when it never recovered. */
    private static String outcomeJson(OrderOutcome outcome) {
        StringBuilder json = new StringBuilder("    {\"order\": ").append(outcome.order().number())
                .append(", \"idempotencyKey\": ").append(quote(outcome.order().idempotencyKey()))
                .append(", \"acknowledgedAs\": ")
                .append(outcome.acknowledged() ? quote(outcome.acknowledgement().status()) : "null")
                .append(", \"orderId\": ").append(outcome.acknowledged() ? outcome.acknowledgement().orderId() : "null")
                .append(", \"attempts\": [");
        String separator = "";
        for (OrderOutcome.Attempt attempt : outcome.attempts()) {
            json.append(separator).append("{\"attempt\": ").append(attempt.number()).append(", \"error\": ")
                    .append(attempt.error() == null ? "null" : quote(attempt.error())).append(", \"cause\": ")
                    .append(attempt.cause() == null ? "null" : quote(attempt.cause())).append(", \"faultsBefore\": ")
                    .append(attempt.faultsBefore()).append(", \"container\": ")
                    .append(attempt.containerId() == null ? "null" : quote(attempt.containerId()));
            if (attempt.failed() && attempt.detail() != null) {
                json.append(", \"detail\": ").append(quote(attempt.detail()));
            }
            json.append('}');
            separator = ", ";
        }
        return json.append("]}").toString();
    }

    private static String counts(Map<String, Integer> counts) {
        StringBuilder json = new StringBuilder("{");
        String separator = "";
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            json.append(separator).append(quote(entry.getKey())).append(": ").append(entry.getValue());
            separator = ", ";
        }
        return json.append('}').toString();
    }

    /** A JSON string; error details may carry any control character. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static String strings(List<String> values) {
        StringBuilder json = new StringBuilder("[");
        String separator = "";
        for (String value : values) {
            json.append(separator).append(quote(value));
            separator = ", ";
        }
        return json.append(']').toString();
    }
}
