package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Housekeeping's usage read prepares its statement once per connection and reuses it at every
 * later read (the driver scans the whole SQL text at each {@code prepareStatement}, interpreted in
 * a Lambda JVM); a server-side statement the session lost to a reset is prepared again, and the
 * read still succeeds. Real server, Connector/J behind a driver that records each
 * {@code prepareStatement}'s SQL.
 */
@MySqlTest
class UsageStatementIT {

    /** The SQL of every {@code prepareStatement} on a connection this driver made. */
    static final List<String> PREPARED = new CopyOnWriteArrayList<>();

    /** Connector/J, its connections behind a proxy that records prepareStatement's SQL and delegates everything. */
    public static final class RecordingDriver extends DelegatingDriver {

        public RecordingDriver() throws SQLException {
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            Connection connection = super.connect(url, info);
            return connection == null ? null : (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")) {
                            PREPARED.add((String) args[0]);
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @BeforeEach
    void forget() {
        PREPARED.clear();
    }

    @Test
    void theUsageStatementIsPreparedOnceAndReusedAtEveryRead(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = everyRunReads(db, db.jdbcUrl())) {
            for (int i = 0; i < 4; i++) {
                invocation(dataSource, "SELECT 1");
            }

            assertThat(dataSource.stats().housekeepingFailures()).isZero();
            assertThat(dataSource.stats().housekeepingStatements()).as("a usage read at every run").isGreaterThanOrEqualTo(4);
            // The first read also reads the limit: a statement of its own.
            assertThat(usageStatementsPrepared()).as("each prepared at its first read only").hasSize(2)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void aServerSideStatementTheSessionLostToAResetIsPreparedAgainAndTheReadSucceeds(TestDatabase db) throws Exception {
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "useServerPrepStmts=true";
        try (ServerlessMySqlDataSource dataSource = everyRunReads(db, url)) {
            // The first read reads the limit too; the second prepares the usage read alone, the third reuses it.
            for (int i = 0; i < 3; i++) {
                invocation(dataSource, "SELECT 1");
            }
            assertThat(usageStatementsPrepared()).hasSize(2);
            long before = dataSource.stats().housekeepingStatements();
            // A user variable is session state: the lease resets the session in place at its return
            // (COM_RESET_CONNECTION), which drops every server-side prepared statement of the session.
            invocation(dataSource, "SET @changed = 1");

            assertThat(dataSource.stats().housekeepingFailures()).as("the read after the reset").isZero();
            assertThat(dataSource.stats().housekeepingStatements()).isGreaterThan(before);
            List<String> prepared = usageStatementsPrepared();
            assertThat(prepared).as("the usage read prepared again after the reset").hasSize(3);
            assertThat(prepared.get(2)).isEqualTo(prepared.get(1));
            assertThat(dataSource.stats().connectionsOpened()).as("the connection was kept").isEqualTo(1);
        }
    }

    private static ServerlessMySqlDataSource everyRunReads(TestDatabase db, String url) {
        return LeaseIT.builderFor(db).jdbcUrl(url).driverClassName(RecordingDriver.class.getName())
                .usedConnectionsCacheTtl(Duration.ZERO).usedConnectionsCacheTtlUnderHalf(Duration.ZERO).build();
    }

    private static void invocation(ServerlessMySqlDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } finally {
            dataSource.endInvocation();
        }
    }

    private static List<String> usageStatementsPrepared() {
        return PREPARED.stream().filter(sql -> sql.contains("threads_connected") || sql.contains("user_threads")).toList();
    }
}
