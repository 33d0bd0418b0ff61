package dev.serverlessmysql.lambdasim.fault;

import java.time.Duration;
import java.util.List;

/**
 * A burst with faults: {@code waves} waves of {@code width} concurrent orders on a fleet of
 * {@code width} containers, while an injector fires each planned fault once a given number of
 * orders has been acknowledged. Faults are placed by progress, not by the clock, so a slow cold
 * start moves them with the traffic instead of past it.
 *
 * @param width concurrent orders per wave, and the fleet's concurrency limit
 * @param waves waves of {@code width} orders; a wave starts when the last one's orders are settled
 * @param pause between waves; below the starter's {@code thaw-threshold} (1 s), so a container
 *        whose connection was killed while it was idle uses it again without a ping and fails
 * @param maxConnections the server's {@code max_connections} during the run, set again after a restart
 * @param maxAttempts how often the client sends one order before it gives up
 * @param faults what to inject, in order
 */
public record FaultScenario(int width, int waves, Duration pause, int maxConnections, int maxAttempts,
        List<Fault> faults) {

    public FaultScenario {
        if (width < 1 || waves < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("width, waves and maxAttempts must be at least 1");
        }
        faults = List.copyOf(faults);
    }

    /** What the injector does. */
    public enum FaultKind {
        /** {@code KILL} of every connection of the function's database user, as an administrator would. */
        KILL_CONNECTIONS("kill all connections"),
        /** The server stops and starts again on the same port with the same data. */
        RESTART_SERVER("server restart");

        private final String label;

        FaultKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One planned fault.
     *
     * @param kind what to do
     * @param afterAcknowledged fire once this many orders have been acknowledged
     */
    public record Fault(FaultKind kind, int afterAcknowledged) {
    }

    /**
     * The standard plan. A kill as the first wave ends: the next wave starts within the
     * {@code pause}, so each container runs its next statement on a connection that was killed
     * while it idled for less than the {@code thaw-threshold}, and fails. A restart in the middle
     * of the second wave, while other orders of that wave are in flight. Another kill as the
     * second-to-last wave ends (with only two waves: in the second wave's last quarter).
     */
    public static FaultScenario standard(int width, int waves, int maxConnections) {
        if (waves < 2 || width < 4) {
            throw new IllegalArgumentException("The standard plan needs at least 2 waves of at least 4 orders");
        }
        List<Fault> faults = List.of(
                new Fault(FaultKind.KILL_CONNECTIONS, width),
                new Fault(FaultKind.RESTART_SERVER, width + width / 2),
                new Fault(FaultKind.KILL_CONNECTIONS, waves > 2 ? (waves - 1) * width : width + width * 3 / 4));
        return new FaultScenario(width, waves, Duration.ofMillis(200), maxConnections, 10, faults);
    }

    /** Orders the client places in all. */
    public int orders() {
        return width * waves;
    }

    /** One line for the report. */
    public String describe() {
        StringBuilder text = new StringBuilder().append(waves).append(" waves of ").append(width)
                .append(" concurrent placeOrder invocations, ").append(pause.toMillis()).append(" ms apart, fleet of ")
                .append(width).append(", max_connections=").append(maxConnections).append("; faults: ");
        String separator = "";
        for (Fault fault : faults) {
            text.append(separator).append(fault.kind().label()).append(" after ").append(fault.afterAcknowledged())
                    .append(" acknowledged");
            separator = ", ";
        }
        return text.append("; a client sends each order at most ").append(maxAttempts).append(" times").toString();
    }
}
