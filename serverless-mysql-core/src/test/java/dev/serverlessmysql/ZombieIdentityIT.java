package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Two accounts whose names differ only in case, both with PROCESS and the right to kill anyone's
 * threads (CONNECTION ADMIN on MariaDB): the reaper of one never kills the other's zombies.
 */
@MySqlTest
class ZombieIdentityIT {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private final String suffix = Long.toString(ProcessHandle.current().pid(), 36) + UUID.randomUUID().toString().substring(0, 4);
    private final String lower = "poweruser" + suffix;
    private final String twin = "PowerUser" + suffix;
    private final String password = "pw-" + UUID.randomUUID();
    private final List<Connection> opened = new ArrayList<>();
    private MySqlTestServer server;
    private TestDatabase db;

    @BeforeEach
    void createCaseTwins(TestDatabase db, MySqlTestServer server) throws SQLException {
        this.db = db;
        this.server = server;
        for (String user : List.of(lower, twin)) {
            admin("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
            admin("GRANT PROCESS, " + (server.isMariaDb() ? "CONNECTION ADMIN" : "CONNECTION_ADMIN") + " ON *.* TO '"
                    + user + "'@'%'");
            admin("GRANT ALL ON `" + db.name() + "`.* TO '" + user + "'@'%'");
        }
    }

    @AfterEach
    void dropThem() throws SQLException {
        closeAll(opened);
        for (String user : List.of(lower, twin)) {
            admin("DROP USER IF EXISTS '" + user + "'@'%'");
        }
    }

    @Test
    void theCaseTwinCanKillButItsZombiesAreNeverCandidatesWhileTheOwnUsersAre() throws Exception {
        Connection twinZombie = open(twin);
        Connection ownZombie = open(lower);
        Connection own = open(lower);
        long twinId = TestDatabase.connectionId(twinZombie);
        long ownZombieId = TestDatabase.connectionId(ownZombie);
        awaitAsleep(List.of(twinId, ownZombieId));
        ZombieReaper reaper = reaper();

        // Over the threshold: any candidate asleep for min-timeout, as many as wanted.
        int gone = reaper.killForCapacity(own, 10, Set.of());

        assertThat(gone).isEqualTo(1);
        assertThat(ownZombie.isValid(5)).isFalse();
        assertThat(twinZombie.isValid(5)).as("the case twin's connection").isTrue();
        // The twin may kill; it is the name that keeps it out.
        assertThat(reaper.killingRefused()).isFalse();
    }

    @Test
    void theSweepOfExpiredSleepersSparesTheCaseTwinToo() throws Exception {
        Connection twinZombie = open(twin);
        Connection ownZombie = open(lower);
        Connection own = open(lower);
        awaitAsleep(List.of(TestDatabase.connectionId(twinZombie), TestDatabase.connectionId(ownZombie)));
        awaitAsleepFor(List.of(TestDatabase.connectionId(twinZombie), TestDatabase.connectionId(ownZombie)), 3);

        // Max-timeout 1 s: past it, everything asleep is killed regardless of capacity.
        assertThat(reaper().killExpired(own, Set.of())).isEqualTo(1);

        assertThat(ownZombie.isValid(5)).isFalse();
        assertThat(twinZombie.isValid(5)).isTrue();
    }

    @Test
    void aDataSourceOfTheOneAccountReapsAtInvocationEndWithoutTouchingTheCaseTwin() throws Exception {
        // MariaDB counts max_user_connections for case twins together (found here: the twin's
        // connection takes one of the account's slots), so the limit leaves room for all of them:
        // the twin, 8 own zombies and the lease make 10 of 10; the own ones alone 9 of 10, still
        // over the 0.8 threshold whether or not the usage count includes the twin.
        admin("ALTER USER '" + lower + "'@'%' WITH MAX_USER_CONNECTIONS 10");
        Connection twinZombie = open(twin);
        List<Connection> ownZombies = new ArrayList<>();
        List<Long> asleep = new ArrayList<>(List.of(TestDatabase.connectionId(twinZombie)));
        for (int i = 0; i < 8; i++) {
            Connection zombie = open(lower);
            ownZombies.add(zombie);
            asleep.add(TestDatabase.connectionId(zombie));
        }
        awaitAsleep(asleep);
        try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(db.jdbcUrl())
                .username(lower).password(password).zombieMinTimeout(ONE_SECOND).build()) {
            try (Connection lease = dataSource.getConnection()) {
                TestDatabase.queryLong(lease, "SELECT 1");
            }
            dataSource.endInvocation();

            assertThat(dataSource.stats().zombiesKilled()).isPositive();
            long ownAlive = 0;
            for (Connection zombie : ownZombies) {
                ownAlive += zombie.isValid(5) ? 1 : 0;
            }
            assertThat(ownAlive).isEqualTo(8 - dataSource.stats().zombiesKilled());
            assertThat(twinZombie.isValid(5)).as("the case twin's connection").isTrue();
        }
    }

    /** Closes each, killed or not. */
    static void closeAll(List<Connection> connections) {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // killed
            }
        }
    }

    private ZombieReaper reaper() {
        ServerlessMySqlConfig config = ServerlessMySqlConfig.builder().jdbcUrl(db.jdbcUrl()).username(lower)
                .password(password).zombieMinTimeout(ONE_SECOND).zombieMaxTimeout(ONE_SECOND).buildConfig();
        return new ZombieReaper(config, new Counters(), new Events(List.of()));
    }

    private Connection open(String user) throws SQLException {
        Connection connection = server.connect(db.name(), user, password);
        opened.add(connection);
        return connection;
    }

    private void awaitAsleep(List<Long> ids) {
        awaitAsleepFor(ids, 1);
    }

    private void awaitAsleepFor(List<Long> ids, long seconds) {
        awaitAsleepFor(server, ids, seconds);
    }

    /** Threads of any user asleep this long, as the administrator sees them. */
    static void awaitAsleepFor(MySqlTestServer server, List<Long> ids, long seconds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds + 20).toNanos();
        String sql = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND = 'Sleep' AND TIME >= "
                + seconds + " AND ID IN (" + String.join(",", ids.stream().map(String::valueOf).toList()) + ")";
        while (true) {
            try (Connection admin = server.adminConnection()) {
                if (TestDatabase.queryLong(admin, sql) == ids.size()) {
                    return;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Threads " + ids + " not asleep " + seconds + " s");
            }
            HousekeepingFixture.sleep(Duration.ofMillis(200));
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection admin = server.adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
