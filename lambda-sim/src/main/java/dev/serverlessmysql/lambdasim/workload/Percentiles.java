package dev.serverlessmysql.lambdasim.workload;

import java.util.ArrayList;
import java.util.List;

/** Nearest-rank percentiles and means of measured values (NaN values are not measurements and are left out). */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code percentile} % of the
     * values at or below it (p50 of 1..4 is 2, p99 of 100 values is the 99th); NaN when there is none.
     */
    public static double nearestRank(List<Double> values, double percentile) {
        if (percentile <= 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], not " + percentile);
        }
        List<Double> sorted = measured(values);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        sorted.sort(null);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(rank, sorted.size() - 1)));
    }

    /** The arithmetic mean; NaN when there is no value. */
    public static double mean(List<Double> values) {
        List<Double> measured = measured(values);
        return measured.isEmpty() ? Double.NaN : measured.stream().mapToDouble(Double::doubleValue).sum() / measured.size();
    }

    private static List<Double> measured(List<Double> values) {
        List<Double> measured = new ArrayList<>(values.size());
        for (Double value : values) {
            if (value != null && !value.isNaN()) {
                measured.add(value);
            }
        }
        return measured;
    }
}
