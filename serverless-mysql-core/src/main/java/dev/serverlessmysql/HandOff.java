package dev.serverlessmysql;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Housekeeping handed off by {@code endInvocation()}, with where that was called from: the
 * extension starts it once that thread has sent the response, so that the response does not
 * share the CPU with it (a Lambda environment has a fraction of a core).
 *
 * <p>Immutable: made on the thread in {@code endInvocation()}, queued under the {@link InvokePhase}'s
 * monitor, and read by the extension's thread, which alone waits in {@link #awaitResponseSent}.
 */
record HandOff(Consumer<Duration> housekeeping, Thread thread, StackTraceElement caller, int callerDepth, long atMs) {

    /**
     * The thread that ended the invocation has sent the response once it left the handler and then
     * sat this long in one native frame: the runtime's {@code /next} call, which blocks until the
     * next invocation (the response POST before it is answered at once by the local Runtime API).
     */
    static final Duration SETTLE = Duration.ofMillis(2);
    /** Housekeeping starts at the latest this long after the hand-off, whatever the runtime thread does. */
    static final Duration RESPONSE_WAIT = Duration.ofMillis(50);

    /**
     * Native methods a thread waits in for an answer (a socket read or poll, the Java runtime
     * client's JNI {@code next}, a park): a request it waits on was sent. Connects, writes and
     * class loading are native too, but sending, not waiting.
     */
    private static final Pattern WAITING_IN = Pattern.compile("(?i)poll|read|recv|next|wait|park|select|accept");

    /** Called on the thread in {@code endInvocation()}. */
    static HandOff here(Consumer<Duration> housekeeping) {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int at = 0;
        while (at < stack.length && !stack[at].getMethodName().equals("endInvocation")) {
            at++;
        }
        at++;
        long now = System.currentTimeMillis();
        return at < stack.length ? new HandOff(housekeeping, Thread.currentThread(), stack[at], stack.length - at, now)
                : new HandOff(housekeeping, null, null, 0, now);
    }

    /**
     * Waits, at most {@link #RESPONSE_WAIT} and not past {@code giveUpAtMs}, until the thread has
     * left the function that called {@code endInvocation()} and then stayed for {@link #SETTLE} in
     * one native frame that waits for an answer: the runtime waits in its {@code /next} call (or
     * for the answer to its response POST), the response sent.
     */
    void awaitResponseSent(long giveUpAtMs) {
        if (thread == null) {
            return;
        }
        long start = System.nanoTime();
        long settledSince = 0;
        StackTraceElement waitingIn = null;
        while (System.nanoTime() - start < RESPONSE_WAIT.toNanos() && System.currentTimeMillis() < giveUpAtMs
                && thread.isAlive()) {
            StackTraceElement[] stack = thread.getStackTrace();
            StackTraceElement there = stack.length >= callerDepth ? stack[stack.length - callerDepth] : null;
            boolean inFunction = there != null && there.getClassName().equals(caller.getClassName())
                    && there.getMethodName().equals(caller.getMethodName());
            StackTraceElement top = stack.length == 0 ? null : stack[0];
            boolean waits = !inFunction && top != null && top.isNativeMethod()
                    && WAITING_IN.matcher(top.getMethodName()).find();
            if (!waits || !top.equals(waitingIn)) {
                waitingIn = waits ? top : null;
                settledSince = System.nanoTime();
            } else if (System.nanoTime() - settledSince >= SETTLE.toNanos()) {
                return;
            }
            // Each look stops the thread briefly (a handshake): not more often than this.
            LockSupport.parkNanos(500_000);
        }
    }
}
