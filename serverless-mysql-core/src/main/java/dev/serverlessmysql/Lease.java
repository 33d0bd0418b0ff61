package dev.serverlessmysql;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One lease of a physical connection: the state behind the {@link Connection} a caller gets, and
 * what happens when it comes back.
 *
 * <p>The caller sees {@link LeasedConnection}, whose {@code close()} returns the lease instead of
 * closing the socket. Everything reached through it is wrapped by a plain delegating class and
 * leads back to it: statements of every kind ({@link LeasedStatement},
 * {@link LeasedPreparedStatement}, {@link LeasedCallableStatement}), their result sets
 * ({@link LeasedResultSet}, also generated keys and metadata queries), and the database metadata
 * ({@link LeasedMetaData}); {@code getConnection()} and {@code getStatement()} on any of them
 * answer with the wrappers. No reflection on the call path: a Lambda JVM runs most invocations
 * interpreted or at C1, where a {@code java.lang.reflect.Proxy} and {@code Method.invoke} cost
 * about a millisecond of CPU per invocation. Once the lease is returned every wrapper is inert: it
 * reports itself closed, its {@code close()} does nothing, and anything else fails with SQLState
 * 08003 without touching the physical connection, which by then may serve the next caller.
 *
 * <p>On return the lease closes what its caller left open, rolls back a transaction the server
 * says is open (however it was begun), and restores the session settings the caller changed
 * through JDBC, as a pool does; none of that costs a round trip when nothing was left behind.
 * When a statement it saw may have left session state behind in SQL (locks, variables, {@code USE},
 * temporary tables: {@link SessionReset}), the session is reset in place, or the connection
 * replaced where that is not possible. A streaming result left unread is not read to the end:
 * the socket is aborted. Every wrapper reports the failures of its calls here
 * ({@link #failed(SQLException)}), so that a broken connection is never reused.
 */
final class Lease {

    /** Called once when the lease comes back: closed by its caller, or reclaimed. */
    interface Returner {
        void returnLease(Lease lease);
    }

    /** What {@link #resetSession()} leaves behind. */
    enum Outcome {
        /** The connection is clean and may serve the next caller. */
        REUSABLE(null),
        /**
         * A streaming result was left unread: closing it would read it to the end, so the socket
         * was aborted instead; discard the connection.
         */
        UNREAD_STREAMING_RESULT(ReleaseReason.UNREAD_RESULT),
        /** Session state was left behind that this driver cannot reset in place; discard the connection. */
        SESSION_NOT_RESETTABLE(ReleaseReason.SESSION_STATE);

        private final ReleaseReason releaseReason;

        Outcome(ReleaseReason releaseReason) {
            this.releaseReason = releaseReason;
        }

        /** Why the connection is to be discarded; null when it is reusable. */
        ReleaseReason releaseReason() {
            return releaseReason;
        }
    }

    /**
     * What a thawed connection still owes: the check that it is alive, made by the lease's first
     * call that reaches the server instead of a ping before the lease ({@link #probe}).
     */
    interface ThawCheck {
        /** Pings the connection: null when it is alive, else the connection that replaced it (or the connect's failure). */
        Connection ping() throws SQLException;

        /** The first call reached the server: the connection is alive. */
        void alive();

        /** How long the first call may wait for the server's answer, as a ping would (milliseconds, at least 1). */
        int boundMillis();

        /**
         * The first call failed: null when not for a dead connection (it reached a live server), else
         * the connection that replaced it (or the connect's failure).
         */
        Connection replaceAfter(SQLException failure) throws SQLException;
    }

    /**
     * SQL that only begins a transaction: run again on a new connection it does exactly what it
     * would have done on the first, so it may stand in for a thawed connection's ping.
     */
    private static final Pattern BEGINS_TRANSACTION = Pattern.compile("\\s*(?:BEGIN(?:\\s+WORK)?|START\\s+TRANSACTION"
            + "(?:\\s+(?:READ\\s+ONLY|READ\\s+WRITE|WITH\\s+CONSISTENT\\s+SNAPSHOT)(?:\\s*,\\s*(?:READ\\s+ONLY|READ\\s+WRITE"
            + "|WITH\\s+CONSISTENT\\s+SNAPSHOT))*)?)\\s*;?\\s*", Pattern.CASE_INSENSITIVE);

    /** The driver's connection; another only when a thawed connection's first call found it dead ({@link #repoint}). */
    private volatile Connection physical;
    private final Returner returner;
    private final LeasedConnection connection;
    private final Thread holder;
    private final Clock clock;
    private final long leasedAtNanos;
    /** Where the lease was taken; null unless stack traces are captured. */
    private final Throwable origin;
    /** Written once (false to true) under this; read by every wrapper call without a lock. */
    private volatile boolean returned;
    private volatile boolean broken;
    /** Statements and metadata result sets opened through the lease and not yet closed. Guarded by this. */
    private final List<LeaseChild> open = new ArrayList<>();
    /** Streaming result sets not yet read to the end nor closed. Guarded by this. */
    private final List<LeaseChild> streaming = new ArrayList<>();
    /** Guarded by this. */
    private LeasedMetaData metaData;
    /** The JDBC session settings the caller changed, to set back on return. */
    final ChangedSettings settings;
    /** The check a thawed connection still owes (the holder's first call makes it); null when none. */
    private volatile ThawCheck thaw;
    /** The plain statement made while the check was owed, whose first SQL may make it. The holder's. */
    private LeasedStatement probe;
    /** Whether a statement may have left session state behind in SQL: then the session is reset. */
    private boolean sessionStateLeft;
    /** Whether a statement ran {@code USE}. */
    private boolean useSeen;
    /** The default database before the first {@code USE} in SQL; null when none ran or there was none. */
    private String databaseBeforeUse;

    private Lease(Connection physical, Returner returner, boolean captureOrigin, Clock clock, ThawCheck thaw) {
        this.physical = physical;
        this.thaw = thaw;
        this.returner = returner;
        this.holder = Thread.currentThread();
        this.clock = clock;
        this.leasedAtNanos = clock.nanoTime();
        this.origin = captureOrigin ? new Throwable("The lease was taken here") : null;
        this.settings = new ChangedSettings(physical);
        this.connection = new LeasedConnection(this, physical);
    }

    static Lease of(Connection physical, Returner returner, boolean captureOrigin, Clock clock) {
        return new Lease(physical, returner, captureOrigin, clock, null);
    }

    /** A lease of a thawed connection not yet checked: {@code thaw} checks it at the first call that reaches the server. */
    static Lease of(Connection physical, Returner returner, boolean captureOrigin, Clock clock, ThawCheck thaw) {
        return new Lease(physical, returner, captureOrigin, clock, thaw);
    }

    /** Whether the lease came back still owing its thawed connection's check (no call reached the server). */
    boolean thawOwed() {
        return thaw != null;
    }

    /** The connection the caller gets: a wrapper whose {@code close()} returns the lease. */
    Connection proxy() {
        return connection;
    }

    Connection physical() {
        return physical;
    }

    /** The thread that took the lease. */
    Thread holder() {
        return holder;
    }

    /** How long ago the lease was taken, by the DataSource's clock. */
    long heldNanos() {
        return clock.nanoTime() - leasedAtNanos;
    }

    /** Where the lease was taken, when stack traces are captured; else null. */
    Throwable origin() {
        return origin;
    }

    /** Whether the lease is back: then every wrapper is inert. */
    boolean isReturned() {
        return returned;
    }

    /** Whether a call failed in a way that leaves the connection unusable. */
    boolean isBroken() {
        return broken;
    }

    /**
     * Makes the lease inert and hands it back: its caller closed the connection, or the invocation
     * (or the DataSource) ended while it was held. Does nothing when it is back already.
     */
    void giveBack() {
        boolean first;
        synchronized (this) {
            first = !returned;
            returned = true;
        }
        if (first) {
            returner.returnLease(this);
        }
    }

    /**
     * Closes what the caller left open, rolls back an open transaction and restores the session
     * settings changed through JDBC. Called once, after the lease became inert.
     *
     * @return whether the connection may be reused
     * @throws SQLException when the connection failed meanwhile (then it is to be discarded)
     */
    Outcome resetSession() throws SQLException {
        List<LeaseChild> leftOpen;
        synchronized (this) {
            if (!streaming.isEmpty()) {
                abort();
                return Outcome.UNREAD_STREAMING_RESULT;
            }
            leftOpen = new ArrayList<>(open);
            open.clear();
        }
        for (int i = leftOpen.size() - 1; i >= 0; i--) {
            leftOpen.get(i).closeTarget();
        }
        if (sessionStateLeft) {
            // The reset rolls back too, and sets autocommit back. A USE on a connection that had no
            // database cannot be undone: no statement deselects the database.
            if ((useSeen && databaseBeforeUse == null) || !SessionReset.reset(physical, databaseBeforeUse)) {
                return Outcome.SESSION_NOT_RESETTABLE;
            }
        } else {
            int flags = DriverState.flags(physical);
            if (DriverState.inTransaction(flags) || !DriverState.autoCommit(flags)) {
                endTransaction(flags);
            }
        }
        settings.restore();
        return Outcome.REUSABLE;
    }

    /**
     * Closes the physical connection for good, once the lease is back (a nested lease's is never
     * kept): aborted when a streaming result was left unread, which closing would read to the end.
     */
    void closePhysical() {
        boolean unreadStreamingResult;
        synchronized (this) {
            unreadStreamingResult = !streaming.isEmpty();
        }
        if (unreadStreamingResult) {
            abort();
        }
        try {
            physical.close();
        } catch (SQLException e) {
            // A dead connection cannot be closed cleanly; its socket is gone either way.
        }
    }

    /**
     * Closes the socket without reading what the server still sends: closing the driver's
     * connection would first read an unread streaming result to its end (Connector/J), which for
     * millions of rows takes seconds. Runs on this thread and takes no longer than closing a socket.
     */
    private void abort() {
        try {
            physical.abort(DirectExecutor.INSTANCE);
        } catch (SQLException | RuntimeException e) {
            // The connection is discarded either way; close() then finishes what abort could not.
        }
    }

    /**
     * Rolls back an open transaction, in SQL because one begun in SQL is one the driver may not
     * know of (Connector/J refuses {@code rollback()} while it believes autocommit is on), and
     * restores autocommit: through the driver's setter when the driver knows it is off, so that
     * its view matches the server's, else in SQL. A committed transaction with autocommit off
     * costs only the autocommit reset, as in any pool.
     */
    private void endTransaction(int flags) throws SQLException {
        try (Statement statement = physical.createStatement()) {
            if (DriverState.inTransaction(flags)) {
                statement.execute("ROLLBACK");
            }
            if (!DriverState.autoCommit(flags)) {
                if (!physical.getAutoCommit()) {
                    physical.setAutoCommit(true);
                }
                if (!DriverState.autoCommit(DriverState.flags(physical))) {
                    // SET autocommit=0 in SQL, or a driver whose flags cannot be read.
                    statement.execute("SET autocommit=1");
                }
            }
        }
    }

    // ---- Called by the wrappers ----

    /**
     * Fails every call but close() and isClosed() once the lease is back: SQLState 08003. Before
     * the first call of a lease that owes a thawed connection's check, pings it, and replaces it
     * when dead.
     */
    void requireActive() throws SQLException {
        requireNotReturned();
        if (thaw != null) {
            pingThawed();
        }
    }

    /** 08003 once the lease is back; a call the driver answers locally, which leaves a thawed connection's check owed. */
    void requireNotReturned() throws SQLException {
        if (returned) {
            throw new SQLNonTransientConnectionException(returnedMessage(), "08003");
        }
    }

    private void pingThawed() throws SQLException {
        ThawCheck check = thaw;
        thaw = null;
        Connection fresh;
        try {
            fresh = check.ping();
        } catch (SQLException e) {
            broken = true;
            throw e;
        }
        if (fresh != null) {
            repoint(fresh);
        }
    }

    /**
     * Whether this call may stand in for the ping a thawed connection owes: {@code setAutoCommit(false)}
     * and {@code createStatement()} ({@code statement} null) while nothing was made through the
     * lease, and that statement's first {@code execute} of SQL that only begins a transaction.
     * Anything else pings first ({@link #requireActive}).
     */
    boolean probes(LeaseChild statement, String sql) {
        if (thaw == null || returned) {
            return false;
        }
        if (statement == null) {
            synchronized (this) {
                return probe == null && open.isEmpty() && metaData == null;
            }
        }
        return statement == probe && sql != null && BEGINS_TRANSACTION.matcher(sql).matches();
    }

    /** The plain statement whose first SQL may check the thawed connection ({@link #probes}). */
    Statement probeStatement() throws SQLException {
        try {
            LeasedStatement statement = new LeasedStatement(this, physical.createStatement());
            probe = statement;
            return track(statement);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Runs SQL that only begins a transaction as the thawed connection's check, in place of the
     * ping HikariCP sends (one round trip fewer): when it fails because the connection died during
     * the freeze, the lease moves to a new connection (this statement and the connection wrappers
     * with it) and runs it there; the caller sees only the success.
     */
    boolean probe(LeaseChild statement, String sql) throws SQLException {
        noteStatement(sql);
        return standIn(() -> statement.statement().execute(sql));
    }

    /** {@code setAutoCommit(false)} as the thawed connection's check, as {@link #probe} runs SQL. */
    void probeAutoCommitOff() throws SQLException {
        standIn(() -> {
            physical.setAutoCommit(false);
            return null;
        });
    }

    /**
     * Runs the call that stands in for the thawed connection's ping, within the ping's bound; when
     * it failed for a dead connection, moves the lease to a new one and runs it again there (the
     * call reads the lease's driver objects anew).
     */
    private <T> T standIn(Call<T> call) throws SQLException {
        ThawCheck check = thaw;
        thaw = null;
        try {
            T result = bounded(check, call);
            check.alive();
            return result;
        } catch (SQLException failure) {
            replaceAfter(check, failure);
        }
        try {
            return call.run();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** One call to the server. */
    private interface Call<T> {
        T run() throws SQLException;
    }

    /**
     * The probe within the bound a ping has: a stalled server (a frozen or paused instance that
     * keeps the socket open) fails it with the driver's read timeout, as it would fail a ping,
     * instead of holding the caller until the invocation's timeout. The driver sets the socket's
     * timeout locally (no round trip); the caller's own is set back.
     */
    private <T> T bounded(ThawCheck check, Call<T> call) throws SQLException {
        Connection target = physical;
        int before = target.getNetworkTimeout();
        int bound = check.boundMillis();
        boolean tighten = before == 0 || before > bound;
        if (tighten) {
            target.setNetworkTimeout(DirectExecutor.INSTANCE, bound);
        }
        try {
            return call.run();
        } finally {
            if (tighten) {
                try {
                    target.setNetworkTimeout(DirectExecutor.INSTANCE, before);
                } catch (SQLException e) {
                    // The call failed and the driver closed the connection: replaced next.
                }
            }
        }
    }

    /** After the probe failed: moves to a new connection when the old one was dead, else throws the failure. */
    private void replaceAfter(ThawCheck check, SQLException failure) throws SQLException {
        Connection fresh;
        try {
            fresh = check.replaceAfter(failure);
        } catch (SQLException connect) {
            broken = true;
            connect.addSuppressed(failure);
            throw connect;
        }
        if (fresh == null) {
            throw failed(failure);
        }
        repoint(fresh);
    }

    /**
     * The lease's wrappers on the connection that replaced a dead thawed one, before anything but
     * the probe statement was made through them and before any setting changed.
     */
    private void repoint(Connection fresh) throws SQLException {
        physical = fresh;
        settings.retarget(fresh);
        connection.repoint(fresh);
        LeasedStatement statement = probe;
        if (statement != null) {
            try {
                statement.repoint(fresh.createStatement());
            } catch (SQLException e) {
                throw failed(e);
            }
        }
    }

    static String returnedMessage() {
        return "This connection was already closed (its lease returned to the serverless-mysql DataSource); get a new"
                + " one with getConnection()";
    }

    /** A call through the lease failed: notes whether the connection is broken; answers the failure, unchanged. */
    <E extends SQLException> E failed(E failure) {
        if (ErrorClassifier.isConnectionBroken(failure)) {
            broken = true;
        }
        return failure;
    }

    /** The caller aborts the connection: it is not to be reused. */
    void markBroken() {
        broken = true;
    }

    /** Reads a statement's text for session state it may leave behind; before it runs. */
    void noteStatement(String sql) throws SQLException {
        if (sql == null) {
            return;
        }
        int verdict = SessionReset.verdict(sql);
        if ((verdict & SessionReset.LEAVES_STATE) != 0) {
            sessionStateLeft = true;
        }
        if (!useSeen && (verdict & SessionReset.CHANGES_DATABASE) != 0) {
            useSeen = true;
            // Both drivers answer from what they know (no round trip); Connector/J says "" for none.
            String database = settings.catalogAtStart();
            databaseBeforeUse = database == null || database.isEmpty() ? null : database;
        }
    }

    /** Wraps a statement the driver made (of the most specific kind it is) and tracks it, to be closed on return. */
    Statement statement(Statement statement) {
        if (statement == null) {
            return null;
        }
        return track(statement instanceof CallableStatement callable ? new LeasedCallableStatement(this, callable)
                : statement instanceof PreparedStatement prepared ? new LeasedPreparedStatement(this, prepared)
                : new LeasedStatement(this, statement));
    }

    /** The one metadata wrapper of the lease. */
    synchronized DatabaseMetaData metaData(DatabaseMetaData data) {
        if (data == null) {
            return null;
        }
        if (metaData == null) {
            metaData = new LeasedMetaData(this, data);
        }
        return metaData;
    }

    /** Wraps what a call answered as a plain object (the statement, metadata or connection it may be). */
    Object wrap(Object result) {
        if (result instanceof Statement statement) {
            return statement(statement);
        }
        if (result instanceof DatabaseMetaData data) {
            return metaData(data);
        }
        if (result instanceof Connection) {
            return connection;
        }
        return result;
    }

    /** Wraps a result set; {@code parent} is the statement or metadata it came from. */
    LeasedResultSet resultSet(ResultSet resultSet, LeaseChild parent) throws SQLException {
        LeasedResultSet child = new LeasedResultSet(this, resultSet, parent);
        // A streaming result (fetch size set) is read row by row from the socket; closing it
        // unread would read the rest first.
        boolean streams = resultSet.getFetchSize() != 0 && resultSet.getType() == ResultSet.TYPE_FORWARD_ONLY;
        synchronized (this) {
            if (parent == null || parent instanceof LeasedMetaData) {
                // A metadata query: nobody else closes it.
                open.add(child);
            }
            if (streams) {
                child.streams = true;
                streaming.add(child);
            }
        }
        return child;
    }

    <T extends LeaseChild> T track(T child) {
        synchronized (this) {
            open.add(child);
        }
        return child;
    }

    /** A wrapper was closed by its caller. */
    synchronized void forget(LeaseChild child) {
        remove(open, child);
        if (child.streams) {
            remove(streaming, child);
        }
        // Closing a statement closes its result sets.
        streaming.removeIf(resultSet -> resultSet.parent == child);
    }

    /** A result set was read to its end (or replaced by its statement's next one). */
    synchronized void readToEnd(LeaseChild child) {
        if (child.streams) {
            child.streams = false;
            remove(streaming, child);
        }
    }

    /** Removes by identity, searching from the end: the newest statement is usually closed first. */
    private static void remove(List<LeaseChild> list, LeaseChild child) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i) == child) {
                list.remove(i);
                return;
            }
        }
    }
}
