package dev.serverlessmysql;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;

/**
 * Generated from {@link Connection} by {@code LeaseDelegatesGenerator} (test sources): do not edit.
 * {@code LeaseDelegatesTest} fails when this differs from what the generator writes; regenerate
 * with {@code ./mvnw -B -o -pl serverless-mysql-core test -Dtest=LeaseDelegatesTest -Dlease.delegates.write=true}.
 *
 * <p>Every method the hand-written {@code LeasedConnectionBase} does not implement: fails with
 * SQLState 08003 once the lease is back, delegates, and reports a failure to the lease (a broken
 * connection is not reused).
 * One method a line: they differ only in their signature.
 */
final class LeasedConnection extends LeasedConnectionBase implements Connection {

    private Connection delegate;

    LeasedConnection(Lease lease, Connection delegate) {
        super(lease, delegate);
        this.delegate = delegate;
    }

    /** The same wrapper on another driver object: a thawed connection its first call found dead ({@code Lease}). */
    void repoint(Connection fresh) {
        retarget(fresh);
        this.delegate = fresh;
    }

    @Override public void beginRequest() throws SQLException { check(); try { delegate.beginRequest(); } catch (SQLException e) { throw failed(e); } }
    @Override public void clearWarnings() throws SQLException { check(); try { delegate.clearWarnings(); } catch (SQLException e) { throw failed(e); } }
    @Override public void commit() throws SQLException { check(); try { delegate.commit(); } catch (SQLException e) { throw failed(e); } }
    @Override public Array createArrayOf(String p0, Object[] p1) throws SQLException { check(); try { return delegate.createArrayOf(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public Blob createBlob() throws SQLException { check(); try { return delegate.createBlob(); } catch (SQLException e) { throw failed(e); } }
    @Override public Clob createClob() throws SQLException { check(); try { return delegate.createClob(); } catch (SQLException e) { throw failed(e); } }
    @Override public NClob createNClob() throws SQLException { check(); try { return delegate.createNClob(); } catch (SQLException e) { throw failed(e); } }
    @Override public SQLXML createSQLXML() throws SQLException { check(); try { return delegate.createSQLXML(); } catch (SQLException e) { throw failed(e); } }
    @Override public Struct createStruct(String p0, Object[] p1) throws SQLException { check(); try { return delegate.createStruct(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void endRequest() throws SQLException { check(); try { delegate.endRequest(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getCatalog() throws SQLException { check(); try { return delegate.getCatalog(); } catch (SQLException e) { throw failed(e); } }
    @Override public Properties getClientInfo() throws SQLException { check(); try { return delegate.getClientInfo(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getClientInfo(String p0) throws SQLException { check(); try { return delegate.getClientInfo(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public int getHoldability() throws SQLException { check(); try { return delegate.getHoldability(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getNetworkTimeout() throws SQLException { check(); try { return delegate.getNetworkTimeout(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getSchema() throws SQLException { check(); try { return delegate.getSchema(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getTransactionIsolation() throws SQLException { check(); try { return delegate.getTransactionIsolation(); } catch (SQLException e) { throw failed(e); } }
    @Override public Map<String, Class<?>> getTypeMap() throws SQLException { check(); try { return delegate.getTypeMap(); } catch (SQLException e) { throw failed(e); } }
    @Override public SQLWarning getWarnings() throws SQLException { check(); try { return delegate.getWarnings(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean isReadOnly() throws SQLException { check(); try { return delegate.isReadOnly(); } catch (SQLException e) { throw failed(e); } }
    @Override public String nativeSQL(String p0) throws SQLException { check(); try { return delegate.nativeSQL(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void releaseSavepoint(Savepoint p0) throws SQLException { check(); try { delegate.releaseSavepoint(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void rollback() throws SQLException { check(); try { delegate.rollback(); } catch (SQLException e) { throw failed(e); } }
    @Override public void rollback(Savepoint p0) throws SQLException { check(); try { delegate.rollback(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setHoldability(int p0) throws SQLException { check(); try { delegate.setHoldability(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Savepoint setSavepoint() throws SQLException { check(); try { return delegate.setSavepoint(); } catch (SQLException e) { throw failed(e); } }
    @Override public Savepoint setSavepoint(String p0) throws SQLException { check(); try { return delegate.setSavepoint(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setShardingKey(ShardingKey p0) throws SQLException { check(); try { delegate.setShardingKey(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setShardingKey(ShardingKey p0, ShardingKey p1) throws SQLException { check(); try { delegate.setShardingKey(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean setShardingKeyIfValid(ShardingKey p0, int p1) throws SQLException { check(); try { return delegate.setShardingKeyIfValid(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean setShardingKeyIfValid(ShardingKey p0, ShardingKey p1, int p2) throws SQLException { check(); try { return delegate.setShardingKeyIfValid(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setTypeMap(Map<String, Class<?>> p0) throws SQLException { check(); try { delegate.setTypeMap(p0); } catch (SQLException e) { throw failed(e); } }
}
