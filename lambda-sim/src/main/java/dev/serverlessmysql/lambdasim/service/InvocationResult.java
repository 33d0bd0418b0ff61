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
 * @param latencyNanos what the caller sees: from submission to the response (or error) the runtime
 *        posted, or to the failure
 * @param billedNanos what the bill sees: from submission to the end of the invoke phase, when the
 *        runtime and every {@code INVOKE}-subscribed extension had asked for their next event (the
 *        container may be frozen only then); -1 when the phase never ended (timeout, crash, run ended)
 * @param containerCpuMillis the container process's CPU time ({@code utime + stime}) from the
 *        delivery to the end of the invoke phase; on a cold start since the process started; -1 when
 *        not measured
 */
public record InvocationResult(String requestId, String containerId, boolean coldStart, String error,
        String detail, long startedNanos, long latencyNanos, long billedNanos, long containerCpuMillis) {

    /** Without the invoke phase's end (Managed Instances, tests): billed duration and CPU not measured. */
    public InvocationResult(String requestId, String containerId, boolean coldStart, String error, String detail,
            long startedNanos, long latencyNanos) {
        this(requestId, containerId, coldStart, error, detail, startedNanos, latencyNanos, -1, -1);
    }

    /** Whether the function answered with a response rather than an error. */
    public boolean succeeded() {
        return error == null;
    }

    /** Client-visible latency in milliseconds. */
    public double latencyMillis() {
        return latencyNanos / 1_000_000.0;
    }

    /** Billed duration in milliseconds; NaN when the invoke phase never ended. */
    public double billedMillis() {
        return billedNanos < 0 ? Double.NaN : billedNanos / 1_000_000.0;
    }
}
