package dev.serverlessmysql.lambdasim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.serverlessmysql.lambdasim.workload.RunResult;

/**
 * One figure over the repetitions of a kind under a profile: median, min and max, and whether the
 * spread ({@code (max - min) / median}) exceeds {@value #FLAGGED_SPREAD}.
 */
public record Spread(double median, double min, double max, int repetitions) {

    /** Spread above which a figure is flagged as not repeatable. */
    public static final double FLAGGED_SPREAD = 0.25;

    /** The figure of each run (NaN values left out). */
    public static Spread of(List<RunResult> runs, ToDoubleFunction<RunResult> figure) {
        List<Double> values = new ArrayList<>();
        for (RunResult run : runs) {
            values.add(figure.applyAsDouble(run));
        }
        return of(values);
    }

    /** Of the given values (NaN values left out). */
    public static Spread of(List<Double> measured) {
        List<Double> values = new ArrayList<>();
        for (double value : measured) {
            if (!Double.isNaN(value)) {
                values.add(value);
            }
        }
        if (values.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        values.sort(null);
        int n = values.size();
        double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        return new Spread(median, values.get(0), values.get(n - 1), n);
    }

    /** Whether the repetitions disagree by more than {@value #FLAGGED_SPREAD} of the median. */
    public boolean flagged() {
        return repetitions > 1 && median > 0 && (max - min) / median > FLAGGED_SPREAD;
    }

    /** {@code 12 (10–15)}, with {@code !} when flagged; just the value for one repetition. */
    public String text() {
        if (repetitions == 0) {
            return "–";
        }
        if (repetitions == 1) {
            return Report.number(median);
        }
        return Report.number(median) + " (" + Report.number(min) + "–" + Report.number(max) + ")" + (flagged() ? " **!**" : "");
    }

    /** {@code 4.04 (4.02–4.05)} with two decimals, for per-invocation counts. */
    public String text2() {
        if (repetitions == 0) {
            return "–";
        }
        String value = String.format(Locale.ROOT, "%.2f", median);
        if (repetitions == 1) {
            return value;
        }
        return value + String.format(Locale.ROOT, " (%.2f–%.2f)", min, max) + (flagged() ? " **!**" : "");
    }

    String json() {
        return String.format(Locale.ROOT, "{\"median\": %s, \"min\": %s, \"max\": %s, \"repetitions\": %d, \"flagged\": %s}",
                Report.jsonNumber(median), Report.jsonNumber(min), Report.jsonNumber(max), repetitions, flagged());
    }
}
