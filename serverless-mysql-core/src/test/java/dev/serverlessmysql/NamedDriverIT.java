package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/** A driver named by class ({@code spring.datasource.driver-class-name}) serves every connect, not DriverManager's pick. */
@MySqlTest
class NamedDriverIT {

    /** Connector/J behind a counter; never registered with DriverManager, so only naming it can reach it. */
    public static final class CountingDriver implements Driver {
        static final AtomicInteger CONNECTS = new AtomicInteger();
        private final Driver target = new com.mysql.cj.jdbc.Driver();

        public CountingDriver() throws SQLException {
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            CONNECTS.incrementAndGet();
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

    @Test
    void everyConnectGoesThroughTheNamedDriver(TestDatabase db) throws Exception {
        assertThat(DriverManager.drivers()).noneMatch(CountingDriver.class::isInstance);
        int before = CountingDriver.CONNECTS.get();
        try (ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db)
                .driverClassName(CountingDriver.class.getName()).build()) {
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
                try (Connection nested = dataSource.getConnection()) {
                    assertThat(TestDatabase.queryLong(nested, "SELECT 2")).isEqualTo(2);
                }
            }
            assertThat(CountingDriver.CONNECTS.get() - before).isEqualTo(2);
        }
    }
}
