package dev.serverlessmysql.lambdasim.service;

/**
 * What happened to one invocation.
 *
 * @param requestId the Lambda request id
 * @param containerId the container that ran it, or {@code null} when none was reached
 * @param coldStart whether the invocation started a new container
 * @param error {@code null} on success, else the failure's category (for example
 *        {@code 1040 Too many connections}, {@code timeout}, {@code init error: ...})
 * @param detail the container's error message or response body, shortened
 * @param startedNanos {@link System#nanoTime()} when the invocation was submitted
 * @param latencyNanos from submission to the response or failure
 */
public record InvocationResult(String requestId, String containerId, boolean coldStart, String error,
        String detail, long startedNanos, long latencyNanos) {

    /** Whether the function answered with a response rather than an error. */
    public boolean succeeded() {
        return error == null;
    }

    /** Latency in milliseconds. */
    public double latencyMillis() {
        return latencyNanos / 1_000_000.0;
    }
}
