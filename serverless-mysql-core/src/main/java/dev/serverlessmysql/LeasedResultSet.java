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
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * Generated from {@link ResultSet} by {@code LeaseDelegatesGenerator} (test sources): do not edit.
 * {@code LeaseDelegatesTest} fails when this differs from what the generator writes; regenerate
 * with {@code ./mvnw -B -o -pl serverless-mysql-core test -Dtest=LeaseDelegatesTest -Dlease.delegates.write=true}.
 *
 * <p>Every method the hand-written {@code LeasedResultSetBase} does not implement: fails with
 * SQLState 08003 once the lease is back, delegates, and reports a failure to the lease (a broken
 * connection is not reused).
 * One method a line: they differ only in their signature.
 */
final class LeasedResultSet extends LeasedResultSetBase implements ResultSet {

    private final ResultSet delegate;

    LeasedResultSet(Lease lease, ResultSet delegate, LeaseChild parent) {
        super(lease, delegate, parent);
        this.delegate = delegate;
    }

    @Override public boolean absolute(int p0) throws SQLException { check(); try { return delegate.absolute(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void afterLast() throws SQLException { check(); try { delegate.afterLast(); } catch (SQLException e) { throw failed(e); } }
    @Override public void beforeFirst() throws SQLException { check(); try { delegate.beforeFirst(); } catch (SQLException e) { throw failed(e); } }
    @Override public void cancelRowUpdates() throws SQLException { check(); try { delegate.cancelRowUpdates(); } catch (SQLException e) { throw failed(e); } }
    @Override public void clearWarnings() throws SQLException { check(); try { delegate.clearWarnings(); } catch (SQLException e) { throw failed(e); } }
    @Override public void deleteRow() throws SQLException { check(); try { delegate.deleteRow(); } catch (SQLException e) { throw failed(e); } }
    @Override public int findColumn(String p0) throws SQLException { check(); try { return delegate.findColumn(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean first() throws SQLException { check(); try { return delegate.first(); } catch (SQLException e) { throw failed(e); } }
    @Override public Array getArray(int p0) throws SQLException { check(); try { return delegate.getArray(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Array getArray(String p0) throws SQLException { check(); try { return delegate.getArray(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public InputStream getAsciiStream(int p0) throws SQLException { check(); try { return delegate.getAsciiStream(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public InputStream getAsciiStream(String p0) throws SQLException { check(); try { return delegate.getAsciiStream(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public BigDecimal getBigDecimal(int p0) throws SQLException { check(); try { return delegate.getBigDecimal(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public BigDecimal getBigDecimal(int p0, int p1) throws SQLException { check(); try { return delegate.getBigDecimal(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public BigDecimal getBigDecimal(String p0) throws SQLException { check(); try { return delegate.getBigDecimal(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public BigDecimal getBigDecimal(String p0, int p1) throws SQLException { check(); try { return delegate.getBigDecimal(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public InputStream getBinaryStream(int p0) throws SQLException { check(); try { return delegate.getBinaryStream(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public InputStream getBinaryStream(String p0) throws SQLException { check(); try { return delegate.getBinaryStream(p0); } catch (SQLException e) { throw failed(e); } }
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
    @Override public int getConcurrency() throws SQLException { check(); try { return delegate.getConcurrency(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getCursorName() throws SQLException { check(); try { return delegate.getCursorName(); } catch (SQLException e) { throw failed(e); } }
    @Override public Date getDate(int p0) throws SQLException { check(); try { return delegate.getDate(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Date getDate(int p0, Calendar p1) throws SQLException { check(); try { return delegate.getDate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public Date getDate(String p0) throws SQLException { check(); try { return delegate.getDate(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Date getDate(String p0, Calendar p1) throws SQLException { check(); try { return delegate.getDate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public double getDouble(int p0) throws SQLException { check(); try { return delegate.getDouble(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public double getDouble(String p0) throws SQLException { check(); try { return delegate.getDouble(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public int getFetchDirection() throws SQLException { check(); try { return delegate.getFetchDirection(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getFetchSize() throws SQLException { check(); try { return delegate.getFetchSize(); } catch (SQLException e) { throw failed(e); } }
    @Override public float getFloat(int p0) throws SQLException { check(); try { return delegate.getFloat(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public float getFloat(String p0) throws SQLException { check(); try { return delegate.getFloat(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public int getHoldability() throws SQLException { check(); try { return delegate.getHoldability(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getInt(int p0) throws SQLException { check(); try { return delegate.getInt(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public int getInt(String p0) throws SQLException { check(); try { return delegate.getInt(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public long getLong(int p0) throws SQLException { check(); try { return delegate.getLong(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public long getLong(String p0) throws SQLException { check(); try { return delegate.getLong(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSetMetaData getMetaData() throws SQLException { check(); try { return delegate.getMetaData(); } catch (SQLException e) { throw failed(e); } }
    @Override public Reader getNCharacterStream(int p0) throws SQLException { check(); try { return delegate.getNCharacterStream(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Reader getNCharacterStream(String p0) throws SQLException { check(); try { return delegate.getNCharacterStream(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public NClob getNClob(int p0) throws SQLException { check(); try { return delegate.getNClob(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public NClob getNClob(String p0) throws SQLException { check(); try { return delegate.getNClob(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public String getNString(int p0) throws SQLException { check(); try { return delegate.getNString(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public String getNString(String p0) throws SQLException { check(); try { return delegate.getNString(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Object getObject(int p0) throws SQLException { check(); try { return delegate.getObject(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public <T> T getObject(int p0, Class<T> p1) throws SQLException { check(); try { return delegate.getObject(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public Object getObject(int p0, Map<String, Class<?>> p1) throws SQLException { check(); try { return delegate.getObject(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public Object getObject(String p0) throws SQLException { check(); try { return delegate.getObject(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public <T> T getObject(String p0, Class<T> p1) throws SQLException { check(); try { return delegate.getObject(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public Object getObject(String p0, Map<String, Class<?>> p1) throws SQLException { check(); try { return delegate.getObject(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public Ref getRef(int p0) throws SQLException { check(); try { return delegate.getRef(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public Ref getRef(String p0) throws SQLException { check(); try { return delegate.getRef(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public int getRow() throws SQLException { check(); try { return delegate.getRow(); } catch (SQLException e) { throw failed(e); } }
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
    @Override public int getType() throws SQLException { check(); try { return delegate.getType(); } catch (SQLException e) { throw failed(e); } }
    @Override public URL getURL(int p0) throws SQLException { check(); try { return delegate.getURL(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public URL getURL(String p0) throws SQLException { check(); try { return delegate.getURL(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public InputStream getUnicodeStream(int p0) throws SQLException { check(); try { return delegate.getUnicodeStream(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public InputStream getUnicodeStream(String p0) throws SQLException { check(); try { return delegate.getUnicodeStream(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public SQLWarning getWarnings() throws SQLException { check(); try { return delegate.getWarnings(); } catch (SQLException e) { throw failed(e); } }
    @Override public void insertRow() throws SQLException { check(); try { delegate.insertRow(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean isAfterLast() throws SQLException { check(); try { return delegate.isAfterLast(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean isBeforeFirst() throws SQLException { check(); try { return delegate.isBeforeFirst(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean isFirst() throws SQLException { check(); try { return delegate.isFirst(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean isLast() throws SQLException { check(); try { return delegate.isLast(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean last() throws SQLException { check(); try { return delegate.last(); } catch (SQLException e) { throw failed(e); } }
    @Override public void moveToCurrentRow() throws SQLException { check(); try { delegate.moveToCurrentRow(); } catch (SQLException e) { throw failed(e); } }
    @Override public void moveToInsertRow() throws SQLException { check(); try { delegate.moveToInsertRow(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean previous() throws SQLException { check(); try { return delegate.previous(); } catch (SQLException e) { throw failed(e); } }
    @Override public void refreshRow() throws SQLException { check(); try { delegate.refreshRow(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean relative(int p0) throws SQLException { check(); try { return delegate.relative(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean rowDeleted() throws SQLException { check(); try { return delegate.rowDeleted(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean rowInserted() throws SQLException { check(); try { return delegate.rowInserted(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean rowUpdated() throws SQLException { check(); try { return delegate.rowUpdated(); } catch (SQLException e) { throw failed(e); } }
    @Override public void setFetchDirection(int p0) throws SQLException { check(); try { delegate.setFetchDirection(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void setFetchSize(int p0) throws SQLException { check(); try { delegate.setFetchSize(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateArray(int p0, Array p1) throws SQLException { check(); try { delegate.updateArray(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateArray(String p0, Array p1) throws SQLException { check(); try { delegate.updateArray(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateAsciiStream(int p0, InputStream p1) throws SQLException { check(); try { delegate.updateAsciiStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateAsciiStream(int p0, InputStream p1, int p2) throws SQLException { check(); try { delegate.updateAsciiStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateAsciiStream(int p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.updateAsciiStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateAsciiStream(String p0, InputStream p1) throws SQLException { check(); try { delegate.updateAsciiStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateAsciiStream(String p0, InputStream p1, int p2) throws SQLException { check(); try { delegate.updateAsciiStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateAsciiStream(String p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.updateAsciiStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBigDecimal(int p0, BigDecimal p1) throws SQLException { check(); try { delegate.updateBigDecimal(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBigDecimal(String p0, BigDecimal p1) throws SQLException { check(); try { delegate.updateBigDecimal(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBinaryStream(int p0, InputStream p1) throws SQLException { check(); try { delegate.updateBinaryStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBinaryStream(int p0, InputStream p1, int p2) throws SQLException { check(); try { delegate.updateBinaryStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBinaryStream(int p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.updateBinaryStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBinaryStream(String p0, InputStream p1) throws SQLException { check(); try { delegate.updateBinaryStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBinaryStream(String p0, InputStream p1, int p2) throws SQLException { check(); try { delegate.updateBinaryStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBinaryStream(String p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.updateBinaryStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBlob(int p0, InputStream p1) throws SQLException { check(); try { delegate.updateBlob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBlob(int p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.updateBlob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBlob(int p0, Blob p1) throws SQLException { check(); try { delegate.updateBlob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBlob(String p0, InputStream p1) throws SQLException { check(); try { delegate.updateBlob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBlob(String p0, InputStream p1, long p2) throws SQLException { check(); try { delegate.updateBlob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBlob(String p0, Blob p1) throws SQLException { check(); try { delegate.updateBlob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBoolean(int p0, boolean p1) throws SQLException { check(); try { delegate.updateBoolean(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBoolean(String p0, boolean p1) throws SQLException { check(); try { delegate.updateBoolean(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateByte(int p0, byte p1) throws SQLException { check(); try { delegate.updateByte(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateByte(String p0, byte p1) throws SQLException { check(); try { delegate.updateByte(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBytes(int p0, byte[] p1) throws SQLException { check(); try { delegate.updateBytes(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateBytes(String p0, byte[] p1) throws SQLException { check(); try { delegate.updateBytes(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateCharacterStream(int p0, Reader p1) throws SQLException { check(); try { delegate.updateCharacterStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateCharacterStream(int p0, Reader p1, int p2) throws SQLException { check(); try { delegate.updateCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateCharacterStream(int p0, Reader p1, long p2) throws SQLException { check(); try { delegate.updateCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateCharacterStream(String p0, Reader p1) throws SQLException { check(); try { delegate.updateCharacterStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateCharacterStream(String p0, Reader p1, int p2) throws SQLException { check(); try { delegate.updateCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateCharacterStream(String p0, Reader p1, long p2) throws SQLException { check(); try { delegate.updateCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateClob(int p0, Reader p1) throws SQLException { check(); try { delegate.updateClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateClob(int p0, Reader p1, long p2) throws SQLException { check(); try { delegate.updateClob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateClob(int p0, Clob p1) throws SQLException { check(); try { delegate.updateClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateClob(String p0, Reader p1) throws SQLException { check(); try { delegate.updateClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateClob(String p0, Reader p1, long p2) throws SQLException { check(); try { delegate.updateClob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateClob(String p0, Clob p1) throws SQLException { check(); try { delegate.updateClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateDate(int p0, Date p1) throws SQLException { check(); try { delegate.updateDate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateDate(String p0, Date p1) throws SQLException { check(); try { delegate.updateDate(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateDouble(int p0, double p1) throws SQLException { check(); try { delegate.updateDouble(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateDouble(String p0, double p1) throws SQLException { check(); try { delegate.updateDouble(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateFloat(int p0, float p1) throws SQLException { check(); try { delegate.updateFloat(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateFloat(String p0, float p1) throws SQLException { check(); try { delegate.updateFloat(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateInt(int p0, int p1) throws SQLException { check(); try { delegate.updateInt(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateInt(String p0, int p1) throws SQLException { check(); try { delegate.updateInt(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateLong(int p0, long p1) throws SQLException { check(); try { delegate.updateLong(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateLong(String p0, long p1) throws SQLException { check(); try { delegate.updateLong(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNCharacterStream(int p0, Reader p1) throws SQLException { check(); try { delegate.updateNCharacterStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNCharacterStream(int p0, Reader p1, long p2) throws SQLException { check(); try { delegate.updateNCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNCharacterStream(String p0, Reader p1) throws SQLException { check(); try { delegate.updateNCharacterStream(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNCharacterStream(String p0, Reader p1, long p2) throws SQLException { check(); try { delegate.updateNCharacterStream(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNClob(int p0, Reader p1) throws SQLException { check(); try { delegate.updateNClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNClob(int p0, Reader p1, long p2) throws SQLException { check(); try { delegate.updateNClob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNClob(int p0, NClob p1) throws SQLException { check(); try { delegate.updateNClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNClob(String p0, Reader p1) throws SQLException { check(); try { delegate.updateNClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNClob(String p0, Reader p1, long p2) throws SQLException { check(); try { delegate.updateNClob(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNClob(String p0, NClob p1) throws SQLException { check(); try { delegate.updateNClob(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNString(int p0, String p1) throws SQLException { check(); try { delegate.updateNString(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNString(String p0, String p1) throws SQLException { check(); try { delegate.updateNString(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNull(int p0) throws SQLException { check(); try { delegate.updateNull(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateNull(String p0) throws SQLException { check(); try { delegate.updateNull(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateObject(int p0, Object p1) throws SQLException { check(); try { delegate.updateObject(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateObject(int p0, Object p1, int p2) throws SQLException { check(); try { delegate.updateObject(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateObject(int p0, Object p1, SQLType p2) throws SQLException { check(); try { delegate.updateObject(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateObject(int p0, Object p1, SQLType p2, int p3) throws SQLException { check(); try { delegate.updateObject(p0, p1, p2, p3); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateObject(String p0, Object p1) throws SQLException { check(); try { delegate.updateObject(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateObject(String p0, Object p1, int p2) throws SQLException { check(); try { delegate.updateObject(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateObject(String p0, Object p1, SQLType p2) throws SQLException { check(); try { delegate.updateObject(p0, p1, p2); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateObject(String p0, Object p1, SQLType p2, int p3) throws SQLException { check(); try { delegate.updateObject(p0, p1, p2, p3); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateRef(int p0, Ref p1) throws SQLException { check(); try { delegate.updateRef(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateRef(String p0, Ref p1) throws SQLException { check(); try { delegate.updateRef(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateRow() throws SQLException { check(); try { delegate.updateRow(); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateRowId(int p0, RowId p1) throws SQLException { check(); try { delegate.updateRowId(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateRowId(String p0, RowId p1) throws SQLException { check(); try { delegate.updateRowId(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateSQLXML(int p0, SQLXML p1) throws SQLException { check(); try { delegate.updateSQLXML(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateSQLXML(String p0, SQLXML p1) throws SQLException { check(); try { delegate.updateSQLXML(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateShort(int p0, short p1) throws SQLException { check(); try { delegate.updateShort(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateShort(String p0, short p1) throws SQLException { check(); try { delegate.updateShort(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateString(int p0, String p1) throws SQLException { check(); try { delegate.updateString(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateString(String p0, String p1) throws SQLException { check(); try { delegate.updateString(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateTime(int p0, Time p1) throws SQLException { check(); try { delegate.updateTime(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateTime(String p0, Time p1) throws SQLException { check(); try { delegate.updateTime(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateTimestamp(int p0, Timestamp p1) throws SQLException { check(); try { delegate.updateTimestamp(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public void updateTimestamp(String p0, Timestamp p1) throws SQLException { check(); try { delegate.updateTimestamp(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean wasNull() throws SQLException { check(); try { return delegate.wasNull(); } catch (SQLException e) { throw failed(e); } }
}
