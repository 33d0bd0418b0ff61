package dev.serverlessmysql;

import static dev.serverlessmysql.LeaseIT.builderFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

@MySqlTest
class ThawIT {

    @Test
    void aConnectionKilledWhileIdleIsReplacedOnTheNextLeaseWithoutAnException(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = builderFor(db).thawThreshold(Duration.ofMillis(100))
                .listener(listener).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
            }
            db.killThread(first);
            db.awaitThreadGone(first);
            Thread.sleep(150); // idle past the thaw threshold

            long second;
            try (Connection connection = dataSource.getConnection()) {
                second = TestDatabase.connectionId(connection);
            }

            assertThat(second).isNotEqualTo(first);
            assertThat(dataSource.stats().thaws()).isEqualTo(1);
            assertThat(dataSource.stats().thawFailures()).isEqualTo(1);
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(2);
            assertThat(listener.events).containsSubsequence("thaw false", "released DEAD_ON_THAW", "connected 1");
        }
    }

    @Test
    void aLiveConnectionSurvivesTheThawCheck(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = builderFor(db).thawThreshold(Duration.ofMillis(100))
                .listener(listener).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
            }
            Thread.sleep(150);
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(connection)).isEqualTo(first);
            }
            assertThat(dataSource.stats().thaws()).isEqualTo(1);
            assertThat(dataSource.stats().thawFailures()).isZero();
            assertThat(listener.events).contains("thaw true");
        }
    }

    @Test
    void leasesInQuickSuccessionSkipTheThawCheck(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).thawThreshold(Duration.ofSeconds(2)).build()) {
            for (int i = 0; i < 20; i++) {
                try (Connection connection = dataSource.getConnection()) {
                    TestDatabase.connectionId(connection);
                }
            }
            assertThat(dataSource.stats().thaws()).isZero();
        }
    }

    @Test
    void aSessionIdlePastItsWaitTimeoutIsReplacedWithoutAFailedStatement(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).sessionWaitTimeout(Duration.ofSeconds(1)).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
                assertThat(TestDatabase.queryLong(connection, "SELECT @@SESSION.wait_timeout")).isEqualTo(1);
            }
            // The server itself closes the session after wait_timeout.
            db.awaitThreadGone(first);
            Thread.sleep(1100);

            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(connection)).isNotEqualTo(first);
                assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
            }
            assertThat(dataSource.stats().thawFailures()).isEqualTo(1);
        }
    }

    @Test
    void theSessionWaitTimeoutIsSetOnConnectAndZeroLeavesTheServers(TestDatabase db) throws Exception {
        long global = Long.parseLong(db.server().readGlobal("wait_timeout"));
        try (ServerlessMySqlDataSource defaults = builderFor(db).build();
             Connection connection = defaults.getConnection()) {
            assertThat(TestDatabase.queryLong(connection, "SELECT @@SESSION.wait_timeout")).isEqualTo(15 * 60);
        }
        try (ServerlessMySqlDataSource explicit = builderFor(db).zombieMaxTimeout(Duration.ofMinutes(20)).build();
             Connection connection = explicit.getConnection()) {
            assertThat(TestDatabase.queryLong(connection, "SELECT @@SESSION.wait_timeout")).isEqualTo(20 * 60);
        }
        try (ServerlessMySqlDataSource serverValue = builderFor(db).sessionWaitTimeout(Duration.ZERO).build();
             Connection connection = serverValue.getConnection()) {
            assertThat(TestDatabase.queryLong(connection, "SELECT @@SESSION.wait_timeout")).isEqualTo(global);
        }
    }
}
