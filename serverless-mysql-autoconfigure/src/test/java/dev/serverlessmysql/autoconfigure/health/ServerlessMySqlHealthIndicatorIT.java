package dev.serverlessmysql.autoconfigure.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.PortSwitch;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Health against a real server: DOWN while the last connect failed, UP again after a good one. */
@MySqlTest
class ServerlessMySqlHealthIndicatorIT {

    @Test
    void healthIsBackUpAfterAConnectSucceeds(TestDatabase db, MySqlTestServer server) throws Exception {
        // The switch refuses connects until it is up, as a restarting server does.
        try (PortSwitch address = new PortSwitch(server.hostAndPort());
             ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                     .jdbcUrl(db.jdbcUrl().replace(server.hostAndPort(), address.hostAndPort()))
                     .username(db.username()).password(db.password()).leaseTimeout(Duration.ofSeconds(1))
                     .registerCheckpointHook(false).build()) {
            ServerlessMySqlHealthIndicator indicator = new ServerlessMySqlHealthIndicator(dataSource);
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);

            address.up();
            try (Connection connection = dataSource.getConnection()) {
                assertThat(connection.isValid(5)).isTrue();
            }

            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            assertThat(indicator.health().getDetails()).containsEntry("lastConnectFailed", false);
        }
    }
}
