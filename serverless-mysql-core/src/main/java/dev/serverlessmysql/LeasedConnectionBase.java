package dev.serverlessmysql;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * What the lease's connection does beyond delegating ({@link LeasedConnection} delegates the
 * rest): {@code close()} returns the lease; statements and metadata are wrapped; the statement
 * text is read for session state; the first change of each JDBC session setting is remembered, to
 * be restored on return.
 */
abstract class LeasedConnectionBase implements Connection {

    final Lease lease;
    /** The driver's connection; another only when a thawed connection's first call found it dead ({@link #retarget}). */
    private volatile Connection physical;

    LeasedConnectionBase(Lease lease, Connection physical) {
        this.lease = lease;
        this.physical = physical;
    }

    // ---- For the generated delegating methods ----

    /** Before a call: fails with 08003 once the lease is back. */
    final void check() throws SQLException {
        lease.requireActive();
    }

    /** A call failed: the lease notes whether the connection broke; the failure is thrown unchanged. */
    final <E extends SQLException> E failed(E failure) {
        return lease.failed(failure);
    }

    /** For the generated {@code repoint}: the connection that replaced a dead one. */
    final void retarget(Connection fresh) {
        physical = fresh;
    }

    /**
     * {@code setAutoCommit(false)} as the first call of a lease whose thawed connection still owes
     * its check stands in for the ping ({@link Lease#probe}); any other goes the generated way.
     */
    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        if (!autoCommit && lease.probes(null, null)) {
            lease.probeAutoCommitOff();
            return;
        }
        lease.requireActive();
        try {
            physical.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    /**
     * Answered by the driver without the server (both drivers keep it from the server's status):
     * not a call that checks a thawed connection, so that Spring's transaction start
     * ({@code getAutoCommit()}, then {@code setAutoCommit(false)}) lets the second stand in for the ping.
     */
    @Override
    public boolean getAutoCommit() throws SQLException {
        lease.requireNotReturned();
        try {
            return physical.getAutoCommit();
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    /** Returns the lease; the socket stays open. Closing twice is harmless. */
    @Override
    public void close() {
        lease.giveBack();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return lease.isReturned() || physical.isClosed();
    }

    @Override
    public boolean isValid(int timeoutSeconds) throws SQLException {
        if (lease.isReturned()) {
            return false;
        }
        // A thawed connection's check first: a dead one is replaced, and the new one answers.
        try {
            lease.requireActive();
        } catch (SQLException e) {
            return false;
        }
        try {
            return physical.isValid(timeoutSeconds);
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    /** An aborted connection is not reused; after the return of the lease it does nothing. */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (lease.isReturned()) {
            return;
        }
        lease.markBroken();
        try {
            physical.abort(executor);
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        lease.requireActive();
        return type.isInstance(this) ? type.cast(this) : physical.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        lease.requireActive();
        return type.isInstance(this) || physical.isWrapperFor(type);
    }

    /** The identity and whether it was returned; never the URL or the user. */
    @Override
    public String toString() {
        return "ServerlessMySql lease@" + Integer.toHexString(System.identityHashCode(this))
                + (lease.isReturned() ? " (returned)" : "");
    }

    @Override
    public Statement createStatement() throws SQLException {
        if (lease.probes(null, null)) {
            // Its first statement may run as the thawed connection's check (Lease#probe).
            return lease.probeStatement();
        }
        lease.requireActive();
        try {
            return lease.statement(physical.createStatement());
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        lease.requireActive();
        try {
            return lease.statement(physical.createStatement(resultSetType, resultSetConcurrency));
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        lease.requireActive();
        try {
            return lease.statement(physical.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        prepare(sql);
        try {
            return (PreparedStatement) lease.statement(physical.prepareStatement(sql));
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        prepare(sql);
        try {
            return (PreparedStatement) lease.statement(physical.prepareStatement(sql, autoGeneratedKeys));
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        prepare(sql);
        try {
            return (PreparedStatement) lease.statement(physical.prepareStatement(sql, columnIndexes));
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        prepare(sql);
        try {
            return (PreparedStatement) lease.statement(physical.prepareStatement(sql, columnNames));
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        prepare(sql);
        try {
            return (PreparedStatement) lease.statement(physical.prepareStatement(sql, resultSetType, resultSetConcurrency));
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        prepare(sql);
        try {
            return (PreparedStatement) lease.statement(
                    physical.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        prepare(sql);
        try {
            return (CallableStatement) lease.statement(physical.prepareCall(sql));
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        prepare(sql);
        try {
            return (CallableStatement) lease.statement(physical.prepareCall(sql, resultSetType, resultSetConcurrency));
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        prepare(sql);
        try {
            return (CallableStatement) lease.statement(
                    physical.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    private void prepare(String sql) throws SQLException {
        lease.requireActive();
        lease.noteStatement(sql);
    }

    /** The lease's one metadata wrapper. */
    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        lease.requireActive();
        try {
            return lease.metaData(physical.getMetaData());
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    // Session settings: the first change remembers the value to restore on return.

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        lease.requireActive();
        try {
            lease.settings.isolationChanging();
            physical.setTransactionIsolation(level);
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        lease.requireActive();
        try {
            lease.settings.readOnlyChanging();
            physical.setReadOnly(readOnly);
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        lease.requireActive();
        try {
            lease.settings.catalogChanging();
            physical.setCatalog(catalog);
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        lease.requireActive();
        try {
            lease.settings.schemaChanging();
            physical.setSchema(schema);
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        lease.requireActive();
        try {
            lease.settings.networkTimeoutChanging();
            physical.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException e) {
            throw lease.failed(e);
        }
    }

    // setClientInfo declares SQLClientInfoException only: a returned lease says 08003 in that type.

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        requireActiveForClientInfo();
        try {
            physical.setClientInfo(name, value);
        } catch (SQLClientInfoException e) {
            throw lease.failed(e);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        requireActiveForClientInfo();
        try {
            physical.setClientInfo(properties);
        } catch (SQLClientInfoException e) {
            throw lease.failed(e);
        }
    }

    private void requireActiveForClientInfo() throws SQLClientInfoException {
        if (lease.isReturned()) {
            throw new SQLClientInfoException(Lease.returnedMessage(), "08003", 0, Map.of());
        }
        try {
            // A thawed connection's check first: client info set on a dead one would be lost.
            lease.requireActive();
        } catch (SQLException e) {
            throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), e.getErrorCode(), Map.of(), e);
        }
    }
}
