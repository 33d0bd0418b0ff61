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
            "Connections", "Aborted_clients", "Aborted_connects", "Com_admin_commands", "Com_begin", "Com_insert",
            "Com_commit", "Com_rollback", "Com_set_option", "Com_select");

    private static final String POLL = "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', "
            + String.join(", ", COUNTERS.stream().map(name -> "'" + name + "'").toList()) + ")";

    private final Connection admin;
    private final ServerCpu cpu;
    private final double cpuAtStart;
    private final double idleCpuMillisPerSecond;
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
        this(admin, interval, null);
    }

    /**
     * Starts polling.
     *
     * @param admin a connection as the administrator; its own thread is left out of the counts
     * @param cpu the server's process, for its CPU time during the run; {@code null}: not measured
     */
    public ServerMonitor(Supplier<Connection> admin, Duration interval, ServerCpu cpu) {
        this(admin, interval, cpu, 0);
    }

    /**
     * Starts polling.
     *
     * @param idleCpuMillisPerSecond the server's CPU time per second with only this monitor
     *        polling (its background threads and the polls): taken off the run's CPU time
     */
    public ServerMonitor(Supplier<Connection> admin, Duration interval, ServerCpu cpu, double idleCpuMillisPerSecond) {
        this.admin = admin.get();
        this.cpu = cpu;
        this.idleCpuMillisPerSecond = idleCpuMillisPerSecond;
        this.cpuAtStart = cpu == null ? -1 : cpu.millis();
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
        double cpuEnd = cpu == null ? -1 : cpu.millis();
        double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
        double cpuMillis = cpuAtStart < 0 || cpuEnd < 0 ? -1
                : Math.max(0, cpuEnd - cpuAtStart - idleCpuMillisPerSecond * elapsedSeconds);
        return new Observation(List.copyOf(samples), peak, deltas, ownStatements, cpuMillis);
    }

    /**
     * What the monitor saw.
     *
     * @param samples {millis since the start, connections} without the monitor's own
     * @param peakConnections highest {@code Threads_connected} seen, without the monitor's own
     * @param counterDeltas end minus start of each of {@link #COUNTERS}
     * @param monitorStatements statements the monitor itself sent within the deltas
     * @param serverCpuMillis the server's CPU time (user + system) during the run, less its idle
     *        rate (background threads and the monitor's polls) over the run's time; -1 when not measured
     */
    public record Observation(List<long[]> samples, int peakConnections, Map<String, Long> counterDeltas,
            long monitorStatements, double serverCpuMillis) {

        /** A counter's delta less what the monitor caused (its polls are {@code SHOW} statements: in {@code Questions} only). */
        public long delta(String counter) {
            return counter.equals("Questions") ? questions() : counterDeltas.get(counter);
        }

        /** {@code Questions} sent by everyone but the monitor. */
        public long questions() {
            return counterDeltas.get("Questions") - monitorStatements;
        }

        /**
         * Several observations of one kind as one (its blocks of an interleaved repetition): deltas,
         * the monitor's statements and CPU time summed (-1 if any is unmeasured), samples placed at
         * their observation's start ({@code startsMillis}, since the first), the highest peak.
         */
        public static Observation combine(List<Observation> parts, List<Long> startsMillis) {
            List<long[]> samples = new ArrayList<>();
            Map<String, Long> deltas = new HashMap<>();
            long monitor = 0;
            double cpu = 0;
            int peak = 0;
            for (int i = 0; i < parts.size(); i++) {
                Observation part = parts.get(i);
                for (long[] sample : part.samples()) {
                    samples.add(new long[] {sample[0] + startsMillis.get(i), sample[1]});
                }
                part.counterDeltas().forEach((counter, delta) -> deltas.merge(counter, delta, Long::sum));
                monitor += part.monitorStatements();
                cpu = cpu < 0 || part.serverCpuMillis() < 0 ? -1 : cpu + part.serverCpuMillis();
                peak = Math.max(peak, part.peakConnections());
            }
            return new Observation(List.copyOf(samples), peak, deltas, monitor, cpu);
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
