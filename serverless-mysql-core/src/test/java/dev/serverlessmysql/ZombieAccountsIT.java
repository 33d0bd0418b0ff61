package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Two accounts with one user name and different host patterns (issue 30 item 1). The server lets
 * either KILL the other's threads (the same user NAME); housekeeping of one never kills the
 * other's. The other account's connections come from another loopback address: the client binds
 * its end to 127.0.0.2 ({@code localSocketAddress}) and the server, which resolves no names, sees
 * that address as the client host.
 */
@MySqlTest
class ZombieAccountsIT {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final String OTHER_ADDRESS = "127.0.0.2";
    private static final String OWN_ADDRESS = "127.0.0.1";

    private final String user = "acct" + Long.toString(ProcessHandle.current().pid(), 36)
            + UUID.randomUUID().toString().substring(0, 6);
    private final String ownPassword = "own-" + UUID.randomUUID();
    private final String otherPassword = "other-" + UUID.randomUUID();
    private final List<String> accounts = new ArrayList<>();
    private final List<Connection> opened = new ArrayList<>();
    private MySqlTestServer server;
    private TestDatabase db;

    @BeforeEach
    void setUp(TestDatabase db, MySqlTestServer server) {
        this.db = db;
        this.server = server;
    }

    @AfterEach
    void dropThem() throws SQLException {
        ZombieIdentityIT.closeAll(opened);
        for (String account : accounts) {
            admin("DROP USER IF EXISTS " + account);
        }
    }

    /**
     * The issue's case: the DataSource logs in as {@code 'u'@'127.0.0.1'}; {@code 'u'@'%'}, another
     * account with its own password, connects from 127.0.0.2. Its idle connection survives every
     * housekeeping run, over the threshold and past max-timeout, while the own zombies go.
     */
    @Test
    void anotherAccountOfTheSameNameFromAHostTheOwnPatternDoesNotMatchIsNeverKilled() throws Exception {
        String own = account(OWN_ADDRESS, ownPassword);
        account("%", otherPassword);
        Connection other = open(OTHER_ADDRESS, otherPassword);
        assumeClientHostSeen(other, OTHER_ADDRESS);
        Connection ownZombie = open(OWN_ADDRESS, ownPassword);
        Connection ownSession = open(OWN_ADDRESS, ownPassword);
        assertThat(TestDatabase.queryString(ownSession, "SELECT CURRENT_USER()")).isEqualTo(user + "@" + OWN_ADDRESS);
        assertThat(TestDatabase.queryString(other, "SELECT CURRENT_USER()")).isEqualTo(user + "@%");
        awaitAsleepFor(3, other, ownZombie);

        ZombieReaper reaper = reaper(ownPassword);
        assertThat(reaper.killForCapacity(ownSession, 10, Set.of())).isEqualTo(1);
        assertThat(reaper.killExpired(ownSession, Set.of())).isZero();

        assertThat(ownZombie.isValid(5)).as("the own zombie").isFalse();
        assertThat(other.isValid(5)).as("the other account's connection (" + own + " is ours)").isTrue();
    }

    /**
     * Own {@code 'u'@'%'} beside the more specific {@code 'u'@'127.0.0.2'}: the processlist alone
     * cannot tell a thread from 127.0.0.2 apart, the grant table can. With SELECT on
     * {@code mysql.user} the other account's thread is spared; own zombies from the own host and
     * from a third host still go.
     */
    @Test
    void withTheGrantTableReadableAMoreSpecificAccountOfTheSameNameIsSpared() throws Exception {
        String own = account("%", ownPassword);
        account(OTHER_ADDRESS, otherPassword);
        admin("GRANT SELECT (User, Host) ON mysql.user TO " + own);
        Connection other = open(OTHER_ADDRESS, otherPassword);
        assumeClientHostSeen(other, OTHER_ADDRESS);
        Connection ownZombie = open(OWN_ADDRESS, ownPassword);
        Connection ownZombieElsewhere = open("127.0.0.3", ownPassword);
        Connection ownSession = open(OWN_ADDRESS, ownPassword);
        assertThat(TestDatabase.queryString(other, "SELECT CURRENT_USER()")).isEqualTo(user + "@" + OTHER_ADDRESS);
        assertThat(TestDatabase.queryString(ownZombieElsewhere, "SELECT CURRENT_USER()")).isEqualTo(user + "@%");
        awaitAsleepFor(3, other, ownZombie, ownZombieElsewhere);

        ZombieReaper reaper = reaper(ownPassword);
        assertThat(reaper.killExpired(ownSession, Set.of())).isEqualTo(2);

        assertThat(reaper.account().grantTablesReadable()).isTrue();
        assertThat(ownZombie.isValid(5)).isFalse();
        assertThat(ownZombieElsewhere.isValid(5)).isFalse();
        assertThat(other.isValid(5)).as("the more specific account's connection").isTrue();
    }

    /** Through the DataSource: its invocation-end sweep reaps its own account's zombie, never the other's. */
    @Test
    void aDataSourceSweepingAtInvocationEndSparesTheOtherAccount() throws Exception {
        account(OWN_ADDRESS, ownPassword);
        account("%", otherPassword);
        Connection other = open(OTHER_ADDRESS, otherPassword);
        assumeClientHostSeen(other, OTHER_ADDRESS);
        Connection ownZombie = open(OWN_ADDRESS, ownPassword);
        awaitAsleepFor(3, other, ownZombie);
        try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                .jdbcUrl(server.jdbcUrl(db.name()).replace("127.0.0.1", OWN_ADDRESS)).username(user).password(ownPassword)
                .zombieMinTimeout(ONE_SECOND).zombieMaxTimeout(ONE_SECOND).zombieSweepInterval(Duration.ZERO).build()) {
            try (Connection lease = dataSource.getConnection()) {
                TestDatabase.queryLong(lease, "SELECT 1");
            }
            dataSource.endInvocation();

            assertThat(dataSource.stats().zombiesKilled()).isEqualTo(1);
        }
        assertThat(ownZombie.isValid(5)).isFalse();
        assertThat(other.isValid(5)).isTrue();
    }

    private String account(String host, String password) throws SQLException {
        String account = "'" + user + "'@'" + host + "'";
        admin("CREATE USER " + account + " IDENTIFIED BY '" + password + "'");
        admin("GRANT ALL ON `" + db.name() + "`.* TO " + account);
        accounts.add(account);
        return account;
    }

    private ZombieReaper reaper(String password) {
        ServerlessMySqlConfig config = ServerlessMySqlConfig.builder().jdbcUrl(server.jdbcUrl(db.name())).username(user)
                .password(password).zombieMinTimeout(ONE_SECOND).zombieMaxTimeout(ONE_SECOND).buildConfig();
        return new ZombieReaper(config, new Counters(), new Events(List.of()));
    }

    /** A connection of the user name whose client end is bound to {@code address}. */
    private Connection open(String address, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("localSocketAddress", address);
        Connection connection = DriverManager.getConnection(server.jdbcUrl(db.name()), properties);
        opened.add(connection);
        return connection;
    }

    /** The server sees the client host the test chose (not so behind Docker's port mapping): else skipped. */
    private void assumeClientHostSeen(Connection connection, String address) throws SQLException {
        long id = TestDatabase.connectionId(connection);
        try (Connection admin = server.adminConnection()) {
            String host = TestDatabase.queryString(admin, "SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = " + id);
            Assumptions.assumeTrue(host.startsWith(address + ":"), () -> "the server sees client host " + host
                    + ", not " + address + ": it must resolve no names and see loopback clients directly");
        }
    }

    private void awaitAsleepFor(long seconds, Connection... connections) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (Connection connection : connections) {
            ids.add(TestDatabase.connectionId(connection));
        }
        ZombieIdentityIT.awaitAsleepFor(server, ids, seconds);
    }

    private void admin(String sql) throws SQLException {
        try (Connection admin = server.adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
