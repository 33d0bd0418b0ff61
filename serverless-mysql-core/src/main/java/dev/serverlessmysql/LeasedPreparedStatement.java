package dev.serverlessmysql;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * Generated from {@link PreparedStatement} by {@code LeaseDelegatesGenerator} (test sources): do not edit.
 * {@code LeaseDelegatesTest} fails when this differs from what the generator writes; regenerate
 * with {@code ./mvnw -B -o -pl serverless-mysql-core test -Dtest=LeaseDelegatesTest -Dlease.delegates.write=true}.
 *
 * <p>Every method the hand-written {@code LeasedStatement} does not implement: fails with
 * SQLState 08003 once the lease is back, delegates, and reports a failure to the lease (a broken
 * connection is not reused); a result set (or what {@code getObject} answers) is wrapped.
 * One method a line: they differ only in their signature.
 */
class LeasedPreparedStatement extends LeasedStatement implements PreparedStatement {

    private final PreparedStatement delegate;

    LeasedPreparedStatement(Lease lease, PreparedStatement delegate) {
        super(lease, delegate);
        this.delegate = delegate;
    }

    @Override public void addBatch() throws SQLException { check(); try { delegate.addBatch(); } catch (SQLException e) { throw failed(e); } }
    @Override public void clearParameters() throws SQLException { check(); try { delegate.clearParameters(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean execute() throws SQLException { check(); try { return delegate.execute(); } catch (SQLException e) { throw failed(e); } }
    @Override public long executeLargeUpdate() throws SQLException { check(); try { return delegate.executeLargeUpdate(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet executeQuery() throws SQLException { check(); try { return result(delegate.executeQuery()); } catch (SQLException e) { throw failed(e); } }
    @Override public int executeUpdate() throws SQLException { check(); try { return delegate.executeUpdate(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSetMetaData getMetaData() throws SQLException { check(); try { return delegate.getMetaData(); } catch (SQLException e) { throw failed(e); } }
    @Override public ParameterMetaData getParameterMetaData() throws SQLException { check(); try { return delegate.getParameterMetaData(); } catch (SQLException e) { throw failed(e); } }
    @Override public void setArray(int p0, Array p1) throws SQLException { check(); try { delegate.setArray(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setAsciiStream(int p0, InputStream p1) throws SQLException { check(); try { delegate.setAsciiStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setAsciiStream(int p0, InputStream p1, int p2) throws SQLException { check(); try { delegate.setAsciiStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setAsciiStream(int p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.setAsciiStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBigDecimal(int p0, BigDecimal p1) throws SQLException { check(); try { delegate.setBigDecimal(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBinaryStream(int p0, InputStream p1) throws SQLException { check(); try { delegate.setBinaryStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBinaryStream(int p0, InputStream p1, int p2) throws SQLException { check(); try { delegate.setBinaryStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBinaryStream(int p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.setBinaryStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBlob(int p0, InputStream p1) throws SQLException { check(); try { delegate.setBlob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBlob(int p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.setBlob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBlob(int p0, Blob p1) throws SQLException { check(); try { delegate.setBlob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBoolean(int p0, boolean p1) throws SQLException { check(); try { delegate.setBoolean(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setByte(int p0, byte p1) throws SQLException { check(); try { delegate.setByte(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBytes(int p0, byte[] p1) throws SQLException { check(); try { delegate.setBytes(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setCharacterStream(int p0, Reader p1) throws SQLException { check(); try { delegate.setCharacterStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setCharacterStream(int p0, Reader p1, int p2) throws SQLException { check(); try { delegate.setCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setCharacterStream(int p0, Reader p1, long p2) throws SQLException { check(); try { delegate.setCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setClob(int p0, Reader p1) throws SQLException { check(); try { delegate.setClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setClob(int p0, Reader p1, long p2) throws SQLException { check(); try { delegate.setClob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setClob(int p0, Clob p1) throws SQLException { check(); try { delegate.setClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setDate(int p0, Date p1) throws SQLException { check(); try { delegate.setDate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setDate(int p0, Date p1, Calendar p2) throws SQLException { check(); try { delegate.setDate(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setDouble(int p0, double p1) throws SQLException { check(); try { delegate.setDouble(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setFloat(int p0, float p1) throws SQLException { check(); try { delegate.setFloat(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setInt(int p0, int p1) throws SQLException { check(); try { delegate.setInt(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setLong(int p0, long p1) throws SQLException { check(); try { delegate.setLong(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNCharacterStream(int p0, Reader p1) throws SQLException { check(); try { delegate.setNCharacterStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNCharacterStream(int p0, Reader p1, long p2) throws SQLException { check(); try { delegate.setNCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNClob(int p0, Reader p1) throws SQLException { check(); try { delegate.setNClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNClob(int p0, Reader p1, long p2) throws SQLException { check(); try { delegate.setNClob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNClob(int p0, NClob p1) throws SQLException { check(); try { delegate.setNClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNString(int p0, String p1) throws SQLException { check(); try { delegate.setNString(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNull(int p0, int p1) throws SQLException { check(); try { delegate.setNull(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNull(int p0, int p1, String p2) throws SQLException { check(); try { delegate.setNull(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setObject(int p0, Object p1) throws SQLException { check(); try { delegate.setObject(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setObject(int p0, Object p1, int p2) throws SQLException { check(); try { delegate.setObject(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setObject(int p0, Object p1, int p2, int p3) throws SQLException { check(); try { delegate.setObject(p0, p1, p2, p3); } catch (SQLException e) { throw failed(e); } }
    @Override public void setObject(int p0, Object p1, SQLType p2) throws SQLException { check(); try { delegate.setObject(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setObject(int p0, Object p1, SQLType p2, int p3) throws SQLException { check(); try { delegate.setObject(p0, p1, p2, p3); } catch (SQLException e) { throw failed(e); } }
    @Override public void setRef(int p0, Ref p1) throws SQLException { check(); try { delegate.setRef(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setRowId(int p0, RowId p1) throws SQLException { check(); try { delegate.setRowId(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setSQLXML(int p0, SQLXML p1) throws SQLException { check(); try { delegate.setSQLXML(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setShort(int p0, short p1) throws SQLException { check(); try { delegate.setShort(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setString(int p0, String p1) throws SQLException { check(); try { delegate.setString(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setTime(int p0, Time p1) throws SQLException { check(); try { delegate.setTime(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setTime(int p0, Time p1, Calendar p2) throws SQLException { check(); try { delegate.setTime(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setTimestamp(int p0, Timestamp p1) throws SQLException { check(); try { delegate.setTimestamp(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setTimestamp(int p0, Timestamp p1, Calendar p2) throws SQLException { check(); try { delegate.setTimestamp(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setURL(int p0, URL p1) throws SQLException { check(); try { delegate.setURL(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setUnicodeStream(int p0, InputStream p1, int p2) throws SQLException { check(); try { delegate.setUnicodeStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
}
