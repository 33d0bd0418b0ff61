package dev.serverlessmysql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * Generated from {@link Statement} by {@code LeaseDelegatesGenerator} (test sources): do not edit.
 * {@code LeaseDelegatesTest} fails when this differs from what the generator writes; regenerate
 * with {@code ./mvnw -B -o -pl serverless-mysql-core test -Dtest=LeaseDelegatesTest -Dlease.delegates.write=true}.
 *
 * <p>Every method the hand-written {@code LeaseChild} does not implement: fails with
 * SQLState 08003 once the lease is back, delegates, and reports a failure to the lease (a broken
 * connection is not reused); a result set (or what {@code getObject} answers) is wrapped.
 * One method a line: they differ only in their signature.
 */
class LeasedStatement extends LeaseChild implements Statement {

    private Statement delegate;

    LeasedStatement(Lease lease, Statement delegate) {
        super(lease, delegate, null);
        this.delegate = delegate;
    }

    /** The same wrapper on another driver object: a thawed connection its first call found dead ({@code Lease}). */
    void repoint(Statement fresh) {
        retarget(fresh);
        this.delegate = fresh;
    }

    @Override public void addBatch(String p0) throws SQLException { check(p0); try { delegate.addBatch(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void cancel() throws SQLException { check(); try { delegate.cancel(); } catch (SQLException e) { throw failed(e); } }
    @Override public void clearBatch() throws SQLException { check(); try { delegate.clearBatch(); } catch (SQLException e) { throw failed(e); } }
    @Override public void clearWarnings() throws SQLException { check(); try { delegate.clearWarnings(); } catch (SQLException e) { throw failed(e); } }
    @Override public void closeOnCompletion() throws SQLException { check(); try { delegate.closeOnCompletion(); } catch (SQLException e) { throw failed(e); } }
    @Override public String enquoteIdentifier(String p0, boolean p1) throws SQLException { check(); try { return delegate.enquoteIdentifier(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public String enquoteLiteral(String p0) throws SQLException { check(); try { return delegate.enquoteLiteral(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public String enquoteNCharLiteral(String p0) throws SQLException { check(); try { return delegate.enquoteNCharLiteral(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean execute(String p0, int p1) throws SQLException { check(p0); try { return delegate.execute(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean execute(String p0, int[] p1) throws SQLException { check(p0); try { return delegate.execute(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean execute(String p0, String[] p1) throws SQLException { check(p0); try { return delegate.execute(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public int[] executeBatch() throws SQLException { check(); try { return delegate.executeBatch(); } catch (SQLException e) { throw failed(e); } }
    @Override public long[] executeLargeBatch() throws SQLException { check(); try { return delegate.executeLargeBatch(); } catch (SQLException e) { throw failed(e); } }
    @Override public long executeLargeUpdate(String p0) throws SQLException { check(p0); try { return delegate.executeLargeUpdate(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public long executeLargeUpdate(String p0, int p1) throws SQLException { check(p0); try { return delegate.executeLargeUpdate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public long executeLargeUpdate(String p0, int[] p1) throws SQLException { check(p0); try { return delegate.executeLargeUpdate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public long executeLargeUpdate(String p0, String[] p1) throws SQLException { check(p0); try { return delegate.executeLargeUpdate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet executeQuery(String p0) throws SQLException { check(p0); try { return result(delegate.executeQuery(p0)); } catch (SQLException e) { throw failed(e); } }
    @Override public int executeUpdate(String p0) throws SQLException { check(p0); try { return delegate.executeUpdate(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public int executeUpdate(String p0, int p1) throws SQLException { check(p0); try { return delegate.executeUpdate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public int executeUpdate(String p0, int[] p1) throws SQLException { check(p0); try { return delegate.executeUpdate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public int executeUpdate(String p0, String[] p1) throws SQLException { check(p0); try { return delegate.executeUpdate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public int getFetchDirection() throws SQLException { check(); try { return delegate.getFetchDirection(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getFetchSize() throws SQLException { check(); try { return delegate.getFetchSize(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getGeneratedKeys() throws SQLException { check(); try { return result(delegate.getGeneratedKeys()); } catch (SQLException e) { throw failed(e); } }
    @Override public long getLargeMaxRows() throws SQLException { check(); try { return delegate.getLargeMaxRows(); } catch (SQLException e) { throw failed(e); } }
    @Override public long getLargeUpdateCount() throws SQLException { check(); try { return delegate.getLargeUpdateCount(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxFieldSize() throws SQLException { check(); try { return delegate.getMaxFieldSize(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxRows() throws SQLException { check(); try { return delegate.getMaxRows(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean getMoreResults() throws SQLException { check(); try { return delegate.getMoreResults(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean getMoreResults(int p0) throws SQLException { check(); try { return delegate.getMoreResults(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public int getQueryTimeout() throws SQLException { check(); try { return delegate.getQueryTimeout(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getResultSet() throws SQLException { check(); try { return result(delegate.getResultSet()); } catch (SQLException e) { throw failed(e); } }
    @Override public int getResultSetConcurrency() throws SQLException { check(); try { return delegate.getResultSetConcurrency(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getResultSetHoldability() throws SQLException { check(); try { return delegate.getResultSetHoldability(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getResultSetType() throws SQLException { check(); try { return delegate.getResultSetType(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getUpdateCount() throws SQLException { check(); try { return delegate.getUpdateCount(); } catch (SQLException e) { throw failed(e); } }
    @Override public SQLWarning getWarnings() throws SQLException { check(); try { return delegate.getWarnings(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean isCloseOnCompletion() throws SQLException { check(); try { return delegate.isCloseOnCompletion(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean isPoolable() throws SQLException { check(); try { return delegate.isPoolable(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean isSimpleIdentifier(String p0) throws SQLException { check(); try { return delegate.isSimpleIdentifier(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setCursorName(String p0) throws SQLException { check(); try { delegate.setCursorName(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setEscapeProcessing(boolean p0) throws SQLException { check(); try { delegate.setEscapeProcessing(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setFetchDirection(int p0) throws SQLException { check(); try { delegate.setFetchDirection(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setFetchSize(int p0) throws SQLException { check(); try { delegate.setFetchSize(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setLargeMaxRows(long p0) throws SQLException { check(); try { delegate.setLargeMaxRows(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setMaxFieldSize(int p0) throws SQLException { check(); try { delegate.setMaxFieldSize(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setMaxRows(int p0) throws SQLException { check(); try { delegate.setMaxRows(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setPoolable(boolean p0) throws SQLException { check(); try { delegate.setPoolable(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setQueryTimeout(int p0) throws SQLException { check(); try { delegate.setQueryTimeout(p0); } catch (SQLException e) { throw failed(e); } }
}
