package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/** A driver named by class ({@code spring.datasource.driver-class-name}) serves every connect, not DriverManager's pick. */
@MySqlTest
class NamedDriverIT {

    /** Connector/J behind a counter; never registered with DriverManager, so only naming it can reach it. */
    public static final class CountingDriver extends DelegatingDriver {
        static final AtomicInteger CONNECTS = new AtomicInteger();

        public CountingDriver() throws SQLException {
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            CONNECTS.incrementAndGet();
            return super.connect(url, info);
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
