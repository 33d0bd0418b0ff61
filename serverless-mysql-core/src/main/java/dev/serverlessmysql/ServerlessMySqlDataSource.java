package dev.serverlessmysql;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DataSource} for serverless functions: it owns at most one physical MySQL connection
 * per concurrent request its environment serves ({@code max-connections-per-environment}: 1 on
 * classic Lambda, more on Lambda Managed Instances), each opened lazily on first use and reused.
 *
 * <ul>
 * <li>{@code getConnection()} hands out an exclusive lease of one connection; {@code close()} on
 * it returns the lease and keeps the socket. When every connection is leased, other threads wait
 * up to {@code lease-timeout} (or the invocation's deadline, when that comes first). A nested call on a thread that holds a lease gets a temporary
 * second connection, closed when released.</li>
 * <li>A lease after the connection sat idle for {@code thaw-threshold} (a thawed container)
 * validates it first and quietly replaces it when dead.</li>
 * <li>When the invocation's deadline is known ({@link #beginInvocation(Instant)}), no wait
 * outlasts it: the caller fails with time left to answer.</li>
 * <li>Connecting retries "too many connections" and network errors with jittered backoff, and
 * fails at once on errors that waiting cannot heal.</li>
 * <li>{@link #endInvocation()} runs housekeeping after each invocation: usage check, zombie
 * reaping, giving up the connection when the server stays full; on Lambda after the response.</li>
 * </ul>
 *
 * <p>No background threads but the Lambda extension's one (per process, on Lambda): everything
 * else runs on the caller's thread. Build one with
 * {@link #builder()}; close it when the application stops.
 *
 * <p>Structure (docs/architecture.md): the {@link Slots} hold the connections, one state word per
 * slot; the {@link SlotWaiter} waits for one; the {@link Opener} makes a leased slot's connection
 * usable; {@link LeaseReturns} takes a lease back; the {@link Steward} runs housekeeping one run at
 * a time and carries out what the {@link SharingPolicy} decides; the {@link Lifecycle} closes,
 * checkpoints and restores. This class hands leases out and takes them back through these.
 */
public final class ServerlessMySqlDataSource implements DataSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerlessMySqlDataSource.class);

    // Final fields: set in the constructor, thread-safe themselves.
    private final ServerlessMySqlConfig config;
    private final Clock clock;
    private final Counters counters = new Counters();
    private final Events events;
    private final Slots slots;
    private final Steward steward;
    private final Opener opener;
    private final Connector connector;
    private final Leftovers leftovers;
    private final SlotWaiter slotWaiter;
    private final LeaseReturns returns;
    /** Close, checkpoint and restore; whether the DataSource is closed. */
    private final Lifecycle lifecycle;
    /** Each thread's invocation deadline (beginInvocation, endInvocation), and whether one is open. */
    private final Invocations invocations;
    /** The process's Lambda extension when registered, else null: takes housekeeping after the response. */
    private final LambdaShutdown.Registration lambdaExtension;

    ServerlessMySqlDataSource(ServerlessMySqlConfig config) {
        this(config, Clock.SYSTEM);
    }

    ServerlessMySqlDataSource(ServerlessMySqlConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.invocations = new Invocations(clock, config.deadlineReserve());
        this.events = new Events(config.listeners());
        Jitter jitter = new Jitter(config.jitterSeed());
        this.slots = new Slots(config.maxConnectionsPerEnvironment());
        this.connector = new Connector(config, counters, events, jitter, clock);
        this.leftovers = new Leftovers(slots, counters);
        Opener[] openerRef = new Opener[1];
        this.steward = new Steward(config, counters, events, slots, clock, jitter, leftovers::ownThreadIdsExcept,
                () -> openerRef[0].roomFound());
        this.opener = new Opener(config, counters, events, connector, slots, steward, clock);
        openerRef[0] = opener;
        this.slotWaiter = new SlotWaiter(slots, counters, config.leaseTimeout());
        this.lifecycle = new Lifecycle(this, config, slots, steward, leftovers, clock, jitter);
        this.returns = new LeaseReturns(config, counters, slots, steward, clock, lifecycle::isClosed);
        // INVOKE events where invocations come one at a time (not on Lambda Managed Instances).
        this.lambdaExtension = config.lambdaShutdownEnabled() ? LambdaShutdown.install(this, config.lambdaRuntimeApi(),
                config.housekeepingEnabled() && config.maxConnectionsPerEnvironment() == 1
                        && System.getenv("AWS_LAMBDA_MAX_CONCURRENCY") == null) : null;
        log.info(StartupSummary.of(config));
    }

    /** A builder with the contract's defaults; set at least the URL and the user. */
    public static ServerlessMySqlConfig.Builder builder() {
        return ServerlessMySqlConfig.builder();
    }

    /** The validated settings. */
    public ServerlessMySqlConfig config() {
        return config;
    }

    /**
     * Leases a connection, opening or validating it first when needed.
     *
     * @throws SQLTransientConnectionException when other threads held every connection for longer
     *         than {@code lease-timeout}, when connect retries ran out, or when the invocation's
     *         deadline ({@link #beginInvocation}) less its reserve came first
     * @throws SQLException the driver's error, unchanged, when connecting fails in a way waiting
     *         cannot heal (wrong password 1045, unknown database 1049, ...). With one connection per
     *         environment a thawed connection is checked by the lease's first call that reaches the
     *         server (docs/behaviour.md, "Freeze and thaw"): when it was dead and the reconnect fails,
     *         that call fails with these errors instead.
     */
    @Override
    public Connection getConnection() throws SQLException {
        requireOpen();
        Wait wait = Wait.starting(clock, config.leaseTimeout(), invocations.current());
        if (slots.leasedBy(Thread.currentThread()) != null) {
            return nestedConnection(wait);
        }
        while (true) {
            Slots.Slot slot = slotWaiter.await(wait);
            try {
                requireOpen();
                Optional<Connection> usable = opener.usable(slot, wait);
                if (usable.isEmpty()) {
                    // The server has no room for one more: hold the slot back and wait for an open one.
                    slots.release(slot, true, clock.nanoTime());
                    continue;
                }
                Connection connection = usable.get();
                if (lifecycle.isClosed()) {
                    // close() began while we connected: no connection may outlive it.
                    steward.discard(slot, ReleaseReason.CLOSED);
                    requireOpen();
                }
                counters.leases.incrementAndGet();
                Lease lease = Lease.of(connection, returned -> returns.returned(slot, returned), config.captureLeaseStackTraces(),
                        clock, opener.deferredCheck(slot, () -> Wait.starting(clock, config.leaseTimeout(), invocations.current())));
                slot.lease = lease;
                steward.leased(slots.count(s -> s.state() == Slots.State.LEASED));
                return lease.proxy();
            } catch (SQLException | RuntimeException | Error e) {
                slots.free(slot);
                throw e;
            }
        }
    }

    /** Not supported: the credentials are part of the configuration. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException(
                "serverless-mysql uses the configured user only; call getConnection() without arguments");
    }

    /**
     * Tells the DataSource when the calling thread's invocation times out (on Lambda: now plus the
     * {@code Context}'s {@code getRemainingTimeInMillis()}). Until {@link #endInvocation()} on this
     * thread, every wait of {@code getConnection()} on it (for a connection other threads hold, for
     * room on a full server, connect retries, a thaw's validation, a nested call's connect) ends at
     * the earlier of {@code lease-timeout} and this deadline less {@code deadline-reserve} (by
     * default 10 % of the time left, at least 100 ms and at most 1 s), and then fails with a
     * {@link SQLTransientConnectionException} (SQLState 08001) saying the invocation's deadline was
     * reached: the function can still answer (a 503, or a retry later) instead of being timed out by
     * Lambda, which ends the execution environment without a Shutdown phase and leaves its
     * connection open on the server.
     *
     * <p>The deadline belongs to the calling thread (on Lambda Managed Instances each concurrent
     * request runs on its own thread, with its own deadline); threads that never called this
     * method, including workers the invocation starts, wait as before. Call it at the start of every
     * invocation, and {@code endInvocation()} in a {@code finally} block: a deadline left behind on
     * a thread would cut the next invocation's waits short. The Spring Cloud Function integration
     * does both.
     *
     * @param deadline when the invocation times out; null forgets the calling thread's deadline
     */
    public void beginInvocation(Instant deadline) {
        invocations.begin(deadline);
    }

    /**
     * Ends an invocation and forgets the calling thread's deadline. A connection the calling
     * thread still holds is taken back first; so is one a thread the invocation started still
     * holds, when the environment serves one invocation at a time (or that thread has ended), its
     * connection then closed. Then housekeeping: checks
     * the server's connection usage, kills this user's zombie connections or gives up the own idle
     * connections when the server stays nearly full. On AWS Lambda, where the DataSource's extension
     * receives INVOKE events, housekeeping runs on the extension's thread after the function's
     * response was sent (billed, not seen by the caller), and before the environment is frozen;
     * elsewhere on the caller's thread, before this returns. Call it in a {@code finally} block
     * after every invocation (the Spring Cloud Function integration does). It never throws and
     * never opens a connection.
     */
    public void endInvocation() {
        InvocationDeadline deadline = invocations.current();
        invocations.end();
        counters.invocationsEnded.incrementAndGet();
        leftovers.atInvocationEnd();
        if (lifecycle.isClosed() || !config.housekeepingEnabled()) {
            return;
        }
        // Nothing to keep (no connection, or a run would send nothing): the extension calls /next at once.
        if (lambdaExtension == null || !lambdaExtension.handOff(openConnections() == 0 || !steward.housekeepingDue()
                ? InvokePhase.NOTHING_TO_KEEP : this::housekeepWithin)) {
            housekeepInline(deadline);
        }
    }

    /**
     * Housekeeping on the caller's thread, before the function answers: bounded by the time left
     * before the invocation's deadline less its reserve, and skipped once that is gone (a late
     * invocation end, or a starved environment): the reserve is the function's time to answer, and
     * the next invocation's end runs it.
     */
    private void housekeepInline(InvocationDeadline deadline) {
        if (deadline == null) {
            afterStartup();
            return;
        }
        long leftNanos = deadline.endNanos() - clock.nanoTime();
        if (leftNanos <= 0) {
            log.debug("Housekeeping skipped at this invocation's end: it ended within its deadline's reserve ({}), the"
                    + " function's time to answer; the next invocation's end runs it", Durations.format(deadline.reserve()));
            return;
        }
        housekeepWithin(Duration.ofNanos(leftNanos));
    }

    /** Housekeeping within {@code left}, the time before the invocation's deadline (handed to the Lambda extension, or inline). */
    private void housekeepWithin(Duration left) {
        if (!lifecycle.isClosed()) {
            steward.onIdleConnection(left.compareTo(config.validationTimeout()) < 0 ? left : config.validationTimeout());
        }
    }

    /** Whether some thread began an invocation ({@link #beginInvocation}) and has not ended it. */
    boolean invocationBegun() {
        return invocations.anyOpen();
    }

    /**
     * Whether an invocation still runs, as far as this DataSource sees: one began and has not ended,
     * or a lease is out. The Lambda extension waits for its {@code endInvocation()} while it does.
     */
    boolean invocationRunning() {
        return invocations.anyOpen() || slots.count(s -> s.state() == Slots.State.LEASED) > 0;
    }

    /**
     * Runs the same housekeeping once after application start-up, for a connection that start-up
     * work opened (schema scripts, migrations, a warm-up query): otherwise a container would hold
     * it through its whole cold start and first invocation, even when the server is full. Not
     * counted as an invocation. Never throws and never opens a connection.
     */
    public void afterStartup() {
        // On an idle own connection, one run at a time; skipped when none is idle.
        if (!lifecycle.isClosed() && config.housekeepingEnabled()) {
            steward.onIdleConnection(config.validationTimeout());
        }
    }

    /** A snapshot of the counters and state. Opens no connection. */
    public Stats stats() {
        return counters.snapshot(openConnections() > 0, slots.count(s -> s.state() == Slots.State.LEASED) > 0,
                slots.withheld());
    }

    /** How many physical connections are open now (at most {@code max-connections-per-environment}). */
    public int openConnections() {
        return slots.count(slot -> slot.physical != null);
    }

    /**
     * Closes the physical connections before a CRaC / SnapStart checkpoint: a snapshot must not
     * carry an open socket, nor cached credentials (a secret, an IAM token). Waits for leases in
     * use, up to {@code lease-timeout}.
     */
    public void beforeCheckpoint() {
        lifecycle.beforeCheckpoint();
    }

    /**
     * After a CRaC / SnapStart restore: reseeds the jitter random source (restored clones must
     * not share a sequence), forgets cached server state, and lets the next lease reconnect.
     */
    public void afterRestore() {
        lifecycle.afterRestore();
    }

    /**
     * Closes the physical connections; later calls to {@code getConnection()} fail, and so do
     * callers still waiting for a lease. A lease the calling thread holds is taken back first.
     * Leases of other threads are waited for up to {@code lease-timeout}; a connection still in use
     * then is never closed under its user: it is closed when its lease comes back. Called on the
     * thread that holds the only lease, it returns at once.
     */
    @Override
    public void close() {
        lifecycle.close(config.leaseTimeout());
    }

    /** On SIGTERM (JVM shutdown hook): as {@link #close()}, waiting at most {@code wait} for leases in use. */
    void closeOnShutdown(Duration wait) {
        lifecycle.close(wait);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return lifecycle.isClosed();
    }

    private void requireOpen() throws SQLException {
        if (lifecycle.isClosed()) {
            throw new SQLNonTransientConnectionException(
                    "This serverless-mysql DataSource is closed; the application is shutting down", "08003");
        }
    }

    private Connection nestedConnection(Wait wait) throws SQLException {
        Connection connection = connector.connect(wait);
        counters.nestedConnections.incrementAndGet();
        Lease lease = Lease.of(connection, leftovers::nestedReturned, config.captureLeaseStackTraces(), clock);
        leftovers.nestedOpened(lease);
        return lease.proxy();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        throw new SQLFeatureNotSupportedException("serverless-mysql logs through SLF4J");
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("The connect timeout is a setting of serverless-mysql: set"
                + " connectTimeout (serverless.mysql.connect-timeout) instead");
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("serverless-mysql logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        int open = openConnections();
        String connections = slots.size() == 1 ? (open > 0 ? ", connected" : ", not connected")
                : ", " + open + " of " + slots.size() + " connections open";
        return "ServerlessMySqlDataSource[" + config.safeJdbcUrl() + ", user " + config.username() + connections
                + (lifecycle.isClosed() ? ", closed" : "") + "]";
    }
}
