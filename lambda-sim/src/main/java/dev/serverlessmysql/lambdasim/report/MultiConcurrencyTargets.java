package dev.serverlessmysql.lambdasim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Managed Instances throughput targets (issue "The core, redesigned"), checked on the
 * {@code multi-concurrency} runs of one profile. Which target applies depends on whether the fleet
 * fits the server, that is whether every environment can hold at least one connection
 * ({@code environments <= max_connections}):
 * <ul>
 * <li>it fits (4 × 8 against 10): {@code light}'s throughput at least 0.95 × that of HikariCP sized
 * to the concurrency ({@code light-hikari-pool});</li>
 * <li>it does not (12 × 8 against 10): {@code light} fails no request, and its throughput is at
 * least 1.0 × that of HikariCP with a pool of 1 per environment ({@code light-hikari}), the pool that
 * can serve every environment.</li>
 * </ul>
 * A failure is a failed request, measured or warm-up, or an environment that failed its init (on
 * Lambda that fails the invocation that started it): so HikariCP's lost environments count as
 * failed invocations, and so do the warm-up requests its pool of 1 failed.
 */
public final class MultiConcurrencyTargets {

    static final String OURS = "light";
    static final String HIKARI_SIZED = "light-hikari-pool";
    static final String HIKARI_ONE = "light-hikari";

    /**
     * One kind's figures over the repetitions of a profile.
     *
     * @param throughput median of the repetitions' throughput (succeeded requests per second)
     * @param failed measured requests that failed (total)
     * @param warmupFailed warm-up requests that failed (total)
     * @param initFailures environments that failed init (total)
     * @param requests measured and warm-up requests (total)
     */
    public record Figures(double throughput, int failed, int warmupFailed, int initFailures, int requests) {

        public int failures() {
            return failed + warmupFailed + initFailures;
        }

        String text() {
            return String.format(Locale.ROOT, "%.0f req/s, %d failures (%d measured + %d warm-up requests + %d environments"
                    + " lost at init) of %d requests", throughput, failures(), failed, warmupFailed, initFailures, requests);
        }
    }

    private MultiConcurrencyTargets() {
    }

    /**
     * The checks of one profile.
     *
     * @param label {@code multi-concurrency-12x8}
     * @param environments the profile's environments
     * @param maxConnections the server's {@code max_connections} during the run
     * @param byKind the figures of each kind that ran it
     */
    public static List<Targets.Check> checks(String label, int environments, int maxConnections, Map<String, Figures> byKind) {
        List<Targets.Check> checks = new ArrayList<>();
        Figures ours = byKind.get(OURS);
        if (ours == null) {
            return checks;
        }
        String others = others(byKind);
        if (environments <= maxConnections) {
            Figures sized = byKind.get(HIKARI_SIZED);
            if (sized != null) {
                double ratio = ours.throughput() / sized.throughput();
                checks.add(new Targets.Check(OURS + ": throughput in " + label + " (the fleet fits: " + environments
                        + " environments, max_connections=" + maxConnections + ") >= 0.95 x " + HIKARI_SIZED + "'s",
                        ratio(ratio) + " x (" + OURS + " " + ours.text() + ")", others,
                        Double.isNaN(ratio) ? null : ratio >= 0.95));
            }
            return checks;
        }
        checks.add(new Targets.Check(OURS + ": 0 failures in " + label + " (the fleet does not fit: " + environments
                + " environments, max_connections=" + maxConnections + ")", ours.text(), others, ours.failures() == 0));
        Figures one = byKind.get(HIKARI_ONE);
        if (one != null) {
            double ratio = ours.throughput() / one.throughput();
            checks.add(new Targets.Check(OURS + ": throughput in " + label + " >= 1.0 x " + HIKARI_ONE
                    + "'s (HikariCP, pool of 1 per environment)", ratio(ratio) + " x (" + OURS + " " + ours.text() + ")",
                    others, Double.isNaN(ratio) ? null : ratio >= 1.0));
        }
        return checks;
    }

    private static String others(Map<String, Figures> byKind) {
        List<String> parts = new ArrayList<>();
        byKind.forEach((kind, figures) -> {
            if (!kind.equals(OURS)) {
                parts.add(kind + ": " + figures.text());
            }
        });
        return String.join("; ", parts);
    }

    private static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
