package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Connector/J behind a driver that tests name by class ({@code driverClassName}): never registered
 * with DriverManager, so only naming it reaches it. Subclasses see or wrap each connect.
 */
abstract class DelegatingDriver implements Driver {
    private final Driver target = new com.mysql.cj.jdbc.Driver();

    DelegatingDriver() throws SQLException {
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        return target.connect(url, info);
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return target.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return target.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return target.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return target.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return target.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }
}
