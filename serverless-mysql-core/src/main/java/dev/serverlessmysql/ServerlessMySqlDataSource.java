package dev.serverlessmysql;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DataSource} for serverless functions: it owns at most one physical MySQL connection,
 * opened lazily on the first {@link #getConnection()} and reused by every invocation.
 *
 * <ul>
 * <li>{@code getConnection()} hands out an exclusive lease; {@code close()} on it returns the
 * lease and keeps the socket. Other threads wait up to {@code lease-timeout}. A nested call on
 * the thread that holds the lease gets a temporary second connection, closed when released.</li>
 * <li>A lease after the connection sat idle for {@code thaw-threshold} (a thawed container)
 * validates it first and quietly replaces it when dead.</li>
 * <li>Connecting retries "too many connections" and network errors with jittered backoff, and
 * fails at once on errors that waiting cannot heal.</li>
 * <li>{@link #endInvocation()} runs housekeeping after each invocation: usage check, zombie
 * reaping, giving up the connection when the server stays full.</li>
 * </ul>
 *
 * <p>No background threads: everything runs on the caller's thread. Build one with
 * {@link #builder()}; close it when the application stops.
 */
public final class ServerlessMySqlDataSource implements DataSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerlessMySqlDataSource.class);

    private final ServerlessMySqlConfig config;
    private final Counters counters = new Counters();
    private final Events events;
    private final Connector connector;
    private final Housekeeping housekeeping;
    private final Semaphore leasePermit = new Semaphore(1, true);
    private final AtomicBoolean housekeepingFailureLogged = new AtomicBoolean();
    /** Kept strongly: the CRaC context holds its resources through weak references. */
    @SuppressWarnings("unused")
    private final Object checkpointHook;

    private volatile Thread leaseHolder;
    private volatile boolean closed;
    private volatile RandomGenerator random;
    // Guarded by leasePermit.
    private Connection physical;
    private long lastReturnedNanos;
    private boolean restoredSinceLastLease;

    ServerlessMySqlDataSource(ServerlessMySqlConfig config) {
        this.config = config;
        this.events = new Events(config.listeners());
        this.random = config.jitterSeed() != null ? new SplittableRandom(config.jitterSeed()) : freshRandom();
        this.connector = new Connector(config, counters, events, () -> random);
        this.housekeeping = new Housekeeping(config, counters, events, System::nanoTime);
        this.checkpointHook = config.registerCheckpointHook() && isCracPresent()
                ? CheckpointHook.register(this) : null;
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
     * Leases the connection, opening or validating it first when needed.
     *
     * @throws SQLTransientConnectionException when another thread held the lease for longer than
     *         {@code lease-timeout}, or when connect retries ran out
     * @throws SQLException the driver's error, unchanged, when connecting fails in a way waiting
     *         cannot heal (wrong password 1045, unknown database 1049, ...)
     */
    @Override
    public Connection getConnection() throws SQLException {
        requireOpen();
        if (leaseHolder == Thread.currentThread()) {
            return nestedConnection();
        }
        long deadline = System.nanoTime() + config.leaseTimeout().toNanos();
        acquireLease(deadline);
        try {
            Connection connection = usableConnection(deadline);
            counters.leases.incrementAndGet();
            return Lease.of(connection, this::returnLease).proxy();
        } catch (SQLException | RuntimeException | Error e) {
            freeLease();
            throw e;
        }
    }

    /** Not supported: the credentials are part of the configuration. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException(
                "serverless-mysql uses the configured user only; call getConnection() without arguments");
    }

    /**
     * Runs the invocation-end housekeeping on the caller's thread: checks the server's
     * connection usage, kills this user's zombie connections or gives up the own connection when
     * the server stays nearly full. Call it in a {@code finally} block after every invocation
     * (the Spring Cloud Function integration does). It never throws and never opens a connection.
     */
    public void endInvocation() {
        counters.invocationsEnded.incrementAndGet();
        housekeep();
    }

    /**
     * Runs the same housekeeping once after application start-up, for a connection that start-up
     * work opened (schema scripts, migrations, a warm-up query): otherwise a container would hold
     * it through its whole cold start and first invocation, even when the server is full. Not
     * counted as an invocation. Never throws and never opens a connection.
     */
    public void afterStartup() {
        housekeep();
    }

    private void housekeep() {
        if (closed || !config.zombieEnabled()) {
            return;
        }
        if (leaseHolder != null || !leasePermit.tryAcquire()) {
            log.debug("Housekeeping skipped: the connection is still leased (a lease not closed before endInvocation()?)");
            return;
        }
        leaseHolder = Thread.currentThread();
        try {
            if (physical == null || physical.isClosed()) {
                return;
            }
            if (runHousekeepingBounded(physical)) {
                counters.releasedUnderPressure.incrementAndGet();
                log.info("Closed this container's MySQL connection: the server stays over {}% of its connection limit"
                        + " and no zombie connection of user '{}' could be killed. The next invocation reconnects.",
                        Math.round(config.connectionUtilization() * 100), config.username());
                discard(ReleaseReason.SERVER_BUSY);
            }
        } catch (SQLException | RuntimeException e) {
            counters.housekeepingFailures.incrementAndGet();
            logHousekeepingFailure(e);
            if (e instanceof SQLException sql && ErrorClassifier.isConnectionBroken(sql)) {
                counters.brokenConnections.incrementAndGet();
                discard(ReleaseReason.BROKEN);
            }
        } finally {
            lastReturnedNanos = System.nanoTime();
            freeLease();
        }
    }

    /**
     * Housekeeping bounded by {@code validation-timeout} per statement, so that a stalled server
     * cannot hang the end of an invocation; the connection's own network timeout is restored.
     */
    private boolean runHousekeepingBounded(Connection connection) throws SQLException {
        int previous = connection.getNetworkTimeout();
        connection.setNetworkTimeout(Runnable::run, (int) config.validationTimeout().toMillis());
        try {
            return housekeeping.run(connection);
        } finally {
            if (!connection.isClosed()) {
                connection.setNetworkTimeout(Runnable::run, previous);
            }
        }
    }

    private void logHousekeepingFailure(Exception e) {
        if (housekeepingFailureLogged.compareAndSet(false, true)) {
            log.warn("Invocation-end housekeeping failed; the invocation is not affected, but zombie connections may"
                    + " not be cleaned up. Further failures are logged at DEBUG and counted in stats(). Cause: {}",
                    e.toString(), e);
        } else {
            log.debug("Invocation-end housekeeping failed again: {}", e.toString());
        }
    }

    /** A snapshot of the counters and state. Opens no connection. */
    public Stats stats() {
        return counters.snapshot(physical != null, leaseHolder != null);
    }

    /**
     * Closes the physical connection before a CRaC / SnapStart checkpoint: a snapshot must not
     * carry an open socket. Waits for a lease in use, up to {@code lease-timeout}.
     */
    public void beforeCheckpoint() {
        if (!awaitReturnedLease()) {
            if (!Thread.currentThread().isInterrupted()) {
                log.warn("Checkpoint: the connection is still leased after {}; it is left open", config.leaseTimeout());
            }
            return;
        }
        try {
            discard(ReleaseReason.CHECKPOINT);
        } finally {
            leasePermit.release();
        }
    }

    /**
     * After a CRaC / SnapStart restore: reseeds the jitter random source (restored clones must
     * not share a sequence), forgets cached server state, and lets the next lease reconnect.
     */
    public void afterRestore() {
        random = freshRandom();
        housekeeping.clearCaches();
        restoredSinceLastLease = true;
    }

    /** Closes the physical connection; later calls to {@code getConnection()} fail. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean acquired = awaitReturnedLease();
        try {
            discard(ReleaseReason.CLOSED);
        } finally {
            if (acquired) {
                leasePermit.release();
            }
        }
    }

    /**
     * Takes the lease once a caller returns it, waiting up to {@code lease-timeout}; false when it
     * was not returned in time or the wait was interrupted (the interrupt flag is kept).
     */
    private boolean awaitReturnedLease() {
        try {
            return leasePermit.tryAcquire(config.leaseTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** A draw from the backoff policy with this DataSource's random source; for tests. */
    Duration sampleBackoff(int attempt, Duration previousDelay) {
        return config.backoff().nextDelay(attempt, previousDelay, random);
    }

    private void requireOpen() throws SQLException {
        if (closed) {
            throw new SQLException("This serverless-mysql DataSource is closed; the application is shutting down", "08003");
        }
    }

    private void acquireLease(long deadline) throws SQLException {
        boolean acquired;
        try {
            acquired = leasePermit.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting for the connection lease", "08001", e);
        }
        if (!acquired) {
            counters.leaseTimeouts.incrementAndGet();
            throw new SQLTransientConnectionException("serverless-mysql - connection lease not available, request timed out"
                    + " after " + config.leaseTimeout().toMillis() + " ms: another thread held the one connection that"
                    + " long. A serverless DataSource serves one caller at a time; close each connection promptly, or raise"
                    + " serverless.mysql.lease-timeout.", "08001");
        }
        leaseHolder = Thread.currentThread();
    }

    private void freeLease() {
        leaseHolder = null;
        leasePermit.release();
    }

    /** The physical connection, validated when thawed, opened when missing. Called under the lease. */
    private Connection usableConnection(long deadline) throws SQLException {
        if (physical != null && physical.isClosed()) {
            counters.brokenConnections.incrementAndGet();
            discard(ReleaseReason.BROKEN);
        }
        if (physical != null) {
            long idleNanos = System.nanoTime() - lastReturnedNanos;
            if (restoredSinceLastLease || idleNanos >= config.thawThreshold().toNanos()) {
                thaw(Duration.ofNanos(idleNanos));
            }
        }
        restoredSinceLastLease = false;
        if (physical == null) {
            physical = connector.connect(deadline);
        }
        return physical;
    }

    private void thaw(Duration idle) {
        counters.thaws.incrementAndGet();
        long waitTimeout = config.sessionWaitTimeout().isZero()
                ? housekeeping.sessionWaitTimeoutSeconds() : config.sessionWaitTimeout().toSeconds();
        // Past wait_timeout the server has closed the session already: no need to ask.
        boolean alive = (waitTimeout <= 0 || idle.toSeconds() < waitTimeout) && isValid(physical);
        events.onThaw(idle, alive);
        if (!alive) {
            counters.thawFailures.incrementAndGet();
            log.debug("Connection idle for {} ms was dead on thaw; reconnecting", idle.toMillis());
            discard(ReleaseReason.DEAD_ON_THAW);
        }
    }

    private boolean isValid(Connection connection) {
        try {
            return connection.isValid((int) config.validationTimeout().toSeconds());
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection nestedConnection() throws SQLException {
        Connection connection = connector.connect(System.nanoTime() + config.leaseTimeout().toNanos());
        counters.nestedConnections.incrementAndGet();
        return Lease.of(connection, lease -> closeQuietly(lease.physical())).proxy();
    }

    private void returnLease(Lease lease) {
        try {
            if (!lease.isBroken() && !lease.physical().isClosed()) {
                lease.resetSession();
            }
        } catch (SQLException e) {
            log.debug("Resetting the session on return failed; the connection is replaced: {}", e.toString());
            closeQuietly(lease.physical());
        }
        try {
            if (lease.isBroken() || lease.physical().isClosed()) {
                counters.brokenConnections.incrementAndGet();
                discard(ReleaseReason.BROKEN);
            }
        } catch (SQLException e) {
            discard(ReleaseReason.BROKEN);
        } finally {
            lastReturnedNanos = System.nanoTime();
            freeLease();
        }
    }

    private void discard(ReleaseReason reason) {
        Connection connection = physical;
        if (connection == null) {
            return;
        }
        physical = null;
        closeQuietly(connection);
        events.onReleased(reason);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // A dead connection cannot be closed cleanly; its socket is gone either way.
        }
    }

    /** Checked here, not in CheckpointHook: loading that class needs org.crac. */
    private static boolean isCracPresent() {
        try {
            Class.forName("org.crac.Core", false, ServerlessMySqlDataSource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static RandomGenerator freshRandom() {
        return new SplittableRandom(new SecureRandom().nextLong());
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
        throw new SQLFeatureNotSupportedException("Set connectTimeout in the JDBC URL instead");
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
        return "ServerlessMySqlDataSource[" + config.safeJdbcUrl() + ", user " + config.username()
                + (physical != null ? ", connected" : ", not connected") + (closed ? ", closed" : "") + "]";
    }
}
