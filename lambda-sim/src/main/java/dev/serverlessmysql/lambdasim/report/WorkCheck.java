package dev.serverlessmysql.lambdasim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.serverlessmysql.lambdasim.workload.RunResult;

/**
 * The same work everywhere, checked from the server's counters: for each kind and profile, the
 * transactions begun ({@code Com_begin}), rows inserted ({@code Com_insert}) and commits
 * ({@code Com_commit}) lie between the succeeded invocations and all invocations, so every
 * answered invocation ran one transaction with one insert. Kinds that run
 * {@code PlaceOrder.STATEMENTS} (the light Java kinds and the Node kinds) must also have begun
 * each transaction with {@code START TRANSACTION}; the Spring kinds begin theirs with
 * {@code SET autocommit=0} (Spring's transaction manager), so they send no {@code START TRANSACTION}.
 */
public final class WorkCheck {

    /** One kind under one profile: the counters per invocation and whether they fit. */
    public record Row(String profile, String kind, String form, double beginPerInvocation, double insertPerInvocation,
            double commitPerInvocation, long succeeded, long invocations, boolean holds) {
    }

    private final List<Row> rows = new ArrayList<>();

    WorkCheck(List<List<RunResult>> groups) {
        for (List<RunResult> group : groups) {
            RunResult first = group.get(0);
            long invocations = 0;
            long succeeded = 0;
            long begin = 0;
            long insert = 0;
            long commit = 0;
            for (RunResult run : group) {
                invocations += run.invocations();
                succeeded += run.succeeded();
                begin += run.server().delta("Com_begin");
                insert += run.server().delta("Com_insert");
                commit += run.server().delta("Com_commit");
            }
            boolean startTransaction = sendsStartTransaction(first.kind());
            boolean holds = between(insert, succeeded, invocations) && between(commit, succeeded, invocations)
                    && (startTransaction ? between(begin, succeeded, invocations) : begin == 0);
            rows.add(new Row(first.profile().label(), first.kind(),
                    startTransaction ? "START TRANSACTION; INSERT; SELECT id, total; COMMIT"
                            : "SET autocommit=0; INSERT; SELECT ...; COMMIT; SET autocommit=1 (Spring)",
                    per(begin, invocations), per(insert, invocations), per(commit, invocations), succeeded, invocations, holds));
        }
    }

    /** Whether the kind runs {@code PlaceOrder.STATEMENTS} (the light and Node kinds, and the plain-JDBC stand-in). */
    public static boolean sendsStartTransaction(String kind) {
        return kind.startsWith("light") || kind.startsWith("node") || kind.startsWith("plain-");
    }

    private static boolean between(long value, long low, long high) {
        return value >= low && value <= high;
    }

    private static double per(long count, long invocations) {
        return invocations == 0 ? 0 : (double) count / invocations;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Whether every light and Node kind ran the same statement list in every profile. */
    public boolean holds() {
        return rows.stream().allMatch(Row::holds);
    }

    String markdown() {
        StringBuilder md = new StringBuilder("### Same work everywhere (server counters, all repetitions)\n\n"
                + "| profile | kind | statement list | begin/inv | insert/inv | commit/inv | succeeded / invocations | holds |\n"
                + "|---|---|---|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %.2f | %d / %d | %s |%n", row.profile(),
                    row.kind(), row.form(), row.beginPerInvocation(), row.insertPerInvocation(), row.commitPerInvocation(),
                    row.succeeded(), row.invocations(), row.holds() ? "yes" : "**no**"));
        }
        return md.toString();
    }

    String json() {
        StringBuilder json = new StringBuilder("[");
        String separator = "\n";
        for (Row row : rows) {
            json.append(separator).append(String.format(Locale.ROOT,
                    "    {\"profile\": %s, \"kind\": %s, \"form\": %s, \"beginPerInvocation\": %s, \"insertPerInvocation\": %s,"
                            + " \"commitPerInvocation\": %s, \"succeeded\": %d, \"invocations\": %d, \"holds\": %s}",
                    Report.quote(row.profile()), Report.quote(row.kind()), Report.quote(row.form()),
                    Report.jsonNumber(row.beginPerInvocation()), Report.jsonNumber(row.insertPerInvocation()),
                    Report.jsonNumber(row.commitPerInvocation()), row.succeeded(), row.invocations(), row.holds()));
            separator = ",\n";
        }
        return json.append("\n  ]").toString();
    }
}
