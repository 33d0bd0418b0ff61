package dev.serverlessmysql;

/**
 * A snapshot of a DataSource's counters since it was built. Counters only grow.
 *
 * @param connected whether a physical connection is open now
 * @param leased whether a caller holds the connection's lease now
 * @param lastConnectFailed whether the most recent attempt to open a connection failed for good
 *        (a non-retryable error, or retries exhausted); false again after the next success
 * @param connectionsOpened physical connections opened (the kept one and nested ones)
 * @param connectRetries connect attempts retried after a capacity error
 * @param connectFailures acquisitions that failed for good (non-retryable, or retries exhausted)
 * @param leases leases handed out (not counting nested connections)
 * @param leaseTimeouts callers that gave up waiting for the lease
 * @param nestedConnections temporary connections for a nested {@code getConnection()}
 * @param thaws leases that validated the connection first (idle past the thaw threshold, or
 *        after a restore)
 * @param thawFailures thaws that found the connection dead and replaced it
 * @param brokenConnections connections discarded after a statement failed with a lost connection
 * @param invocationsEnded calls to {@code endInvocation()}
 * @param housekeepingStatements statements that housekeeping itself sent to the server
 * @param housekeepingFailures housekeeping runs that failed (logged, never thrown)
 * @param zombiesKilled sleeping threads of this user killed at invocation end
 * @param killsFailed KILLs that failed (not counting threads already gone)
 * @param releasedUnderPressure times the own connection was closed because the server stayed full
 * @param lastUsed connections in use at the last usage sample, or -1 before the first
 * @param lastLimit the effective connection limit at the last usage sample, or -1 before the first
 * @param leasesReclaimed leases (and nested connections) their callers never closed, taken back at
 *        {@code endInvocation()} or {@code close()} on the thread that held them
 */
public record Stats(
        boolean connected,
        boolean leased,
        boolean lastConnectFailed,
        long connectionsOpened,
        long connectRetries,
        long connectFailures,
        long leases,
        long leaseTimeouts,
        long nestedConnections,
        long thaws,
        long thawFailures,
        long brokenConnections,
        long invocationsEnded,
        long housekeepingStatements,
        long housekeepingFailures,
        long zombiesKilled,
        long killsFailed,
        long releasedUnderPressure,
        int lastUsed,
        int lastLimit,
        long leasesReclaimed) {

    /** {@code lastUsed / lastLimit}, or -1 before the first usage sample. */
    public double lastUtilization() {
        return lastLimit <= 0 ? -1 : (double) lastUsed / lastLimit;
    }
}
