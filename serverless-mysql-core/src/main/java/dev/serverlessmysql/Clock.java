package dev.serverlessmysql;

/**
 * The monotonic time the core reads, in nanoseconds like {@link System#nanoTime()}: injected so
 * that the sharing policy, the caches and the pauses can be tested with a clock the test moves.
 */
@FunctionalInterface
interface Clock {

    /** The real one. */
    Clock SYSTEM = System::nanoTime;

    long nanoTime();
}
