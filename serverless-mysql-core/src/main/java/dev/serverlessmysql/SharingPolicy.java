package dev.serverlessmysql;

import java.util.random.RandomGenerator;

/**
 * How an environment shares a full server with other clients: given what housekeeping found (a
 * {@link Verdict}), the environment's situation and the time, what to do with its connections.
 * Pure: no connection, no clock of its own, no randomness but the source it is handed; the
 * {@link Steward} carries the decision out.
 *
 * <ul>
 * <li>Room at or under the threshold: one withheld slot goes back to the callers (one per sample
 * that shows room, so that the environment grows by one connection at a time rather than every
 * waiting caller connecting at once into what may be room for one).</li>
 * <li>Over the threshold with nothing killed: close the one connection of an environment with one;
 * with several, keep as many as its callers held at once since the previous sample (at least one)
 * and close idle ones beyond that.</li>
 * <li>Otherwise, when other clients were refused in two fresh samples in a row: give one connection
 * up to them, and hold its slot back while others remain open (the callers share the rest). The
 * last one goes too: at once when idle, else after it served a turn; its callers then reconnect
 * after a pause longer than the refused clients' retries, so that they get the room first.</li>
 * </ul>
 */
final class SharingPolicy {

    /** What to do about other clients being refused. */
    enum GiveUp {
        /** Keep the connection. */
        NONE,
        /** Close this connection and hold its slot back: the callers share the others. */
        ONE_AND_WITHHOLD,
        /** Close this connection; its slot serves callers again (no slot may be withheld now). */
        ONE,
        /** Close the environment's last connection; its callers reconnect after {@link #pauseNanos}. */
        LAST
    }

    /**
     * The environment when housekeeping ran on one of its connections.
     *
     * @param open connections open now, this one included
     * @param needed the most leases held at once since the previous usage sample
     * @param idle whether the run is at an invocation end with no caller waiting (else a lease just
     *        returned while callers wait)
     * @param openedAtNanos when this connection was opened
     * @param canWithhold whether one more slot may be held back
     */
    record Situation(int open, int needed, boolean idle, long openedAtNanos, boolean canWithhold) {
    }

    /**
     * @param restoreOne give one withheld slot back to the callers
     * @param close how many connections to close under pressure: this one, then idle others (0: none)
     * @param giveUp what to give up to refused clients (only when {@code close} is 0)
     */
    record Decision(boolean restoreOne, int close, GiveUp giveUp) {
    }

    private final int size;
    private final long turnNanos;
    private final long pauseBaseNanos;

    /**
     * @param size {@code max-connections-per-environment}
     * @param usageTtlNanos {@code used-connections-cache-ttl}: the last connection serves twice that
     *        before it may go to refused clients (against thrashing while its callers queue for it)
     * @param retryCapNanos {@code retry.cap}: the pause after giving the last one up is two to four
     *        times that, longer than refused clients wait between their attempts
     */
    SharingPolicy(int size, long usageTtlNanos, long retryCapNanos) {
        this.size = size;
        this.turnNanos = usageTtlNanos > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * usageTtlNanos;
        this.pauseBaseNanos = retryCapNanos > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : 2 * retryCapNanos;
    }

    Decision decide(Verdict verdict, Situation situation, long nowNanos) {
        int close = verdict.overWithNothingKilled() ? closeUnderPressure(situation) : 0;
        GiveUp giveUp = close == 0 ? giveUp(verdict, situation, nowNanos) : GiveUp.NONE;
        return new Decision(verdict.room(), close, giveUp);
    }

    private int closeUnderPressure(Situation situation) {
        if (size == 1) {
            return 1;
        }
        return Math.max(0, situation.open() - Math.max(1, situation.needed()));
    }

    /**
     * A lease returned in a saturated environment gives one up at most once per usage sample; an
     * idle connection goes whenever the last sample, fresh or cached, said others keep being
     * refused: the environment does not need it now, and when traffic ebbs, the invocation ends
     * are the last chance to hand it over before the environment falls silent with it.
     */
    private GiveUp giveUp(Verdict verdict, Situation situation, long nowNanos) {
        boolean asked = verdict.othersRefused() || situation.idle() && verdict.othersRefusedInARow() >= 2;
        if (!asked || verdict.othersRefusedInARow() < 2) {
            return GiveUp.NONE;
        }
        boolean last = situation.open() <= 1;
        if (last && !situation.idle() && nowNanos - situation.openedAtNanos() < turnNanos) {
            return GiveUp.NONE;
        }
        if (last) {
            return GiveUp.LAST;
        }
        return situation.canWithhold() ? GiveUp.ONE_AND_WITHHOLD : GiveUp.ONE;
    }

    /**
     * The pause before the environment reconnects after giving up its last connection: jittered, two
     * to four times {@code retry.cap}.
     */
    long pauseNanos(RandomGenerator random) {
        return pauseBaseNanos + (long) (random.nextDouble() * pauseBaseNanos);
    }
}
