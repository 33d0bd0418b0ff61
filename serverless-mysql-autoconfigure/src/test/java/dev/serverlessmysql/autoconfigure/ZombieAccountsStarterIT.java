package dev.serverlessmysql.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the starter: the auto-configured DataSource logs in as {@code 'u'@'127.0.0.1'}, and
 * {@code 'u'@'%'}, another account of the same user name, has an idle connection from
 * 127.0.0.2. The invocation-end sweep kills the own account's zombie and never the other
 * account's connection (issue 30 item 1).
 */
@MySqlTest
class ZombieAccountsStarterIT {

    private static final String OWN_ADDRESS = "127.0.0.1";
    private static final String OTHER_ADDRESS = "127.0.0.2";

    @Test
    void theInvocationEndSweepSparesAnotherAccountOfTheSameUserName(TestDatabase db, MySqlTestServer server)
            throws Exception {
        String user = "st" + Long.toString(ProcessHandle.current().pid(), 36) + UUID.randomUUID().toString().substring(0, 6);
        String ownPassword = "own-" + UUID.randomUUID();
        String otherPassword = "other-" + UUID.randomUUID();
        List<String> accounts = List.of("'" + user + "'@'" + OWN_ADDRESS + "'", "'" + user + "'@'%'");
        try (Connection admin = server.adminConnection(); Statement statement = admin.createStatement()) {
            for (String account : accounts) {
                statement.execute("CREATE USER " + account + " IDENTIFIED BY '"
                        + (account.endsWith("'%'") ? otherPassword : ownPassword) + "'");
                statement.execute("GRANT ALL ON `" + db.name() + "`.* TO " + account);
            }
        }
        try (Connection other = open(server, db, user, otherPassword, OTHER_ADDRESS);
             Connection ownZombie = open(server, db, user, ownPassword, OWN_ADDRESS)) {
            Assumptions.assumeTrue(clientHost(server, other).startsWith(OTHER_ADDRESS + ":"),
                    "the test server must see the client's own loopback address");
            awaitAsleepForTwoSeconds(server, other, ownZombie);
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                            DataSourceAutoConfiguration.class))
                    .withPropertyValues("spring.datasource.url=" + server.jdbcUrl(db.name()),
                            "spring.datasource.username=" + user, "spring.datasource.password=" + ownPassword,
                            "serverless.mysql.zombie.min-timeout=1s", "serverless.mysql.zombie.max-timeout=1s",
                            "serverless.mysql.zombie.sweep-interval=0s")
                    .run((context) -> {
                        ServerlessMySqlDataSource dataSource = context.getBean(ServerlessMySqlDataSource.class);
                        try (Connection lease = dataSource.getConnection()) {
                            assertThat(TestDatabase.queryString(lease, "SELECT CURRENT_USER()"))
                                    .isEqualTo(user + "@" + OWN_ADDRESS);
                        }
                        dataSource.endInvocation();
                        assertThat(dataSource.stats().zombiesKilled()).isEqualTo(1);
                    });
            assertThat(ownZombie.isValid(5)).as("the own account's zombie").isFalse();
            assertThat(other.isValid(5)).as("the other account's connection").isTrue();
        } finally {
            try (Connection admin = server.adminConnection(); Statement statement = admin.createStatement()) {
                for (String account : accounts) {
                    statement.execute("DROP USER IF EXISTS " + account);
                }
            }
        }
    }

    private static Connection open(MySqlTestServer server, TestDatabase db, String user, String password, String address)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        // The client end bound to this loopback address: the server sees it as the client host.
        properties.setProperty("localSocketAddress", address);
        return DriverManager.getConnection(server.jdbcUrl(db.name()), properties);
    }

    private static String clientHost(MySqlTestServer server, Connection connection) throws SQLException {
        try (Connection admin = server.adminConnection()) {
            return TestDatabase.queryString(admin, "SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = "
                    + TestDatabase.connectionId(connection));
        }
    }

    private static void awaitAsleepForTwoSeconds(MySqlTestServer server, Connection... connections) throws Exception {
        StringBuilder ids = new StringBuilder();
        for (Connection connection : connections) {
            ids.append(ids.length() == 0 ? "" : ",").append(TestDatabase.connectionId(connection));
        }
        String sql = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND = 'Sleep' AND TIME >= 2"
                + " AND ID IN (" + ids + ")";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection admin = server.adminConnection()) {
                if (TestDatabase.queryLong(admin, sql) == connections.length) {
                    return;
                }
            }
            assertThat(System.nanoTime() - deadline).as("threads %s asleep 2 s", ids).isNegative();
            Thread.sleep(200);
        }
    }
}
