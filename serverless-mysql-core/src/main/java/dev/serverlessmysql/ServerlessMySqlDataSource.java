package dev.serverlessmysql;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

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
 * up to {@code lease-timeout}. A nested call on a thread that holds a lease gets a temporary
 * second connection, closed when released.</li>
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
    /** One permit per connection this environment may hold; fair, so waiters are served in turn. */
    private final Semaphore leasePermits;
    /** The connections; a slot is taken under its permit. Guarded by itself for taking and freeing. */
    private final Slot[] slots;
    private final AtomicBoolean housekeepingFailureLogged = new AtomicBoolean();
    private final AtomicBoolean leakLogged = new AtomicBoolean();
    private final AtomicBoolean giveBackLogged = new AtomicBoolean();
    /** One returning caller at a time reads the usage (see {@link #shouldSampleOnReturn}). */
    private final AtomicBoolean samplingOnReturn = new AtomicBoolean();
    /**
     * After the environment gave its last connection to refused clients: no connect before this
     * {@link System#nanoTime()} value (see {@link #giveBackToOthers}).
     */
    private volatile long reconnectNotBeforeNanos = System.nanoTime();
    /**
     * With several connections per environment, one caller at a time opens one (see
     * {@link #openOneAtATime}); fair, so the caller that waited longest connects next.
     */
    private final ReentrantLock opening = new ReentrantLock(true);
    /**
     * Whether the environment's last connect was refused by a full server at least once: written
     * under {@link #opening} by the connecting caller, cleared when housekeeping finds room.
     */
    private volatile boolean fullAtLastOpen;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    /**
     * Lease permits held back while the server is full: a caller refused a new connection (1040,
     * 1203, 1226) while the environment had others open keeps its permit here and waits for one of
     * those instead, so the environment shares what the server has room for rather than retrying
     * connects. Given back when housekeeping finds room again, and before close or a checkpoint.
     */
    private final AtomicInteger withheld = new AtomicInteger();
    /**
     * The most leases held at once since housekeeping last read the usage from the server: what the
     * environment's concurrency needed over that sample's life. Under pressure the environment keeps
     * that many connections open and gives up the rest; under steady load (Lambda Managed Instances)
     * it keeps what it uses rather than closing a connection at every invocation end only to reopen
     * it for the next request a millisecond later.
     */
    private final AtomicInteger peakLeased = new AtomicInteger();
    /** Kept strongly: the CRaC context holds its resources through weak references. */
    @SuppressWarnings("unused")
    private final Object checkpointHook;

    private volatile boolean closed;
    private volatile RandomGenerator random;
    /** Temporary connections of nested getConnection() calls still open. Guarded by itself. */
    private final List<Lease> nested = new ArrayList<>();

    /**
     * One physical connection and its lease state. The fields are written by the thread that took
     * the slot; volatile because stats(), toString() and housekeeping read them from any thread.
     */
    private static final class Slot {
        volatile Connection physical;
        /** The thread that took the slot (a caller, or housekeeping); null when free. */
        volatile Thread holder;
        /** The lease handed out and not yet returned; null when free or held by housekeeping. */
        volatile Lease lease;
        volatile long lastReturnedNanos;
        /** When the connection was opened. */
        volatile long openedAtNanos;
        volatile boolean restoredSinceLastLease;
    }

    ServerlessMySqlDataSource(ServerlessMySqlConfig config) {
        this.config = config;
        this.events = new Events(config.listeners());
        this.random = config.jitterSeed() != null ? new SplittableRandom(config.jitterSeed()) : freshRandom();
        this.connector = new Connector(config, counters, events, () -> random);
        this.housekeeping = new Housekeeping(config, counters, events, System::nanoTime);
        int size = config.maxConnectionsPerEnvironment();
        this.leasePermits = new Semaphore(size, true);
        this.slots = new Slot[size];
        for (int i = 0; i < size; i++) {
            slots[i] = new Slot();
        }
        this.checkpointHook = config.registerCheckpointHook() && isCracPresent()
                ? CheckpointHook.register(this) : null;
        if (config.lambdaShutdownEnabled()) {
            LambdaShutdown.install(this, config.lambdaRuntimeApi());
        }
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
     *         than {@code lease-timeout}, or when connect retries ran out
     * @throws SQLException the driver's error, unchanged, when connecting fails in a way waiting
     *         cannot heal (wrong password 1045, unknown database 1049, ...)
     */
    @Override
    public Connection getConnection() throws SQLException {
        requireOpen();
        if (heldBy(Thread.currentThread()) != null) {
            return nestedConnection();
        }
        long deadline = System.nanoTime() + config.leaseTimeout().toNanos();
        while (true) {
            Slot slot = acquireLease(deadline);
            try {
                requireOpen();
                Connection connection = usableConnection(slot, deadline);
                if (closed) {
                    // close() began while we connected: no connection may outlive it.
                    discard(slot, ReleaseReason.CLOSED);
                    requireOpen();
                }
                counters.leases.incrementAndGet();
                Lease lease = Lease.of(connection, returned -> returnLease(slot, returned), config.captureLeaseStackTraces());
                slot.lease = lease;
                peakLeased.accumulateAndGet(leasesInUse(), Math::max);
                return lease.proxy();
            } catch (Connector.ServerFull full) {
                // The server has no room for one more: keep the permit back and wait for an open one.
                withhold(slot);
            } catch (SQLException | RuntimeException | Error e) {
                freeLease(slot);
                throw e;
            }
        }
    }

    /**
     * Whether a caller refused a new connection because the server is full should wait for an open
     * own one: the slot it connects for is empty, so any open connection is another's.
     */
    private boolean canShareInstead() {
        return config.housekeepingEnabled() && withheld.get() < slots.length - 1 && openConnections() > 0;
    }

    /** Frees the slot but keeps its permit back. */
    private void withhold(Slot slot) {
        vacate(slot);
        withheld.incrementAndGet();
    }

    /** Gives back every withheld permit (close, checkpoint). */
    private void restoreWithheld() {
        int count = withheld.getAndSet(0);
        if (count > 0) {
            leasePermits.release(count);
        }
    }

    /**
     * Gives back one withheld permit: housekeeping found room. One at a time, so that the
     * environment grows by one connection per sample that shows room, rather than every waiting
     * caller connecting at once into what may be room for one (the others refused again, each a
     * wasted connect on a full server).
     */
    private void restoreOneWithheld() {
        int count = withheld.getAndUpdate(n -> Math.max(0, n - 1));
        // The next connect is worth trying, even though the last one found the server full.
        fullAtLastOpen = false;
        if (count > 0) {
            log.debug("The server has room again: one more of this environment's callers may open a connection ({} still"
                    + " share the open ones)", count - 1);
            leasePermits.release();
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
     * connection usage, kills this user's zombie connections or gives up the own idle
     * connections when the server stays nearly full. A connection the calling thread still holds
     * is taken back first: the invocation is over. Call it in a {@code finally} block after every
     * invocation (the Spring Cloud Function integration does). It never throws and never opens a
     * connection.
     */
    public void endInvocation() {
        counters.invocationsEnded.incrementAndGet();
        closeNestedConnections();
        Slot held = heldBy(Thread.currentThread());
        Lease lease = held == null ? null : held.lease;
        if (lease != null) {
            reclaim(lease, "endInvocation()");
        }
        housekeep();
    }

    /**
     * The invocation (or the DataSource) is over while its thread still holds the lease: the
     * lease is made inert and its work rolled back, as if it had been closed.
     */
    private void reclaim(Lease lease, String when) {
        counters.leasesReclaimed.incrementAndGet();
        long ageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lease.leasedAtNanos());
        if (leakLogged.compareAndSet(false, true)) {
            log.warn("A connection was never closed: thread '{}' took it {} ms before {} and still held it. It is taken"
                    + " back now (statements closed, uncommitted work rolled back); close every connection, for example"
                    + " with try-with-resources. {}Further leaks are logged at DEBUG and counted in"
                    + " stats().leasesReclaimed().", lease.holder().getName(), ageMillis, when,
                    lease.origin() == null ? "To see where it was taken, build with captureLeaseStackTraces(true)"
                            + " (serverless.mysql.lease-leak-stack-trace=true). " : "",
                    lease.origin());
        } else {
            log.debug("A connection taken {} ms before {} by thread '{}' was never closed; taken back", ageMillis, when,
                    lease.holder().getName(), lease.origin());
        }
        lease.reclaim();
    }

    /** Closes the temporary connections of nested calls that their callers left open. */
    private void closeNestedConnections() {
        List<Lease> open;
        synchronized (nested) {
            if (nested.isEmpty()) {
                return;
            }
            open = new ArrayList<>(nested);
        }
        for (Lease lease : open) {
            if (lease.holder() == Thread.currentThread() || closed) {
                lease.reclaim();
            }
        }
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

    /** Housekeeping on an idle own connection; skipped when none is idle. */
    private void housekeep() {
        if (closed || !config.housekeepingEnabled()) {
            return;
        }
        Slot slot = takeIdleConnection();
        if (slot == null) {
            log.debug("Housekeeping skipped: no own connection is open and idle (callers waiting for one, or a lease not"
                    + " closed before endInvocation())");
            return;
        }
        boolean withholdPermit = false;
        try {
            withholdPermit = housekeepOn(slot, true);
        } finally {
            vacateAfterUse(slot, withholdPermit);
        }
    }

    /** The slot's holder is done with it: it becomes free, its permit given back or withheld. */
    private void vacateAfterUse(Slot slot, boolean withholdPermit) {
        slot.lastReturnedNanos = System.nanoTime();
        if (withholdPermit) {
            withhold(slot);
        } else {
            freeLease(slot);
        }
    }

    /**
     * With several connections per environment, a lease returned while other callers wait for one
     * is where the environment reads a stale usage sample: housekeeping at invocation ends needs an
     * idle connection, and a saturated environment has none, so it would otherwise never see the
     * server get room (its withheld permits never restored) nor another environment starve.
     * Limited by the usage cache TTL, and one returning caller at a time.
     */
    private boolean shouldSampleOnReturn(Slot slot) {
        return slots.length > 1 && config.housekeepingEnabled() && !closed && slot.physical != null
                && leasePermits.hasQueuedThreads() && housekeeping.usageStale();
    }

    /**
     * One housekeeping run on a slot this thread holds ({@code idle}: at an invocation end with no
     * caller waiting; else a lease just returned while callers wait); never throws. Returns true
     * when the slot's permit is to be withheld: its connection went to other clients of a full
     * server. A lease returned in a saturated environment gives one up at most once per usage
     * sample; an idle connection goes whenever the last sample, fresh or cached, said others keep
     * being refused: the environment does not need it now, and when traffic ebbs, the invocation
     * ends are the last chance to hand it over before the environment falls silent with it.
     */
    private boolean housekeepOn(Slot slot, boolean idle) {
        try {
            if (slot.physical.isClosed()) {
                return false;
            }
            boolean release = runHousekeepingBounded(slot.physical);
            // What the concurrency needed over the sample that ends now; the next one counts afresh.
            int needed = peakLeased.get();
            if (housekeeping.sampledAtLastRun()) {
                peakLeased.set(leasesInUse());
            }
            if (housekeeping.roomAtLastRun()) {
                restoreOneWithheld();
            }
            int closedNow = release ? releaseUnderPressure(slot, needed) : 0;
            if (closedNow == 0 && (housekeeping.othersRefusedAtLastRun()
                    || idle && housekeeping.othersRefusedSamplesInARow() >= 2)) {
                return giveBackToOthers(slot, idle);
            }
            housekeeping.released(closedNow);
            if (closedNow > 0) {
                log.info("Closed {} of this environment's MySQL connections: the server stays over {}% of its connection"
                        + " limit and no zombie connection of user '{}' could be killed. The next invocation reconnects.",
                        closedNow, Math.round(config.connectionUtilization() * 100), config.username());
            }
        } catch (SQLException | RuntimeException e) {
            counters.housekeepingFailures.incrementAndGet();
            logHousekeepingFailure(e);
            if (e instanceof SQLException sql && ErrorClassifier.isConnectionBroken(sql)) {
                counters.brokenConnections.incrementAndGet();
                discard(slot, ReleaseReason.BROKEN);
            }
        }
        return false;
    }

    /**
     * Other clients were refused in two samples in a row (another environment starves while this
     * one holds connections, rather than a single probe): this slot's connection goes to them, one
     * per sample. With others still open its permit is withheld (the environment shares the rest,
     * as when it was refused itself), to be restored when the server has room. The last one goes
     * too, as the one connection of a classic environment goes under pressure: at once when idle,
     * else after it served a turn (twice the usage cache TTL, against thrashing while its callers
     * queue for it); its callers then reconnect after a short pause, so that the
     * refused clients, which are retrying, get the slot first. Returns whether the permit is to be
     * withheld.
     */
    private boolean giveBackToOthers(Slot slot, boolean idle) {
        int open = openConnections();
        long now = System.nanoTime();
        boolean last = open <= 1;
        if (housekeeping.othersRefusedSamplesInARow() < 2) {
            log.debug("Other clients of the server were refused since the last usage sample, but not in the one before:"
                    + " perhaps a single probe; no connection given up yet");
            return false;
        }
        if (last && !idle && now - slot.openedAtNanos < turnNanos()) {
            log.debug("Other clients of the server keep being refused, but this environment's one connection has not"
                    + " served its turn yet: kept");
            return false;
        }
        discard(slot, ReleaseReason.SERVER_BUSY);
        counters.releasedUnderPressure.incrementAndGet();
        housekeeping.released(1);
        String what = last ? "its one connection; its callers reconnect after a pause"
                : "one of its " + open + " connections; its callers share the rest";
        if (giveBackLogged.compareAndSet(false, true)) {
            log.info("Other clients failed to connect to the MySQL server while it is full (max_connections; its"
                    + " counter Aborted_connects grew), while this environment held {}: it gave up {}. This"
                    + " repeats while they are refused (logged at DEBUG from now on, counted in"
                    + " stats().releasedUnderPressure()); if it goes on, more environments or clients want"
                    + " connections than the server allows: raise max_connections or lower"
                    + " serverless.mysql.max-connections-per-environment.", open == 1 ? "one connection" : open
                    + " connections", what);
        } else {
            log.debug("Other clients of the server were refused: this environment gave up {}", what);
        }
        if (last) {
            long pause = yieldPauseNanos();
            reconnectNotBeforeNanos = now + pause;
            return false;
        }
        return withheld.get() < slots.length - 1;
    }

    /** How long the last connection serves before it may go to refused clients: twice the usage cache TTL. */
    private long turnNanos() {
        long ttl = config.usedConnectionsCacheTtl().toNanos();
        return ttl > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * ttl;
    }

    /**
     * After giving up its last connection, how long the environment waits before it connects again:
     * two to four times {@code retry.cap}, jittered, longer than the refused clients wait between
     * their attempts, so that they rather than this environment get the slot.
     */
    private long yieldPauseNanos() {
        long cap = JitterWindow.saturatedNanos(config.retryCap());
        long base = cap > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : 2 * cap;
        return base + (long) (java.util.concurrent.ThreadLocalRandom.current().nextDouble() * base);
    }

    /**
     * Under pressure: closes the connection housekeeping ran on (the only one, with one connection
     * per environment). With several, the environment keeps open as many as its callers held at
     * once since the previous usage sample ({@code needed}, at least one, so that its requests
     * share it rather than each reconnecting into a full server) and closes idle ones beyond that;
     * a connection in use is never closed. Returns how many were closed.
     */
    private int releaseUnderPressure(Slot first, int needed) {
        if (slots.length == 1) {
            discard(first, ReleaseReason.SERVER_BUSY);
            counters.releasedUnderPressure.incrementAndGet();
            return 1;
        }
        int open = openConnections();
        int excess = open - Math.max(1, needed);
        if (excess <= 0) {
            log.debug("Over the connection threshold, but this environment's callers held all {} of its open connections"
                    + " at once since the last usage sample: none is given up", open);
            return 0;
        }
        List<Slot> taken = new ArrayList<>(List.of(first));
        try {
            for (Slot idle; taken.size() < excess && (idle = takeIdleConnection()) != null; ) {
                taken.add(idle);
            }
            for (Slot idle : taken) {
                discard(idle, ReleaseReason.SERVER_BUSY);
            }
            counters.releasedUnderPressure.addAndGet(taken.size());
            return taken.size();
        } finally {
            // The one housekeeping ran on is freed by housekeep().
            taken.remove(first);
            taken.forEach(this::freeLease);
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
            return housekeeping.run(connection, ownThreadIdsExcept(connection));
        } finally {
            if (!connection.isClosed()) {
                connection.setNetworkTimeout(Runnable::run, previous);
            }
        }
    }

    /** The server thread ids of the other own connections: never zombie candidates. */
    private java.util.Set<Long> ownThreadIdsExcept(Connection connection) {
        if (slots.length == 1) {
            return java.util.Set.of();
        }
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (Slot slot : slots) {
            Connection other = slot.physical;
            if (other != null && other != connection) {
                long id = DriverState.threadId(other);
                if (id > 0) {
                    ids.add(id);
                }
            }
        }
        return ids;
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
        boolean connected = false;
        boolean leased = false;
        for (Slot slot : slots) {
            connected |= slot.physical != null;
            leased |= slot.holder != null;
        }
        return counters.snapshot(connected, leased);
    }

    /** Lease permits held back while the server is full; for tests. */
    int withheldPermits() {
        return withheld.get();
    }

    /** How many physical connections are open now (at most {@code max-connections-per-environment}). */
    public int openConnections() {
        return countSlots(slot -> slot.physical != null);
    }

    /** Leases handed out and not yet returned (slots held by housekeeping have none). */
    private int leasesInUse() {
        return countSlots(slot -> slot.lease != null);
    }

    private int countSlots(Predicate<Slot> which) {
        int count = 0;
        for (Slot slot : slots) {
            if (which.test(slot)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Closes the physical connections before a CRaC / SnapStart checkpoint: a snapshot must not
     * carry an open socket. Waits for leases in use, up to {@code lease-timeout}.
     */
    public void beforeCheckpoint() {
        restoreWithheld();
        int acquired = acquireAll(config.leaseTimeout());
        try {
            if (acquired < slots.length) {
                if (!Thread.currentThread().isInterrupted()) {
                    log.warn("Checkpoint: a connection is still leased after {}; the connections are left open",
                            config.leaseTimeout());
                }
                return;
            }
            for (Slot slot : slots) {
                discard(slot, ReleaseReason.CHECKPOINT);
            }
        } finally {
            leasePermits.release(acquired);
        }
    }

    /**
     * After a CRaC / SnapStart restore: reseeds the jitter random source (restored clones must
     * not share a sequence), forgets cached server state, and lets the next lease reconnect.
     */
    public void afterRestore() {
        LambdaShutdown.afterRestore();
        random = freshRandom();
        housekeeping.clearCaches();
        for (Slot slot : slots) {
            slot.restoredSinceLastLease = true;
        }
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
        close(config.leaseTimeout());
    }

    /** On SIGTERM (JVM shutdown hook): as {@link #close()}, waiting at most {@code wait} for leases in use. */
    void closeOnShutdown(Duration wait) {
        close(wait);
    }

    private void close(Duration wait) {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        Slot held = heldBy(Thread.currentThread());
        Lease lease = held == null ? null : held.lease;
        if (lease != null) {
            // returnLease() sees closed and discards the connection.
            reclaim(lease, "close()");
        }
        restoreWithheld();
        int acquired = acquireAll(wait);
        try {
            for (Slot slot : slots) {
                if (slot.holder == null) {
                    discard(slot, ReleaseReason.CLOSED);
                }
            }
            closeNestedConnections();
            if (acquired < slots.length) {
                log.warn("Closing: a connection is still leased by another thread; it is closed when that lease comes back");
            }
        } finally {
            leasePermits.release(acquired);
        }
    }

    /**
     * Takes as many lease permits as it can within {@code wait} (all of them once every lease is
     * back); stops early when interrupted, keeping the interrupt flag.
     */
    private int acquireAll(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        int acquired = 0;
        try {
            while (acquired < slots.length) {
                if (leasePermits.tryAcquire() || leasePermits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    acquired++;
                } else {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return acquired;
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
            throw new SQLNonTransientConnectionException(
                    "This serverless-mysql DataSource is closed; the application is shutting down", "08003");
        }
    }

    /** The slot the thread holds, or null. */
    private Slot heldBy(Thread thread) {
        for (Slot slot : slots) {
            if (slot.holder == thread) {
                return slot;
            }
        }
        return null;
    }

    private Slot acquireLease(long deadline) throws SQLException {
        boolean acquired;
        try {
            acquired = leasePermits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting for the connection lease", "08001", e);
        }
        if (!acquired) {
            counters.leaseTimeouts.incrementAndGet();
            int sharing = slots.length - withheld.get();
            String held = slots.length == 1 ? "another thread held the one connection that long. A serverless"
                    + " DataSource serves one caller at a time; close each connection promptly, or raise"
                    + " serverless.mysql.lease-timeout."
                    : sharing < slots.length
                    ? "the server had room for only " + sharing + " of this environment's " + slots.length
                            + " connections (serverless.mysql.max-connections-per-environment), and other threads held"
                            + " them that long; raise the server's max_connections, lower"
                            + " max-connections-per-environment, or close each connection promptly."
                    : "other threads held all " + slots.length + " connections that long"
                            + " (serverless.mysql.max-connections-per-environment); close each connection promptly,"
                            + " or raise serverless.mysql.lease-timeout.";
            throw new SQLTransientConnectionException("serverless-mysql - connection lease not available, request timed out"
                    + " after " + config.leaseTimeout().toMillis() + " ms: " + held, "08001");
        }
        return takeSlot(false);
    }

    /**
     * Takes a free slot under a permit already acquired: the open connection returned last (the
     * warmest; the others stay idle, to be released first), else an empty slot. With
     * {@code openOnly}, only an open one, or null.
     */
    private Slot takeSlot(boolean openOnly) {
        synchronized (slots) {
            Slot best = null;
            for (Slot slot : slots) {
                if (slot.holder != null) {
                    continue;
                }
                if (slot.physical != null) {
                    if (best == null || best.physical == null || slot.lastReturnedNanos - best.lastReturnedNanos > 0) {
                        best = slot;
                    }
                } else if (best == null && !openOnly) {
                    best = slot;
                }
            }
            if (best != null) {
                best.holder = Thread.currentThread();
            }
            return best;
        }
    }

    /**
     * An idle open connection taken for housekeeping, or null: none idle, every permit taken, or
     * callers waiting for a lease. A permit just given back belongs to the caller waiting for it
     * (the semaphore is fair, but a plain tryAcquire would barge in ahead of it); while callers
     * wait, every connection of the environment is needed, and none is released.
     */
    private Slot takeIdleConnection() {
        if (leasePermits.hasQueuedThreads() || !leasePermits.tryAcquire()) {
            return null;
        }
        Slot slot = takeSlot(true);
        if (slot == null) {
            leasePermits.release();
        }
        return slot;
    }

    private void freeLease(Slot slot) {
        vacate(slot);
        leasePermits.release();
    }

    private void vacate(Slot slot) {
        synchronized (slots) {
            slot.lease = null;
            slot.holder = null;
        }
    }

    /** The slot's connection, validated when thawed, opened when missing. Called by the slot's holder. */
    private Connection usableConnection(Slot slot, long deadline) throws SQLException {
        if (slot.physical != null && slot.physical.isClosed()) {
            counters.brokenConnections.incrementAndGet();
            discard(slot, ReleaseReason.BROKEN);
        }
        if (slot.physical != null) {
            long idleNanos = System.nanoTime() - slot.lastReturnedNanos;
            if (slot.restoredSinceLastLease || idleNanos >= config.thawThreshold().toNanos()) {
                thaw(slot, Duration.ofNanos(idleNanos));
            }
        }
        slot.restoredSinceLastLease = false;
        if (slot.physical == null) {
            if (slots.length > 1) {
                pauseAfterGivingBack(deadline);
            }
            slot.physical = slots.length == 1 ? connector.connect(deadline) : openOneAtATime(deadline);
            slot.openedAtNanos = System.nanoTime();
        }
        return slot.physical;
    }

    /**
     * Opens one more connection of an environment with several, one caller at a time: callers that
     * find no open connection free wait for the one connecting rather than each retrying on its
     * own (eight waiting requests of a starving environment would send eight times the refused
     * connects, each costing the full server a login). The next caller then shares what the
     * server had room for: when the previous connect was refused for a full server and the
     * environment has an open connection again, it does not try (a sure refusal) and waits for
     * that one, until housekeeping finds room.
     */
    private Connection openOneAtATime(long deadline) throws SQLException {
        boolean locked;
        try {
            locked = opening.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting to connect", "08001", e);
        }
        if (!locked) {
            counters.leaseTimeouts.incrementAndGet();
            throw new SQLTransientConnectionException("serverless-mysql - connection not available, request timed out after "
                    + config.leaseTimeout().toMillis() + " ms: another thread of this environment was connecting to "
                    + config.serverAddress() + " all that time and no connection of the environment was free (its error"
                    + " says why the connect took so long); raise the server's max_connections or"
                    + " serverless.mysql.lease-timeout, or lower serverless.mysql.max-connections-per-environment.",
                    "08001");
        }
        try {
            if (fullAtLastOpen && canShareInstead()) {
                throw new Connector.ServerFull();
            }
            long refusedBefore = counters.refusedFull.get();
            try {
                Connection connection = connector.connect(deadline, this::canShareInstead);
                fullAtLastOpen = counters.refusedFull.get() != refusedBefore;
                return connection;
            } catch (Connector.ServerFull full) {
                fullAtLastOpen = true;
                throw full;
            }
        } finally {
            opening.unlock();
        }
    }

    /** Waits out the pause after the environment gave its last connection to refused clients, within the deadline. */
    private void pauseAfterGivingBack(long deadline) throws SQLException {
        long now = System.nanoTime();
        long wait = Math.min(reconnectNotBeforeNanos - now, deadline - now);
        if (wait <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting to reconnect", "08001", e);
        }
    }

    private void thaw(Slot slot, Duration idle) {
        counters.thaws.incrementAndGet();
        long waitTimeout = config.sessionWaitTimeout().isZero()
                ? housekeeping.sessionWaitTimeoutSeconds() : config.sessionWaitTimeout().toSeconds();
        // Past wait_timeout the server has closed the session already: no need to ask.
        boolean alive = (waitTimeout <= 0 || idle.toSeconds() < waitTimeout) && isValid(slot.physical);
        events.onThaw(idle, alive);
        if (!alive) {
            counters.thawFailures.incrementAndGet();
            log.debug("Connection idle for {} ms was dead on thaw; reconnecting", idle.toMillis());
            discard(slot, ReleaseReason.DEAD_ON_THAW);
        }
    }

    /**
     * A ping, unless the invocation end would read the usage anyway: then that query, bounded by
     * {@code validation-timeout}, is the validation (one round trip for both), and its sample is
     * kept for the invocation end. A failure that is not a connection error leaves it to the ping.
     */
    private boolean isValid(Connection connection) {
        if (config.housekeepingEnabled() && housekeeping.usageStale()) {
            try {
                housekeeping.validate(connection, config.validationTimeout());
                return true;
            } catch (SQLException e) {
                if (ErrorClassifier.isConnectionBroken(e)) {
                    return false;
                }
                log.debug("Validating with the usage query failed; pinging instead: {}", e.toString());
            }
        }
        try {
            return connection.isValid((int) config.validationTimeout().toSeconds());
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection nestedConnection() throws SQLException {
        Connection connection = connector.connect(System.nanoTime() + config.leaseTimeout().toNanos());
        counters.nestedConnections.incrementAndGet();
        Lease lease = Lease.of(connection, this::returnNested, config.captureLeaseStackTraces());
        synchronized (nested) {
            nested.add(lease);
        }
        return lease.proxy();
    }

    /** A nested connection is never kept: its work is rolled back by the server as it closes. */
    private void returnNested(Lease lease) {
        synchronized (nested) {
            nested.remove(lease);
        }
        lease.closePhysical();
    }

    private void returnLease(Slot slot, Lease lease) {
        slot.lease = null;
        try {
            ReleaseReason discardFor = null;
            try {
                if (lease.isBroken() || lease.physical().isClosed()) {
                    discardFor = ReleaseReason.BROKEN;
                } else {
                    discardFor = lease.resetSession().releaseReason();
                }
            } catch (SQLException | RuntimeException e) {
                log.debug("Resetting the session on return failed; the connection is replaced: {}", e.toString());
                discardFor = ReleaseReason.BROKEN;
            }
            if (discardFor == ReleaseReason.BROKEN) {
                counters.brokenConnections.incrementAndGet();
            }
            if (discardFor != null) {
                discard(slot, discardFor);
            }
            if (closed) {
                discard(slot, ReleaseReason.CLOSED);
            }
        } finally {
            boolean withholdPermit = false;
            try {
                if (shouldSampleOnReturn(slot) && samplingOnReturn.compareAndSet(false, true)) {
                    try {
                        withholdPermit = housekeepOn(slot, false);
                    } finally {
                        samplingOnReturn.set(false);
                    }
                }
            } finally {
                vacateAfterUse(slot, withholdPermit);
            }
        }
    }

    private void discard(Slot slot, ReleaseReason reason) {
        Connection connection = slot.physical;
        if (connection == null) {
            return;
        }
        slot.physical = null;
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
        throw new SQLFeatureNotSupportedException("The connect timeout is a setting of serverless-mysql: set"
                + " serverless.mysql.connect-timeout (builder: connectTimeout(Duration)) instead");
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
        String connections = slots.length == 1 ? (open > 0 ? ", connected" : ", not connected")
                : ", " + open + " of " + slots.length + " connections open";
        return "ServerlessMySqlDataSource[" + config.safeJdbcUrl() + ", user " + config.username() + connections
                + (closed ? ", closed" : "") + "]";
    }
}
