package dev.serverlessmysql.lambdasim.workload;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Watches the server during one run with one admin connection: {@code Threads_connected} every
 * {@code interval} for the chart and the peak, and the global counters whose deltas the report
 * needs. Each poll is exactly one statement, so the poller's own share of {@code Questions} is
 * known and subtracted.
 */
public final class ServerMonitor implements AutoCloseable {

    /** Global status counters read at the start and the end of a run. */
    static final List<String> COUNTERS = List.of("Questions", "Com_kill", "Connection_errors_max_connections",
            "Connections", "Aborted_clients", "Aborted_connects");

    private static final String POLL = "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', "
            + String.join(", ", COUNTERS.stream().map(name -> "'" + name + "'").toList()) + ")";

    private final Connection admin;
    private final Duration interval;
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private final List<long[]> samples = new ArrayList<>(); // {millis since start, threads connected}
    private final Map<String, Long> first;
    private volatile Map<String, Long> last;
    private volatile boolean stopped;
    private long polls;
    private int peak;

    /**
     * Starts polling.
     *
     * @param admin a connection as the administrator; its own thread is left out of the counts
     */
    public ServerMonitor(Supplier<Connection> admin, Duration interval) {
        this.admin = admin.get();
        this.interval = interval;
        this.first = poll();
        this.last = first;
        this.thread = new Thread(this::run, "server-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopped) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!stopped) {
                last = poll();
            }
        }
    }

    private synchronized Map<String, Long> poll() {
        Map<String, Long> values = new HashMap<>();
        try (Statement statement = admin.createStatement(); ResultSet rows = statement.executeQuery(POLL)) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not poll the server: " + e.getMessage(), e);
        }
        polls++;
        // Our own connection is one of Threads_connected.
        int connected = (int) (values.get("Threads_connected") - 1);
        samples.add(new long[] {(System.nanoTime() - startNanos) / 1_000_000, connected});
        peak = Math.max(peak, connected);
        return values;
    }

    /** Stops polling, takes a last sample and returns what was seen. */
    public synchronized Observation stop() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long pollsBeforeLast = polls;
        Map<String, Long> end = poll();
        Map<String, Long> deltas = new HashMap<>();
        for (String counter : COUNTERS) {
            deltas.put(counter, end.get(counter) - first.get(counter));
        }
        // The first poll's statement is counted in its own reading; every later one up to the
        // last poll is in the delta.
        long ownStatements = pollsBeforeLast;
        return new Observation(List.copyOf(samples), peak, deltas, ownStatements);
    }

    /**
     * What the monitor saw.
     *
     * @param samples {millis since the start, connections} without the monitor's own
     * @param peakConnections highest {@code Threads_connected} seen, without the monitor's own
     * @param counterDeltas end minus start of each of {@link #COUNTERS}
     * @param monitorStatements statements the monitor itself sent within the deltas
     */
    public record Observation(List<long[]> samples, int peakConnections, Map<String, Long> counterDeltas,
            long monitorStatements) {

        /** {@code Questions} sent by everyone but the monitor. */
        public long questions() {
            return counterDeltas.get("Questions") - monitorStatements;
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            admin.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
