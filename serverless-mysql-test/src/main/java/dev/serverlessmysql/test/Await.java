package dev.serverlessmysql.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition, polling, with a bound generous enough for a loaded machine: a test
 * waits for what it expects rather than sleeping for a time it guessed.
 */
public final class Await {

    private Await() {
    }

    /**
     * Polls {@code condition} every 20 ms until it holds.
     *
     * @param what what is awaited, for the failure message
     * @throws AssertionError when it does not hold within {@code timeout}
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Waited " + timeout.toSeconds() + " s for " + what + "; it never happened");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }
}
