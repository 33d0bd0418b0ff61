package dev.serverlessmysql;

import java.lang.reflect.UndeclaredThrowableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;

/**
 * What every statement, result set and metadata wrapper of a {@link Lease} shares: the way back
 * to the lease, the inert behaviour once it is returned, and the wrapping of the result sets a
 * call answers. The generated subclasses ({@code Leased*}, made by {@code LeaseDelegatesGenerator})
 * delegate every other method of their interface.
 *
 * <p>A method here implements the interface method of whichever kind declares it ({@code close()}
 * and {@code isClosed()} for statements and result sets, {@code getConnection()} for statements
 * and metadata); a kind whose interface does not declare one never exposes it.
 */
abstract class LeaseChild {

    final Lease lease;
    /** The driver's object; another only when a thawed connection's first call found it dead ({@link #retarget}). */
    private volatile Wrapper target;
    /** The statement (or metadata) a result set came from; null otherwise. */
    final LeaseChild parent;
    volatile boolean closed;
    /** Whether this is a result set streamed from the socket and not yet read to the end. Guarded by the lease. */
    boolean streams;
    /** The last result set this statement (or metadata) answered, so that asking again gives the same wrapper. Guarded by this. */
    private ResultSet lastResult;
    private LeasedResultSet lastResultChild;

    LeaseChild(Lease lease, Wrapper target, LeaseChild parent) {
        this.lease = lease;
        this.target = target;
        this.parent = parent;
    }

    /** For the generated {@code repoint}: the driver's object on the connection that replaced a dead one. */
    final void retarget(Wrapper fresh) {
        target = fresh;
    }

    /**
     * Runs SQL text, as the generated methods do; the lease's first plain statement may run it as
     * the check a thawed connection owes ({@link Lease#probe}) instead of a ping before it.
     */
    public boolean execute(String sql) throws SQLException {
        if (lease.probes(this, sql)) {
            return lease.probe(this, sql);
        }
        check(sql);
        try {
            return ((Statement) target).execute(sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** The driver's statement of a statement wrapper. */
    final Statement statement() {
        return (Statement) target;
    }

    /** Closes the driver's object on return of the lease; failures of a broken connection surface later. */
    final void closeTarget() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ((AutoCloseable) target).close();
        } catch (SQLException e) {
            if (ErrorClassifier.isConnectionBroken(e)) {
                lease.markBroken();
                throw e;
            }
        } catch (Exception e) {
            // Not an SQL failure; the statement is gone either way.
        }
    }

    /** Closes the driver's object, once; after the lease came back it does nothing. */
    public void close() throws SQLException {
        if (lease.isReturned() || closed) {
            return;
        }
        closed = true;
        lease.forget(this);
        try {
            if (target instanceof Statement statement) {
                statement.close();
            } else {
                ((ResultSet) target).close();
            }
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    public boolean isClosed() throws SQLException {
        if (lease.isReturned() || closed) {
            return true;
        }
        try {
            return target instanceof Statement statement ? statement.isClosed() : ((ResultSet) target).isClosed();
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    /** The lease's connection, never the driver's. */
    public Connection getConnection() throws SQLException {
        lease.requireActive();
        return lease.proxy();
    }

    /** This wrapper when it is one of {@code type}, else what the driver's object unwraps to. */
    public <T> T unwrap(Class<T> type) throws SQLException {
        lease.requireActive();
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        try {
            return target.unwrap(type);
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    public boolean isWrapperFor(Class<?> type) throws SQLException {
        lease.requireActive();
        try {
            return type.isInstance(this) || target.isWrapperFor(type);
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    /** The kind, the identity and whether it is closed; never anything of the driver's (no URL, no user). */
    @Override
    public String toString() {
        return "ServerlessMySql " + getClass().getInterfaces()[0].getSimpleName() + "@"
                + Integer.toHexString(System.identityHashCode(this)) + (lease.isReturned() || closed ? " (closed)" : "");
    }

    // ---- For the generated delegating methods ----

    /** Before a call: fails with 08003 once the lease is back. */
    final void check() throws SQLException {
        lease.requireActive();
    }

    /**
     * Before a call that declares no SQLException (DatabaseMetaData's driver version, answered
     * without the connection): once the lease is back, the 08003 failure, unchecked, as a
     * reflective proxy threw it.
     */
    final void checkUnchecked() {
        try {
            lease.requireActive();
        } catch (SQLException e) {
            throw new UndeclaredThrowableException(e);
        }
    }

    /** Before a call that runs SQL text: as {@link #check()}, and the lease reads the text. */
    final void check(String sql) throws SQLException {
        lease.requireActive();
        lease.noteStatement(sql);
    }

    /** A call failed: the lease notes whether the connection broke; the failure is thrown unchanged. */
    final <E extends SQLException> E failed(E failure) {
        return lease.failed(failure);
    }

    /**
     * Wraps a result set this statement (or metadata) answered; the same driver result set gives
     * the same wrapper, and a new one means the driver closed the previous.
     */
    final synchronized ResultSet result(ResultSet resultSet) throws SQLException {
        if (resultSet == null) {
            return null;
        }
        if (resultSet != lastResult) {
            if (lastResultChild != null) {
                lease.readToEnd(lastResultChild);
            }
            lastResult = resultSet;
            lastResultChild = lease.resultSet(resultSet, this);
        }
        return lastResultChild;
    }

    /** Wraps what a call answered as a plain object ({@code getObject}): a result set, statement, metadata or connection. */
    @SuppressWarnings("unchecked")
    final <T> T wrapped(T result) throws SQLException {
        if (result instanceof ResultSet resultSet) {
            return (T) result(resultSet);
        }
        return (T) lease.wrap(result);
    }
}
