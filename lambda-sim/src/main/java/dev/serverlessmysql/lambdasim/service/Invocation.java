package dev.serverlessmysql.lambdasim.service;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One event on its way through the fleet: queued, routed to a container, answered, its invoke
 * phase ended, or failed. In a {@link Fleet} the result completes when the invoke phase ends (the
 * runtime and every {@code INVOKE}-subscribed extension asked for their next event), carrying both
 * the time the response was posted (what the caller sees) and the phase's end (what is billed).
 */
final class Invocation {

    private final String requestId = UUID.randomUUID().toString();
    private final byte[] payload;
    private final long submittedNanos = System.nanoTime();
    private final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
    private volatile Container container;
    private volatile boolean coldStart;
    private volatile long deadlineEpochMillis;
    // Guarded by this: the response (or function error) the runtime posted, before the phase ended.
    private boolean responded;
    private String responseError;
    private String responseDetail;
    private long responseNanos;
    private long responseEpochMillis;
    private volatile long cpuAtDeliveryMillis = -1;
    /** Diagnostic marks (System.nanoTime()): the thaw's signal answered, the event written to the runtime. */
    private volatile long thawedNanos;
    private volatile long handedNanos;

    Invocation(byte[] payload) {
        this.payload = payload;
    }

    String requestId() {
        return requestId;
    }

    byte[] payload() {
        return payload;
    }

    CompletableFuture<InvocationResult> result() {
        return result;
    }

    Container container() {
        return container;
    }

    long deadlineEpochMillis() {
        return deadlineEpochMillis;
    }

    void routedTo(Container target, boolean cold, long deadline) {
        this.container = target;
        this.coldStart = cold;
        this.deadlineEpochMillis = deadline;
    }

    /** A cold start's invoke phase began after its init: its deadline is the function's timeout from now. */
    void invokeBegins(long deadline) {
        this.deadlineEpochMillis = deadline;
    }

    /** Whether the runtime answered, and when relative to the deadline: for a timed-out invocation's log line. */
    synchronized String responseTrace() {
        if (!responded) {
            return "no answer";
        }
        return (responseError == null ? "answered " : "answered a failure (" + responseError + ") ")
                + RuntimeApiEndpoint.relative(responseEpochMillis, deadlineEpochMillis);
    }

    boolean coldStart() {
        return coldStart;
    }

    /** The container's CPU time when the event was handed to it (0 for a cold start: the process's start). */
    void cpuAtDelivery(long millis) {
        cpuAtDeliveryMillis = millis;
    }

    void thawed() {
        thawedNanos = System.nanoTime();
    }

    void handed() {
        handedNanos = System.nanoTime();
    }

    /** The diagnostic line of an ended invocation: its marks, absolute, in microseconds of System.nanoTime(). */
    synchronized String legs(long phaseEndNanos) {
        Container target = container;
        return (target == null ? "-" : target.id()) + "\t" + submittedNanos / 1000 + "\t" + thawedNanos / 1000 + "\t"
                + handedNanos / 1000 + "\t" + responseNanos / 1000 + "\t" + phaseEndNanos / 1000;
    }

    /** Completes with the function's response at once (Managed Instances: no phase end is tracked); false when already completed. */
    boolean succeed(String body) {
        return complete(null, body);
    }

    /** Completes as failed; false when it already completed. A response already posted wins: the caller had it. */
    boolean fail(String category, String detail) {
        synchronized (this) {
            if (responded) {
                return completeAfterResponse(-1, -1);
            }
        }
        return complete(category, detail);
    }

    /**
     * The runtime posted its response ({@code error == null}) or a function error: what the caller
     * sees, now. The result completes when the invoke phase ends ({@link #phaseEnded}).
     *
     * @return false when it had already been answered or completed (timed out)
     */
    synchronized boolean responded(String error, String detail) {
        if (responded || result.isDone()) {
            return false;
        }
        responded = true;
        responseError = error;
        responseDetail = detail;
        responseNanos = System.nanoTime();
        responseEpochMillis = System.currentTimeMillis();
        return true;
    }

    /**
     * The invoke phase ended: the runtime and every {@code INVOKE}-subscribed extension asked for
     * their next event. Completes the result with the response and the billed duration.
     *
     * @param cpuMillis the container's CPU time now, or -1
     */
    void phaseEnded(long cpuMillis) {
        long now = System.nanoTime();
        synchronized (this) {
            if (!responded) {
                // The runtime asked for the next event without answering this one.
                complete("no response", "the runtime asked for its next event without posting a response");
                return;
            }
        }
        long cpu = cpuMillis < 0 || cpuAtDeliveryMillis < 0 ? -1 : Math.max(0, cpuMillis - cpuAtDeliveryMillis);
        completeAfterResponse(now - submittedNanos, cpu);
    }

    private boolean completeAfterResponse(long billedNanos, long cpuMillis) {
        Container target = container;
        return result.complete(new InvocationResult(requestId, target == null ? null : target.id(), coldStart, responseError,
                shorten(responseDetail), submittedNanos, responseNanos - submittedNanos, billedNanos, cpuMillis));
    }

    private boolean complete(String error, String detail) {
        Container target = container;
        return result.complete(new InvocationResult(requestId, target == null ? null : target.id(), coldStart, error,
                shorten(detail), submittedNanos, System.nanoTime() - submittedNanos));
    }

    private static String shorten(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
