package dev.serverlessmysql;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;

/**
 * Durations as a user writes them in {@code application.yml} ({@code 500ms}, {@code 3s},
 * {@code 15m}), never ISO-8601 ({@code PT0.5S}). One unit, the largest that expresses the value
 * exactly, so that whatever a message shows can be pasted back into a property.
 */
final class Durations {

    private static final String[] SECOND_SUFFIXES = { "d", "h", "m", "s" };
    private static final long[] SECONDS_PER = { 86_400, 3_600, 60, 1 };
    private static final String[] NANO_SUFFIXES = { "ms", "us", "ns" };
    private static final long[] NANOS_PER = { 1_000_000, 1_000, 1 };

    private Durations() {
    }

    /** {@code 500ms}, {@code -1s}, {@code 15m}, {@code 0s}; {@code (not set)} for null. */
    static String format(Duration duration) {
        if (duration == null) {
            return "(not set)";
        }
        if (duration.getNano() == 0) {
            long seconds = duration.getSeconds();
            for (int i = 0; i < SECONDS_PER.length; i++) {
                if (seconds % SECONDS_PER[i] == 0 && (seconds != 0 || i == SECONDS_PER.length - 1)) {
                    return seconds / SECONDS_PER[i] + SECOND_SUFFIXES[i];
                }
            }
        }
        // Exact at any length: a Duration may hold more nanoseconds than a long (about 292 years).
        BigInteger nanos = BigInteger.valueOf(duration.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(duration.getNano()));
        for (int i = 0; i < NANOS_PER.length; i++) {
            BigInteger[] quotientAndRemainder = nanos.divideAndRemainder(BigInteger.valueOf(NANOS_PER[i]));
            if (quotientAndRemainder[1].signum() == 0) {
                return quotientAndRemainder[0] + NANO_SUFFIXES[i];
            }
        }
        return nanos + "ns";
    }

    /** A duration measured, for messages: whole milliseconds below 10 s, else seconds with one decimal. */
    static String formatElapsed(Duration elapsed) {
        long millis = elapsed.toMillis();
        if (millis < 10_000) {
            return millis + "ms";
        }
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
