package dev.serverlessmysql.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's CSV ({@code -rf csv}) and the round-trip counts of {@link InvocationBenchmark} into
 * a Markdown table of ratios against HikariCP measured in the same run.
 *
 * <p>Usage: {@code Ratios results/jmh.csv results/RESULTS.md} (round trips are read from
 * {@code roundtrips.csv} beside the CSV, and the single-shot benchmarks' percentiles from
 * {@code percentiles.csv}, written by {@link RunJmh}).
 */
public final class Ratios {

    private static final List<String> KINDS = List.of("raw", "hikari", "serverless");
    private static final List<String> BENCHMARKS = List.of("warm", "transaction", "spaced", "spacedCrowded");

    private Ratios() {
    }

    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<String, Score> scores = readScores(csv);
        readPercentiles(csv.resolveSibling("percentiles.csv"), scores);
        Map<String, String[]> trips = readRoundTrips(csv.resolveSibling("roundtrips.csv"));

        StringBuilder md = new StringBuilder();
        md.append("# One invocation: this DataSource against HikariCP (pool of 1) and a raw connection\n\n");
        md.append("Written by `benchmarks/run.sh` (JMH, ").append("2 forks, embedded MariaDB 11.4 on loopback, same run for"
                + " every kind). Times in microseconds; ± is JMH's 99.9 % error; ratios are against HikariCP in the same"
                + " run. Round trips per invocation are the server's own counters: statements (`Questions`), pings"
                + " (`Com_admin_commands`) and connects (`Connections`), warm-up included.\n\n");
        md.append("| benchmark | kind | median | p99 | mean ± error | median vs HikariCP | p99 vs HikariCP | statements | pings"
                + " | connects |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (String benchmark : BENCHMARKS) {
            Score hikari = scores.get(benchmark + "/hikari");
            for (String kind : KINDS) {
                Score score = scores.get(benchmark + "/" + kind);
                if (score == null) {
                    continue;
                }
                String[] rt = trips.getOrDefault(benchmark + "/" + kind, new String[] {"–", "–", "–"});
                md.append("| ").append(benchmark).append(" | ").append(kind)
                        .append(" | ").append(number(score.median)).append(" | ").append(number(score.p99))
                        .append(" | ").append(number(score.mean)).append(" ± ").append(number(score.error))
                        .append(" | ").append(ratio(score.median, hikari == null ? Double.NaN : hikari.median))
                        .append(" | ").append(ratio(score.p99, hikari == null ? Double.NaN : hikari.p99))
                        .append(" | ").append(rt[0]).append(" | ").append(rt[1]).append(" | ").append(rt[2]).append(" |\n");
            }
        }
        scores.forEach((key, score) -> {
            if (score.singleShot && score.samples > 0) {
                md.append("\n`").append(key).append("` is single-shot (one invocation per iteration): median and p99 over its ")
                        .append(score.samples).append(" invocations, all forks together.");
            }
        });
        md.append("\n\n`spacedCrowded`: the spaced invocation while the server holds 100 other connections of the same user,"
                + " each pinged about every 2 s (the rest of a warm fleet); their pings are left out of the round trips."
                + " Timed up to the response, as a caller sees it on Lambda: endInvocation() (this DataSource's"
                + " housekeeping, which its Lambda extension runs after the response) runs after the timed call;"
                + " its statements are in the round trips."
                + " Target (issue 33): median and p99 at most 1.000× HikariCP's.\n");
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
    }

    /** {@code value / baseline} as {@code 0.950×}; – when either is missing. */
    static String ratio(double value, double baseline) {
        return Double.isNaN(value) || Double.isNaN(baseline) || baseline == 0 ? "–"
                : String.format(Locale.ROOT, "%.3f×", value / baseline);
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
    }

    private static final class Score {
        double mean = Double.NaN;
        double error = Double.NaN;
        double median = Double.NaN;
        double p99 = Double.NaN;
        boolean singleShot;
        int samples;
    }

    /** JMH's CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: kind". */
    private static Map<String, Score> readScores(Path csv) throws IOException {
        Map<String, Score> scores = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = cells(line);
            String name = cells.get(0);
            String percentile = null;
            int colon = name.indexOf(':');
            if (colon >= 0) {
                // "...warm:p0.50": the percentile has a dot of its own.
                percentile = name.substring(colon + 1);
                name = name.substring(0, colon);
            }
            String simple = name.substring(name.lastIndexOf('.') + 1);
            Score score = scores.computeIfAbsent(simple + "/" + cells.get(cells.size() - 1), key -> new Score());
            double value = Double.parseDouble(cells.get(4));
            if (percentile == null) {
                score.mean = value;
                score.error = cells.get(5).isEmpty() ? Double.NaN : Double.parseDouble(cells.get(5));
                // SingleShotTime reports no percentiles in CSV: percentiles.csv has them.
                score.singleShot = cells.get(1).equals("ss");
            } else if (percentile.equals("p0.50")) {
                score.median = value;
            } else if (percentile.equals("p0.99")) {
                score.p99 = value;
            }
        }
        return scores;
    }

    /** Fills in the percentiles JMH's CSV lacks (single-shot benchmarks) from RunJmh's file: benchmark,kind,samples,p50,p99. */
    private static void readPercentiles(Path file, Map<String, Score> scores) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            Score score = scores.get(cells[0] + "/" + cells[1]);
            if (score != null && score.singleShot) {
                score.median = Double.parseDouble(cells[3]);
                score.p99 = Double.parseDouble(cells[4]);
                score.samples = Integer.parseInt(cells[2]);
            }
        }
    }

    private static Map<String, String[]> readRoundTrips(Path file) throws IOException {
        Map<String, List<String[]>> all = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] cells = line.split(",");
                if (cells.length == 6) {
                    all.computeIfAbsent(cells[0] + "/" + cells[1], key -> new ArrayList<>())
                            .add(new String[] {cells[3], cells[4], cells[5]});
                }
            }
        }
        Map<String, String[]> joined = new LinkedHashMap<>();
        all.forEach((key, forks) -> {
            String[] cell = new String[3];
            for (int i = 0; i < 3; i++) {
                List<String> values = new ArrayList<>();
                for (String[] fork : forks) {
                    values.add(fork[i]);
                }
                cell[i] = String.join(" / ", values);
            }
            joined.put(key, cell);
        });
        return joined;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
