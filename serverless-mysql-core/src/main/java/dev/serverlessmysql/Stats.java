package dev.serverlessmysql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of a DataSource's counters since it was built. Counters only grow. A class rather
 * than a record, so that it can gain values without breaking callers: read it through its
 * accessors.
 */
public final class Stats {

    private final boolean connected;
    private final boolean leased;
    private final boolean lastConnectFailed;
    private final long connectionsOpened;
    private final long connectRetries;
    private final long connectFailures;
    private final long leases;
    private final long leaseTimeouts;
    private final long nestedConnections;
    private final long thaws;
    private final long thawFailures;
    private final long brokenConnections;
    private final long invocationsEnded;
    private final long housekeepingStatements;
    private final long housekeepingFailures;
    private final long zombiesKilled;
    private final long killsFailed;
    private final long releasedUnderPressure;
    private final int lastUsed;
    private final int lastLimit;
    private final long leasesReclaimed;
    private final int connectionsHeldBack;

    Stats(Counters counters, boolean connected, boolean leased, int connectionsHeldBack) {
        this.connected = connected;
        this.leased = leased;
        this.lastConnectFailed = counters.lastConnectFailed;
        this.connectionsOpened = counters.connectionsOpened.get();
        this.connectRetries = counters.connectRetries.get();
        this.connectFailures = counters.connectFailures.get();
        this.leases = counters.leases.get();
        this.leaseTimeouts = counters.leaseTimeouts.get();
        this.nestedConnections = counters.nestedConnections.get();
        this.thaws = counters.thaws.get();
        this.thawFailures = counters.thawFailures.get();
        this.brokenConnections = counters.brokenConnections.get();
        this.invocationsEnded = counters.invocationsEnded.get();
        this.housekeepingStatements = counters.housekeepingStatements.get();
        this.housekeepingFailures = counters.housekeepingFailures.get();
        this.zombiesKilled = counters.zombiesKilled.get();
        this.killsFailed = counters.killsFailed.get();
        this.releasedUnderPressure = counters.releasedUnderPressure.get();
        this.lastUsed = counters.lastUsed.get();
        this.lastLimit = counters.lastLimit.get();
        this.leasesReclaimed = counters.leasesReclaimed.get();
        this.connectionsHeldBack = connectionsHeldBack;
    }

    /** Whether a physical connection is open now. */
    public boolean connected() {
        return connected;
    }

    /** Whether a caller holds the connection's lease now. */
    public boolean leased() {
        return leased;
    }

    /**
     * Whether the most recent attempt to open a connection failed for good (a non-retryable error, or
     * retries exhausted); false again after the next success.
     */
    public boolean lastConnectFailed() {
        return lastConnectFailed;
    }

    /** Physical connections opened (the kept one and nested ones). */
    public long connectionsOpened() {
        return connectionsOpened;
    }

    /** Connect attempts retried after a capacity error. */
    public long connectRetries() {
        return connectRetries;
    }

    /** Acquisitions that failed for good (non-retryable, or retries exhausted). */
    public long connectFailures() {
        return connectFailures;
    }

    /** Leases handed out (not counting nested connections). */
    public long leases() {
        return leases;
    }

    /** Callers that gave up waiting for the lease. */
    public long leaseTimeouts() {
        return leaseTimeouts;
    }

    /** Temporary connections for a nested {@code getConnection()}. */
    public long nestedConnections() {
        return nestedConnections;
    }

    /**
     * Thaw checks: connections validated after sitting idle past the thaw threshold (or across a
     * restore), by the lease that found them so.
     */
    public long thaws() {
        return thaws;
    }

    /** Thaws that found the connection dead and replaced it. */
    public long thawFailures() {
        return thawFailures;
    }

    /** Connections discarded after a statement failed with a lost connection. */
    public long brokenConnections() {
        return brokenConnections;
    }

    /** Calls to {@code endInvocation()}. */
    public long invocationsEnded() {
        return invocationsEnded;
    }

    /** Statements that housekeeping itself sent to the server. */
    public long housekeepingStatements() {
        return housekeepingStatements;
    }

    /** Housekeeping runs that failed (logged, never thrown). */
    public long housekeepingFailures() {
        return housekeepingFailures;
    }

    /** Sleeping threads of this user killed at invocation end. */
    public long zombiesKilled() {
        return zombiesKilled;
    }

    /** KILLs that failed (not counting threads already gone). */
    public long killsFailed() {
        return killsFailed;
    }

    /** Times the own connection was closed because the server stayed full. */
    public long releasedUnderPressure() {
        return releasedUnderPressure;
    }

    /** Connections in use at the last usage sample, or -1 before the first. */
    public int lastUsed() {
        return lastUsed;
    }

    /** The effective connection limit at the last usage sample, or -1 before the first. */
    public int lastLimit() {
        return lastLimit;
    }

    /**
     * Leases (and nested connections) their callers never closed, taken back at {@code
     * endInvocation()} or {@code close()}.
     */
    public long leasesReclaimed() {
        return leasesReclaimed;
    }

    /**
     * Connections this environment holds back now, given up to other clients of a full server (its
     * callers share the others).
     */
    public int connectionsHeldBack() {
        return connectionsHeldBack;
    }

    /** {@code lastUsed / lastLimit}, or -1 before the first usage sample. */
    public double lastUtilization() {
        return lastLimit <= 0 ? -1 : (double) lastUsed / lastLimit;
    }

    /** Every value by name, in a stable order (for logs and tests). */
    public Map<String, Object> asMap() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("connected", connected);
        values.put("leased", leased);
        values.put("lastConnectFailed", lastConnectFailed);
        values.put("connectionsOpened", connectionsOpened);
        values.put("connectRetries", connectRetries);
        values.put("connectFailures", connectFailures);
        values.put("leases", leases);
        values.put("leaseTimeouts", leaseTimeouts);
        values.put("nestedConnections", nestedConnections);
        values.put("thaws", thaws);
        values.put("thawFailures", thawFailures);
        values.put("brokenConnections", brokenConnections);
        values.put("invocationsEnded", invocationsEnded);
        values.put("housekeepingStatements", housekeepingStatements);
        values.put("housekeepingFailures", housekeepingFailures);
        values.put("zombiesKilled", zombiesKilled);
        values.put("killsFailed", killsFailed);
        values.put("releasedUnderPressure", releasedUnderPressure);
        values.put("lastUsed", lastUsed);
        values.put("lastLimit", lastLimit);
        values.put("leasesReclaimed", leasesReclaimed);
        values.put("connectionsHeldBack", connectionsHeldBack);
        return values;
    }

    @Override
    public String toString() {
        return "Stats" + asMap();
    }
}
