package dev.serverlessmysql.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

@MySqlTest
class MySqlTestServerIT {

    @Test
    void idleConnectionsShowAsSleepingThreadsOfTheTestUser(TestDatabase db) throws Exception {
        try (IdleConnections zombies = db.openIdleConnections(3)) {
            List<ServerThread> threads = zombies.awaitSleeping(Duration.ofSeconds(1));

            assertThat(threads).hasSize(3).allSatisfy(thread -> {
                assertThat(thread.command()).isEqualTo("Sleep");
                assertThat(thread.timeSeconds()).isGreaterThanOrEqualTo(1);
                assertThat(thread.user()).isEqualTo(db.username());
            });
            assertThat(threads).extracting(ServerThread::id).containsExactlyElementsOf(zombies.threadIds());
        }
    }

    @Test
    void whenMaxConnectionsIsLoweredOneConnectionTooManyFailsWith1040(TestDatabase db, MySqlTestServer server) throws Exception {
        String before = server.readGlobal("max_connections");
        List<IdleConnections> held = new ArrayList<>();
        try (var restore = server.setGlobal("max_connections", 10)) {
            // 11 connections of a user without privileges: at most 10 fit, fewer when other
            // connections hold slots (counting free slots from Threads_connected races with those
            // still going away).
            assertThatThrownBy(() -> held.add(db.openIdleConnections(11)))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1040));
        } finally {
            held.forEach(IdleConnections::close);
        }
        assertThat(server.readGlobal("max_connections")).isEqualTo(before);
    }

    @Test
    void whenTheUserHasAConnectionLimitItsExtraConnectionFailsWith1226(TestDatabase db) throws Exception {
        TestDatabase limited = db.newUser();
        limited.setMaxUserConnections(2);
        try (IdleConnections two = limited.openIdleConnections(2)) {
            assertThatThrownBy(limited::connect)
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isIn(1203, 1226));
        }
    }

    @Test
    void whenTheGlobalUserLimitIsSetTheExtraConnectionFailsWith1203(TestDatabase db, MySqlTestServer server) throws Exception {
        try (var restore = server.setGlobal("max_user_connections", 2);
             IdleConnections two = db.openIdleConnections(2)) {
            assertThatThrownBy(db::connect)
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isIn(1203, 1226));
        }
        assertThat(server.readGlobal("max_user_connections")).isEqualTo("0");
    }

    @Test
    void anotherTestClassCannotSeeOrKillThisClassesConnections(TestDatabase db, MySqlTestServer server) throws Exception {
        try (TestDatabase otherClass = server.createDatabase("OtherClassIT");
             IdleConnections mine = db.openIdleConnections(2);
             Connection other = otherClass.connect();
             Statement statement = other.createStatement()) {
            List<Long> visible = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT ID FROM information_schema.PROCESSLIST")) {
                while (rows.next()) {
                    visible.add(rows.getLong(1));
                }
            }

            assertThat(visible).doesNotContainAnyElementsOf(mine.threadIds()).contains(TestDatabase.connectionId(other));
            assertThatThrownBy(() -> statement.execute("KILL " + mine.threadIds().get(0)))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1095));
            assertThat(db.threads()).extracting(ServerThread::id).containsAll(mine.threadIds());
        }
    }

    @Test
    void releasingIdleConnectionsFreesTheirSlots(TestDatabase db) throws Exception {
        // This user's threads: the server-wide count also moves with other connections going away
        // (and this class's user may still have an earlier test's).
        db.awaitNoThreads();
        try (IdleConnections zombies = db.openIdleConnections(4)) {
            awaitThreads(db, 4);
            zombies.release(3);
            assertThat(zombies.size()).isEqualTo(1);
            awaitThreads(db, 1);
        }
        db.awaitNoThreads();
    }

    private static void awaitThreads(TestDatabase db, int expected) {
        // The server drops a closed connection's thread asynchronously; give it a moment.
        Await.until(expected + " threads of " + db.username(), Duration.ofSeconds(30), () -> db.threads().size() == expected);
    }
}
