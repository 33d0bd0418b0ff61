package dev.serverlessmysql;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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

/**
 * The {@link Connection} a caller gets: the physical connection behind a proxy whose
 * {@code close()} returns the lease instead of closing the socket.
 *
 * <p>Everything reached through the lease is wrapped and leads back to it: statements of every
 * kind, their result sets (also generated keys and metadata queries), and the database metadata;
 * {@code getConnection()} and {@code getStatement()} on any of them answer with the wrappers.
 * Once the lease is returned every wrapper is inert: it reports itself closed, its {@code close()}
 * does nothing, and anything else fails with SQLState 08003 without touching the physical
 * connection, which by then may serve the next caller.
 *
 * <p>On return the lease closes what its caller left open, rolls back a transaction the server
 * says is open (however it was begun), and restores the session settings the caller changed
 * through JDBC, as a pool does; none of that costs a round trip when nothing was left behind.
 * When a statement it saw may have left session state behind in SQL (locks, variables, {@code USE},
 * temporary tables: {@link SessionReset}), the session is reset in place, or the connection
 * replaced where that is not possible. A streaming result left unread is not read to the end:
 * the socket is aborted. It also watches every call for failures that break the connection.
 */
final class Lease implements InvocationHandler {

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

    private static final ClassLoader LOADER = Lease.class.getClassLoader();

    private final Connection physical;
    private final Returner returner;
    private final Connection proxy;
    private final Thread holder;
    private final long leasedAtNanos;
    /** Where the lease was taken; null unless stack traces are captured. */
    private final Throwable origin;
    private volatile boolean returned;
    private volatile boolean broken;
    /** Statements and metadata result sets opened through the lease and not yet closed. Guarded by this. */
    private final List<Child> open = new ArrayList<>();
    /** Streaming result sets not yet read to the end nor closed. Guarded by this. */
    private final List<Child> streaming = new ArrayList<>();
    private Object metaData;
    private Integer originalIsolation;
    private Boolean originalReadOnly;
    private String originalCatalog;
    private boolean catalogChanged;
    private String originalSchema;
    private boolean schemaChanged;
    private Integer originalNetworkTimeout;
    /** Whether a statement may have left session state behind in SQL: then the session is reset. */
    private boolean sessionStateLeft;
    /** Whether a statement ran {@code USE}. */
    private boolean useSeen;
    /** The default database before the first {@code USE} in SQL; null when none ran or there was none. */
    private String databaseBeforeUse;

    private Lease(Connection physical, Returner returner, boolean captureOrigin) {
        this.physical = physical;
        this.returner = returner;
        this.holder = Thread.currentThread();
        this.leasedAtNanos = System.nanoTime();
        this.origin = captureOrigin ? new Throwable("The lease was taken here") : null;
        this.proxy = (Connection) Proxy.newProxyInstance(LOADER, new Class<?>[] {Connection.class}, this);
    }

    static Lease of(Connection physical, Returner returner, boolean captureOrigin) {
        return new Lease(physical, returner, captureOrigin);
    }

    Connection proxy() {
        return proxy;
    }

    Connection physical() {
        return physical;
    }

    /** The thread that took the lease. */
    Thread holder() {
        return holder;
    }

    /** When the lease was taken, as {@link System#nanoTime()}. */
    long leasedAtNanos() {
        return leasedAtNanos;
    }

    /** Where the lease was taken, when stack traces are captured; else null. */
    Throwable origin() {
        return origin;
    }

    boolean isReturned() {
        return returned;
    }

    /** Whether a call failed in a way that leaves the connection unusable. */
    boolean isBroken() {
        return broken;
    }

    /**
     * Makes the lease inert and hands it back, as if its caller had closed it; does nothing when
     * it is back already. For the invocation end and {@code close()} on the holding thread.
     */
    void reclaim() {
        giveBack();
    }

    private void giveBack() {
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
        List<Child> leftOpen;
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
        if (originalIsolation != null) {
            physical.setTransactionIsolation(originalIsolation);
        }
        if (originalReadOnly != null) {
            physical.setReadOnly(originalReadOnly);
        }
        if (catalogChanged && originalCatalog != null) {
            physical.setCatalog(originalCatalog);
        }
        if (schemaChanged && originalSchema != null) {
            physical.setSchema(originalSchema);
        }
        if (originalNetworkTimeout != null) {
            physical.setNetworkTimeout(Runnable::run, originalNetworkTimeout);
        }
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
            physical.abort(Runnable::run);
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

    @Override
    public Object invoke(Object target, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "close":
                giveBack();
                return null;
            case "isClosed":
                return returned || physical.isClosed();
            case "isValid":
                if (returned) {
                    return false;
                }
                break;
            case "equals":
                return target == args[0];
            case "hashCode":
                return System.identityHashCode(target);
            case "toString":
                return "ServerlessMySql lease@" + Integer.toHexString(System.identityHashCode(target))
                        + (returned ? " (returned)" : "");
            case "unwrap":
                requireActive();
                return ((Class<?>) args[0]).isInstance(target) ? target : physical.unwrap((Class<?>) args[0]);
            case "isWrapperFor":
                requireActive();
                return ((Class<?>) args[0]).isInstance(target) || physical.isWrapperFor((Class<?>) args[0]);
            case "abort":
                if (returned) {
                    return null;
                }
                broken = true;
                break;
            default:
                break;
        }
        requireActive();
        rememberSessionChange(name, args);
        if (("prepareStatement".equals(name) || "prepareCall".equals(name)) && args[0] instanceof String sql) {
            noteStatement(sql);
        }
        return wrap(call(physical, method, args), null);
    }

    private void requireActive() throws SQLException {
        if (returned) {
            throw new SQLNonTransientConnectionException("This connection was already closed (its lease returned to the "
                    + "serverless-mysql DataSource); get a new one with getConnection()", "08003");
        }
    }

    private void rememberSessionChange(String method, Object[] args) throws SQLException {
        switch (method) {
            case "setTransactionIsolation" -> {
                if (originalIsolation == null) {
                    originalIsolation = physical.getTransactionIsolation();
                }
            }
            case "setReadOnly" -> {
                if (originalReadOnly == null) {
                    originalReadOnly = physical.isReadOnly();
                }
            }
            case "setCatalog" -> {
                if (!catalogChanged) {
                    catalogChanged = true;
                    originalCatalog = physical.getCatalog();
                }
            }
            case "setSchema" -> {
                if (!schemaChanged) {
                    schemaChanged = true;
                    originalSchema = physical.getSchema();
                }
            }
            case "setNetworkTimeout" -> {
                if (originalNetworkTimeout == null) {
                    originalNetworkTimeout = physical.getNetworkTimeout();
                }
            }
            default -> {
            }
        }
    }

    /** Reads a statement's text for session state it may leave behind; before it runs. */
    private void noteStatement(String sql) throws SQLException {
        if (!sessionStateLeft && SessionReset.leavesState(sql)) {
            sessionStateLeft = true;
        }
        if (!useSeen && SessionReset.changesDatabase(sql)) {
            useSeen = true;
            // Both drivers answer from what they know (no round trip); Connector/J says "" for none.
            String database = catalogChanged ? originalCatalog : physical.getCatalog();
            databaseBeforeUse = database == null || database.isEmpty() ? null : database;
        }
    }

    /** The methods of a statement that take SQL text. */
    private static boolean takesSql(String method) {
        return switch (method) {
            case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch" -> true;
            default -> false;
        };
    }

    /**
     * Wraps what a call returned: statements (tracked, to be closed on return), result sets
     * (their statement is {@code parent}), metadata, and the connection itself.
     */
    private Object wrap(Object result, Child parent) throws SQLException {
        if (result == null) {
            return result;
        }
        if (result instanceof ResultSet resultSet) {
            return resultSet(resultSet, parent).proxy;
        }
        if (result instanceof Statement statement) {
            Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
                    : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
            return track(new Child(statement, type, null));
        }
        if (result instanceof DatabaseMetaData data) {
            synchronized (this) {
                if (metaData == null) {
                    metaData = new Child(data, DatabaseMetaData.class, null).proxy;
                }
                return metaData;
            }
        }
        if (result instanceof Connection) {
            return proxy;
        }
        return result;
    }

    private Child resultSet(ResultSet resultSet, Child parent) throws SQLException {
        Child child = new Child(resultSet, ResultSet.class, parent);
        // A streaming result (fetch size set) is read row by row from the socket; closing it
        // unread would read the rest first.
        boolean streams = resultSet.getFetchSize() != 0 && resultSet.getType() == ResultSet.TYPE_FORWARD_ONLY;
        synchronized (this) {
            if (parent == null || parent.type == DatabaseMetaData.class) {
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

    private Object track(Child child) {
        synchronized (this) {
            open.add(child);
        }
        return child.proxy;
    }

    private synchronized void forget(Child child) {
        remove(open, child);
        if (child.streams) {
            remove(streaming, child);
        }
        // Closing a statement closes its result sets.
        streaming.removeIf(resultSet -> resultSet.parent == child);
    }

    private synchronized void readToEnd(Child child) {
        if (child.streams) {
            child.streams = false;
            remove(streaming, child);
        }
    }

    /** Removes by identity, searching from the end: the newest statement is usually closed first. */
    private static void remove(List<Child> list, Child child) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i) == child) {
                list.remove(i);
                return;
            }
        }
    }

    private Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql && ErrorClassifier.isConnectionBroken(sql)) {
                broken = true;
            }
            throw cause;
        }
    }

    /** A statement, result set or metadata object reached through the lease. */
    private final class Child implements InvocationHandler {
        final Object target;
        final Class<?> type;
        /** The statement (or metadata) a result set came from; null otherwise. */
        final Child parent;
        final Object proxy;
        volatile boolean closed;
        /** Guarded by the lease. */
        boolean streams;
        /** The last result set this statement handed out, so that asking again gives the same wrapper. */
        private Object lastResult;
        private Child lastResultChild;
        /** The wrapper of a metadata result set's own statement, when it has one. */
        private Object ownStatement;

        Child(Object target, Class<?> type, Child parent) {
            this.target = target;
            this.type = type;
            this.parent = parent;
            this.proxy = Proxy.newProxyInstance(LOADER, new Class<?>[] {type}, this);
        }

        /** Closes the driver's object on return of the lease; failures of a broken connection surface later. */
        void closeTarget() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                ((AutoCloseable) target).close();
            } catch (SQLException e) {
                if (ErrorClassifier.isConnectionBroken(e)) {
                    broken = true;
                    throw e;
                }
            } catch (Exception e) {
                // Not an SQL failure; the statement is gone either way.
            }
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close":
                    if (returned || closed) {
                        return null;
                    }
                    closed = true;
                    forget(this);
                    call(target, method, args);
                    return null;
                case "isClosed":
                    if (returned || closed) {
                        return true;
                    }
                    break;
                case "equals":
                    return self == args[0];
                case "hashCode":
                    return System.identityHashCode(self);
                case "toString":
                    return "ServerlessMySql " + type.getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(self))
                            + (returned || closed ? " (closed)" : "");
                case "unwrap":
                    requireActive();
                    return ((Class<?>) args[0]).isInstance(self) ? self : call(target, method, args);
                case "isWrapperFor":
                    requireActive();
                    return ((Class<?>) args[0]).isInstance(self) || (Boolean) call(target, method, args);
                case "getConnection":
                    requireActive();
                    return Lease.this.proxy;
                case "getStatement":
                    if (type == ResultSet.class) {
                        requireActive();
                        return statementOfResultSet();
                    }
                    break;
                default:
                    break;
            }
            requireActive();
            if (args != null && args.length > 0 && args[0] instanceof String sql && type != ResultSet.class
                    && type != DatabaseMetaData.class && takesSql(name)) {
                noteStatement(sql);
            }
            Object result = call(target, method, args);
            if (type == ResultSet.class) {
                if ("next".equals(name) && Boolean.FALSE.equals(result)) {
                    readToEnd(this);
                }
                return result;
            }
            if (result instanceof ResultSet resultSet) {
                synchronized (this) {
                    if (resultSet != lastResult) {
                        if (lastResultChild != null) {
                            // The driver closed the previous result of this statement.
                            readToEnd(lastResultChild);
                        }
                        lastResult = resultSet;
                        lastResultChild = Lease.this.resultSet(resultSet, this);
                    }
                    return lastResultChild.proxy;
                }
            }
            return Lease.this.wrap(result, this);
        }

        private synchronized Object statementOfResultSet() throws Throwable {
            if (parent != null && parent.type != DatabaseMetaData.class) {
                return parent.proxy;
            }
            if (ownStatement == null) {
                Statement statement = ((ResultSet) target).getStatement();
                ownStatement = statement == null ? null : track(new Child(statement, Statement.class, null));
            }
            return ownStatement;
        }
    }
}
