package dev.serverlessmysql;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link Stats}; one instance per DataSource, shared by its parts. */
final class Counters {
    final AtomicLong connectionsOpened = new AtomicLong();
    final AtomicLong connectRetries = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    /** Own connect attempts that failed, for whatever cause (the server counts them in Aborted_connects). */
    final AtomicLong failedConnectAttempts = new AtomicLong();
    /** Of those, the attempts refused because the server was full (1040, 1203, 1226). */
    final AtomicLong refusedFull = new AtomicLong();
    final AtomicLong leases = new AtomicLong();
    final AtomicLong leaseTimeouts = new AtomicLong();
    final AtomicLong nestedConnections = new AtomicLong();
    final AtomicLong leasesReclaimed = new AtomicLong();
    final AtomicLong thaws = new AtomicLong();
    final AtomicLong thawFailures = new AtomicLong();
    final AtomicLong brokenConnections = new AtomicLong();
    final AtomicLong invocationsEnded = new AtomicLong();
    final AtomicLong housekeepingStatements = new AtomicLong();
    final AtomicLong housekeepingFailures = new AtomicLong();
    final AtomicLong zombiesKilled = new AtomicLong();
    final AtomicLong killsFailed = new AtomicLong();
    final AtomicLong releasedUnderPressure = new AtomicLong();
    final AtomicInteger lastUsed = new AtomicInteger(-1);
    final AtomicInteger lastLimit = new AtomicInteger(-1);
    volatile boolean lastConnectFailed;

    Stats snapshot(boolean connected, boolean leased, int connectionsHeldBack) {
        return new Stats(this, connected, leased, connectionsHeldBack);
    }
}
