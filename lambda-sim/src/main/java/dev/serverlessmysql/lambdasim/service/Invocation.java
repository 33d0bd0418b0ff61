package dev.serverlessmysql.lambdasim.service;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** One event on its way through the fleet: queued, routed to a container, answered or failed. */
final class Invocation {

    private final String requestId = UUID.randomUUID().toString();
    private final byte[] payload;
    private final long submittedNanos = System.nanoTime();
    private final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
    private volatile Container container;
    private volatile boolean coldStart;
    private volatile long deadlineEpochMillis;

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

    /** Completes with the function's response; false when it already completed (timed out). */
    boolean succeed(String body) {
        return complete(null, body);
    }

    /** Completes as failed; false when it already completed. */
    boolean fail(String category, String detail) {
        return complete(category, detail);
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
