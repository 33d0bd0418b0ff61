package dev.serverlessmysql.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * One Lambda invocation as a function sees it, for three kinds in the same run: a raw Connector/J
 * connection kept open (the floor), HikariCP with a pool of one (the baseline) and this
 * DataSource (with {@code endInvocation()} after each invocation, as the Spring hook does).
 *
 * <ul>
 * <li>{@code warm}: getConnection, a prepared {@code SELECT ?}, close, back to back;</li>
 * <li>{@code transaction}: getConnection, insert + select + commit, close, back to back;</li>
 * <li>{@code spaced}: the {@code SELECT ?} invocation 1.1 s after the previous one, as a container
 *     invoked about once a second sees it: both pools validate the idle connection first.</li>
 * <li>{@code spacedCrowded}: the same, sampled ({@code SampleTime}: p50 and p99), while the server
 *     holds {@value OtherContainers#COUNT} other connections of the same user, each used every
 *     {@value OtherContainers#ROUND_MILLIS} ms or so ({@link OtherContainers}): the rest of a fleet
 *     of warm containers, which every usage query and processlist scan of this DataSource sees.
 *     Measured as the caller sees it on Lambda, where the DataSource's extension runs housekeeping
 *     after the response: {@code endInvocation()} (here its housekeeping, inline: no Lambda) runs
 *     after the measured call ({@link AfterResponse}), before the next idle wait. {@code spaced}
 *     measures it inline, as a function without the extension sees it.</li>
 * </ul>
 *
 * <p>Every round trip is counted from the server's own counters ({@code Questions} for
 * statements, {@code Com_admin_commands} for pings, {@code Connections}) and written per
 * invocation to {@code results/roundtrips.csv}, since time alone can hide an extra round trip.
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class InvocationBenchmark {

    @Param({"raw", "hikari", "serverless"})
    public String kind;

    private TestDatabase db;
    private Connection raw;
    private DataSource pool;
    private ServerlessMySqlDataSource serverless;
    private Connection admin;
    private long[] countersAtStart;
    private long invocations;
    private long nextValue;

    private String benchmark;
    private OtherContainers others;
    private long pingsAtStart;
    private boolean roundTripsWritten;

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) throws SQLException {
        benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        db = MySqlTestServer.get().createDatabase("bench");
        try (Connection setup = db.connect()) {
            TestDatabase.execute(setup, "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, qty INT NOT NULL)");
        }
        switch (kind) {
            case "raw" -> raw = db.connect();
            case "hikari" -> {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(db.jdbcUrl());
                config.setUsername(db.username());
                config.setPassword(db.password());
                config.setMaximumPoolSize(1);
                config.setMinimumIdle(0);
                pool = new HikariDataSource(config);
            }
            case "serverless" -> {
                serverless = ServerlessMySqlDataSource.builder()
                        .jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password()).build();
                pool = serverless;
            }
            default -> throw new IllegalArgumentException(kind);
        }
        if (benchmark.startsWith("spaced")) {
            warmUpSpacedPath();
        }
        admin = MySqlTestServer.get().adminConnection();
        countersAtStart = ServerCounters.read(admin);
        pingsAtStart = otherPings();
    }

    /**
     * A spaced fork runs only 65 invocations: without this, they would measure the interpreter,
     * not the round trips. So that they measure what a container that has served many invocations
     * sees, each kind first runs its own spaced path 20,000 times back to back, before the round
     * trips are counted: HikariCP validating at every lease (its alive-bypass window is 0 in this
     * fork; at 1.1 s apart it validates anyway), the raw connection its statement, and this
     * DataSource both of its thaw paths, through second instances that thaw at every lease: one
     * validating with the usage query (its sample always stale), one with a ping (its sample never
     * stale), 20,000 times each.
     */
    private void warmUpSpacedPath() throws SQLException {
        Blackhole sink = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        DataSource measured = pool;
        try {
            if (serverless == null) {
                selectBackToBack(sink);
                return;
            }
            java.time.Duration now = java.time.Duration.ofNanos(1);
            java.time.Duration never = java.time.Duration.ofDays(1);
            for (java.time.Duration usageLifetime : java.util.List.of(now, never)) {
                try (ServerlessMySqlDataSource everyLeaseThaws = ServerlessMySqlDataSource.builder()
                        .jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password()).thawThreshold(now)
                        .usedConnectionsCacheTtl(usageLifetime).usedConnectionsCacheTtlUnderHalf(usageLifetime).build()) {
                    pool = everyLeaseThaws;
                    serverless = everyLeaseThaws;
                    selectBackToBack(sink);
                }
            }
        } finally {
            pool = measured;
            if (measured instanceof ServerlessMySqlDataSource own) {
                serverless = own;
            }
            invocations = 0;
        }
    }

    private void selectBackToBack(Blackhole sink) throws SQLException {
        for (int i = 0; i < 20_000; i++) {
            select(sink);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        // Forks run in the module's folder (benchmarks/run.sh).
        writeRoundTrips();
        if (others != null) {
            others.close(); // before the server stops, whichever tear-down JMH runs first
            others = null;
        }
        if (raw != null) {
            raw.close();
        }
        if (pool instanceof AutoCloseable closeable) {
            closeable.close();
        }
        admin.close();
        db.close();
        // A fork's embedded server would otherwise outlive it: JMH halts a fork whose non-daemon
        // threads (the server's process watcher) still run 30 s after the trial, skipping the
        // shutdown hook, and every later fork then shares the machine with the servers left.
        MySqlTestServer.stopNow();
    }

    /** Appends this trial's round trips per invocation to {@code roundtrips.csv}, once. */
    void writeRoundTrips() throws SQLException, java.io.IOException {
        if (roundTripsWritten) {
            return;
        }
        roundTripsWritten = true;
        long[] end = ServerCounters.read(admin);
        end[1] -= otherPings() - pingsAtStart; // the other containers' pings are not this kind's round trips
        ServerCounters.append("roundtrips.csv", benchmark, kind, invocations, countersAtStart, end);
    }

    private Connection lease() throws SQLException {
        return raw != null ? raw : pool.getConnection();
    }

    /** The raw kind's connection is kept open: that is the floor the pools are measured against. */
    private void release(Connection connection) throws SQLException {
        if (connection != raw) {
            connection.close();
        }
    }

    private void endInvocation() {
        invocations++;
        if (serverless != null) {
            serverless.endInvocation();
        }
    }

    private void select(Blackhole sink) throws SQLException {
        try {
            selectUntilResponse(sink);
        } finally {
            endInvocation();
        }
    }

    /** The invocation up to its response: the {@code SELECT ?}, its connection back. */
    private void selectUntilResponse(Blackhole sink) throws SQLException {
        Connection connection = lease();
        try (PreparedStatement statement = connection.prepareStatement("SELECT ?")) {
            statement.setLong(1, nextValue++);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                sink.consume(row.getLong(1));
            }
        } finally {
            release(connection);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public void warm(Blackhole sink) throws SQLException {
        select(sink);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public void transaction(Blackhole sink) throws SQLException {
        Connection connection = lease();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (qty) VALUES (?)")) {
                insert.setLong(1, nextValue++ % 100);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT qty FROM orders WHERE id = LAST_INSERT_ID()");
                 ResultSet row = select.executeQuery()) {
                row.next();
                sink.consume(row.getLong(1));
            }
            connection.commit();
            if (raw != null) {
                connection.setAutoCommit(true);
            }
        } finally {
            release(connection);
            endInvocation();
        }
    }

    /** A container idle for 1.1 s before each invocation; the wait is not measured. */
    @State(Scope.Thread)
    public static class Idle {
        @Setup(Level.Invocation)
        public void sitIdle() throws InterruptedException {
            Thread.sleep(1100);
        }
    }

    /**
     * What a Lambda function's extension does after the response: the invocation's end
     * ({@code endInvocation()}, this DataSource's housekeeping; nothing for the other kinds), after
     * the measured call and before the next idle wait.
     */
    @State(Scope.Thread)
    public static class AfterResponse {
        @TearDown(Level.Invocation)
        public void endInvocation(InvocationBenchmark benchmark) {
            benchmark.endInvocation();
        }
    }

    /**
     * The other containers of a fleet: {@value #COUNT} connections of the function's own user (as on
     * Lambda, where every container of a function connects as the same user, so they are in this
     * DataSource's usage count and in its processlist scans, and would be killed as zombies if they
     * slept past its zombie timeout: they do not, each is pinged every {@value #ROUND_MILLIS} ms or
     * so, one every {@code ROUND_MILLIS / COUNT} ms, as a fleet invoked every 2 s touches its
     * connections). Their pings are counted and taken off the round trips.
     */
    @State(Scope.Benchmark)
    public static class OtherContainers {
        static final int COUNT = 100;
        static final int ROUND_MILLIS = 2000;

        private final java.util.List<Connection> connections = new java.util.ArrayList<>();
        private final java.util.concurrent.atomic.AtomicLong pings = new java.util.concurrent.atomic.AtomicLong();
        private java.util.concurrent.ScheduledExecutorService keeper;
        private InvocationBenchmark benchmark;

        @Setup(Level.Trial)
        public void open(InvocationBenchmark benchmark) throws SQLException {
            for (int i = 0; i < COUNT; i++) {
                connections.add(benchmark.db.connect());
            }
            keeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "other-containers");
                thread.setDaemon(true);
                return thread;
            });
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            keeper.scheduleAtFixedRate(() -> {
                try {
                    connections.get(Math.floorMod(next.getAndIncrement(), COUNT)).isValid(1); // COM_PING
                    pings.incrementAndGet();
                } catch (SQLException e) {
                    throw new IllegalStateException("another container's connection failed: " + e.getMessage(), e);
                }
            }, 0, ROUND_MILLIS / COUNT, TimeUnit.MILLISECONDS);
            benchmark.others = this;
            this.benchmark = benchmark;
            // Their connects and set-up statements are not the measured kind's: count from here, after
            // one round of their pings.
            long roundDone = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pings.get() < COUNT && System.nanoTime() < roundDone) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            benchmark.countersAtStart = ServerCounters.read(benchmark.admin);
            benchmark.pingsAtStart = pings.get();
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            // JMH tears this state down before the benchmark's: count before our COM_QUITs (in Questions).
            if (benchmark != null) {
                benchmark.writeRoundTrips();
            }
            keeper.shutdownNow();
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    /** The other containers' pings so far (0 without them). */
    private long otherPings() {
        return others == null ? 0 : others.pings.get();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 2, time = 10)
    // 4 forks of 10: about 760 samples per kind (17 minutes each), so that the p99 is not the second
    // slowest sample, as with 2 forks of 5 (190).
    @Measurement(iterations = 10, time = 20)
    @Fork(value = 4, jvmArgsAppend = {"-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Dcom.zaxxer.hikari.aliveBypassWindowMs=0"})
    public void spacedCrowded(Idle idle, OtherContainers others, AfterResponse after, Blackhole sink) throws SQLException {
        selectUntilResponse(sink);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 60)
    @Fork(value = 2, jvmArgsAppend = {"-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Dcom.zaxxer.hikari.aliveBypassWindowMs=0"})
    public void spaced(Idle idle, Blackhole sink) throws SQLException {
        select(sink);
    }
}
