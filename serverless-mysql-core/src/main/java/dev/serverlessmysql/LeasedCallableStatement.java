package dev.serverlessmysql;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * Generated from {@link CallableStatement} by {@code LeaseDelegatesGenerator} (test sources): do not edit.
 * {@code LeaseDelegatesTest} fails when this differs from what the generator writes; regenerate
 * with {@code ./mvnw -B -o -pl serverless-mysql-core test -Dtest=LeaseDelegatesTest -Dlease.delegates.write=true}.
 *
 * <p>Every method the hand-written {@code LeasedPreparedStatement} does not implement: fails with
 * SQLState 08003 once the lease is back, delegates, and reports a failure to the lease (a broken
 * connection is not reused); a result set (or what {@code getObject} answers) is wrapped.
 * One method a line: they differ only in their signature.
 */
final class LeasedCallableStatement extends LeasedPreparedStatement implements CallableStatement {

    private final CallableStatement delegate;

    LeasedCallableStatement(Lease lease, CallableStatement delegate) {
        super(lease, delegate);
        this.delegate = delegate;
    }

    @Override public Array getArray(int p0) throws SQLException { check(); try { return delegate.getArray(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Array getArray(String p0) throws SQLException { check(); try { return delegate.getArray(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public BigDecimal getBigDecimal(int p0) throws SQLException { check(); try { return delegate.getBigDecimal(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public BigDecimal getBigDecimal(int p0, int p1) throws SQLException { check(); try { return delegate.getBigDecimal(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public BigDecimal getBigDecimal(String p0) throws SQLException { check(); try { return delegate.getBigDecimal(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Blob getBlob(int p0) throws SQLException { check(); try { return delegate.getBlob(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Blob getBlob(String p0) throws SQLException { check(); try { return delegate.getBlob(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean getBoolean(int p0) throws SQLException { check(); try { return delegate.getBoolean(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean getBoolean(String p0) throws SQLException { check(); try { return delegate.getBoolean(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public byte getByte(int p0) throws SQLException { check(); try { return delegate.getByte(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public byte getByte(String p0) throws SQLException { check(); try { return delegate.getByte(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public byte[] getBytes(int p0) throws SQLException { check(); try { return delegate.getBytes(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public byte[] getBytes(String p0) throws SQLException { check(); try { return delegate.getBytes(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Reader getCharacterStream(int p0) throws SQLException { check(); try { return delegate.getCharacterStream(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Reader getCharacterStream(String p0) throws SQLException { check(); try { return delegate.getCharacterStream(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Clob getClob(int p0) throws SQLException { check(); try { return delegate.getClob(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Clob getClob(String p0) throws SQLException { check(); try { return delegate.getClob(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Date getDate(int p0) throws SQLException { check(); try { return delegate.getDate(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Date getDate(int p0, Calendar p1) throws SQLException { check(); try { return delegate.getDate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public Date getDate(String p0) throws SQLException { check(); try { return delegate.getDate(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Date getDate(String p0, Calendar p1) throws SQLException { check(); try { return delegate.getDate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public double getDouble(int p0) throws SQLException { check(); try { return delegate.getDouble(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public double getDouble(String p0) throws SQLException { check(); try { return delegate.getDouble(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public float getFloat(int p0) throws SQLException { check(); try { return delegate.getFloat(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public float getFloat(String p0) throws SQLException { check(); try { return delegate.getFloat(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public int getInt(int p0) throws SQLException { check(); try { return delegate.getInt(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public int getInt(String p0) throws SQLException { check(); try { return delegate.getInt(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public long getLong(int p0) throws SQLException { check(); try { return delegate.getLong(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public long getLong(String p0) throws SQLException { check(); try { return delegate.getLong(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Reader getNCharacterStream(int p0) throws SQLException { check(); try { return delegate.getNCharacterStream(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Reader getNCharacterStream(String p0) throws SQLException { check(); try { return delegate.getNCharacterStream(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public NClob getNClob(int p0) throws SQLException { check(); try { return delegate.getNClob(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public NClob getNClob(String p0) throws SQLException { check(); try { return delegate.getNClob(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public String getNString(int p0) throws SQLException { check(); try { return delegate.getNString(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public String getNString(String p0) throws SQLException { check(); try { return delegate.getNString(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Object getObject(int p0) throws SQLException { check(); try { return wrapped(delegate.getObject(p0)); } catch (SQLException e) { throw failed(e); } }
    @Override public <T> T getObject(int p0, Class<T> p1) throws SQLException { check(); try { return wrapped(delegate.getObject(p0, p1)); } catch (SQLException e) { throw failed(e); } }
    @Override public Object getObject(int p0, Map<String, Class<?>> p1) throws SQLException { check(); try { return wrapped(delegate.getObject(p0, p1)); } catch (SQLException e) { throw failed(e); } }
    @Override public Object getObject(String p0) throws SQLException { check(); try { return wrapped(delegate.getObject(p0)); } catch (SQLException e) { throw failed(e); } }
    @Override public <T> T getObject(String p0, Class<T> p1) throws SQLException { check(); try { return wrapped(delegate.getObject(p0, p1)); } catch (SQLException e) { throw failed(e); } }
    @Override public Object getObject(String p0, Map<String, Class<?>> p1) throws SQLException { check(); try { return wrapped(delegate.getObject(p0, p1)); } catch (SQLException e) { throw failed(e); } }
    @Override public Ref getRef(int p0) throws SQLException { check(); try { return delegate.getRef(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Ref getRef(String p0) throws SQLException { check(); try { return delegate.getRef(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public RowId getRowId(int p0) throws SQLException { check(); try { return delegate.getRowId(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public RowId getRowId(String p0) throws SQLException { check(); try { return delegate.getRowId(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public SQLXML getSQLXML(int p0) throws SQLException { check(); try { return delegate.getSQLXML(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public SQLXML getSQLXML(String p0) throws SQLException { check(); try { return delegate.getSQLXML(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public short getShort(int p0) throws SQLException { check(); try { return delegate.getShort(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public short getShort(String p0) throws SQLException { check(); try { return delegate.getShort(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public String getString(int p0) throws SQLException { check(); try { return delegate.getString(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public String getString(String p0) throws SQLException { check(); try { return delegate.getString(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Time getTime(int p0) throws SQLException { check(); try { return delegate.getTime(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Time getTime(int p0, Calendar p1) throws SQLException { check(); try { return delegate.getTime(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public Time getTime(String p0) throws SQLException { check(); try { return delegate.getTime(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Time getTime(String p0, Calendar p1) throws SQLException { check(); try { return delegate.getTime(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public Timestamp getTimestamp(int p0) throws SQLException { check(); try { return delegate.getTimestamp(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Timestamp getTimestamp(int p0, Calendar p1) throws SQLException { check(); try { return delegate.getTimestamp(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public Timestamp getTimestamp(String p0) throws SQLException { check(); try { return delegate.getTimestamp(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Timestamp getTimestamp(String p0, Calendar p1) throws SQLException { check(); try { return delegate.getTimestamp(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public URL getURL(int p0) throws SQLException { check(); try { return delegate.getURL(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public URL getURL(String p0) throws SQLException { check(); try { return delegate.getURL(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(int p0, int p1) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(int p0, int p1, int p2) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(int p0, int p1, String p2) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(int p0, SQLType p1) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(int p0, SQLType p1, int p2) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(int p0, SQLType p1, String p2) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(String p0, int p1) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(String p0, int p1, int p2) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(String p0, int p1, String p2) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(String p0, SQLType p1) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(String p0, SQLType p1, int p2) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void registerOutParameter(String p0, SQLType p1, String p2) throws SQLException { check(); try { delegate.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setAsciiStream(String p0, InputStream p1) throws SQLException { check(); try { delegate.setAsciiStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setAsciiStream(String p0, InputStream p1, int p2) throws SQLException { check(); try { delegate.setAsciiStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setAsciiStream(String p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.setAsciiStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBigDecimal(String p0, BigDecimal p1) throws SQLException { check(); try { delegate.setBigDecimal(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBinaryStream(String p0, InputStream p1) throws SQLException { check(); try { delegate.setBinaryStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBinaryStream(String p0, InputStream p1, int p2) throws SQLException { check(); try { delegate.setBinaryStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBinaryStream(String p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.setBinaryStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBlob(String p0, InputStream p1) throws SQLException { check(); try { delegate.setBlob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBlob(String p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.setBlob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBlob(String p0, Blob p1) throws SQLException { check(); try { delegate.setBlob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBoolean(String p0, boolean p1) throws SQLException { check(); try { delegate.setBoolean(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setByte(String p0, byte p1) throws SQLException { check(); try { delegate.setByte(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setBytes(String p0, byte[] p1) throws SQLException { check(); try { delegate.setBytes(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setCharacterStream(String p0, Reader p1) throws SQLException { check(); try { delegate.setCharacterStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setCharacterStream(String p0, Reader p1, int p2) throws SQLException { check(); try { delegate.setCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setCharacterStream(String p0, Reader p1, long p2) throws SQLException { check(); try { delegate.setCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setClob(String p0, Reader p1) throws SQLException { check(); try { delegate.setClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setClob(String p0, Reader p1, long p2) throws SQLException { check(); try { delegate.setClob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setClob(String p0, Clob p1) throws SQLException { check(); try { delegate.setClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setDate(String p0, Date p1) throws SQLException { check(); try { delegate.setDate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setDate(String p0, Date p1, Calendar p2) throws SQLException { check(); try { delegate.setDate(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setDouble(String p0, double p1) throws SQLException { check(); try { delegate.setDouble(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setFloat(String p0, float p1) throws SQLException { check(); try { delegate.setFloat(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setInt(String p0, int p1) throws SQLException { check(); try { delegate.setInt(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setLong(String p0, long p1) throws SQLException { check(); try { delegate.setLong(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNCharacterStream(String p0, Reader p1) throws SQLException { check(); try { delegate.setNCharacterStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNCharacterStream(String p0, Reader p1, long p2) throws SQLException { check(); try { delegate.setNCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNClob(String p0, Reader p1) throws SQLException { check(); try { delegate.setNClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNClob(String p0, Reader p1, long p2) throws SQLException { check(); try { delegate.setNClob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNClob(String p0, NClob p1) throws SQLException { check(); try { delegate.setNClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNString(String p0, String p1) throws SQLException { check(); try { delegate.setNString(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNull(String p0, int p1) throws SQLException { check(); try { delegate.setNull(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setNull(String p0, int p1, String p2) throws SQLException { check(); try { delegate.setNull(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setObject(String p0, Object p1) throws SQLException { check(); try { delegate.setObject(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setObject(String p0, Object p1, int p2) throws SQLException { check(); try { delegate.setObject(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setObject(String p0, Object p1, int p2, int p3) throws SQLException { check(); try { delegate.setObject(p0, p1, p2, p3); } catch (SQLException e) { throw failed(e); } }
    @Override public void setObject(String p0, Object p1, SQLType p2) throws SQLException { check(); try { delegate.setObject(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setObject(String p0, Object p1, SQLType p2, int p3) throws SQLException { check(); try { delegate.setObject(p0, p1, p2, p3); } catch (SQLException e) { throw failed(e); } }
    @Override public void setRowId(String p0, RowId p1) throws SQLException { check(); try { delegate.setRowId(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setSQLXML(String p0, SQLXML p1) throws SQLException { check(); try { delegate.setSQLXML(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setShort(String p0, short p1) throws SQLException { check(); try { delegate.setShort(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setString(String p0, String p1) throws SQLException { check(); try { delegate.setString(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setTime(String p0, Time p1) throws SQLException { check(); try { delegate.setTime(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setTime(String p0, Time p1, Calendar p2) throws SQLException { check(); try { delegate.setTime(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setTimestamp(String p0, Timestamp p1) throws SQLException { check(); try { delegate.setTimestamp(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void setTimestamp(String p0, Timestamp p1, Calendar p2) throws SQLException { check(); try { delegate.setTimestamp(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void setURL(String p0, URL p1) throws SQLException { check(); try { delegate.setURL(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean wasNull() throws SQLException { check(); try { return delegate.wasNull(); } catch (SQLException e) { throw failed(e); } }
}
