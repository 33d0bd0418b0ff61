package dev.serverlessmysql.autoconfigure.health;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Health from the DataSource's state, with no server: an unknown host fails at once. */
class ServerlessMySqlHealthIndicatorTests {

    @Test
    void upBeforeTheFirstConnectionDownWhileTheLastConnectFailedAndDownWhenClosed() {
        ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                .jdbcUrl("jdbc:mysql://no-such-host.invalid:3306/app").username("app").password("hunter2")
                .registerCheckpointHook(false).build();
        ServerlessMySqlHealthIndicator indicator = new ServerlessMySqlHealthIndicator(dataSource);

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

        assertThatThrownBy(dataSource::getConnection).isInstanceOf(java.sql.SQLException.class);
        Health failed = indicator.health();
        assertThat(failed.getStatus()).isEqualTo(Status.DOWN);
        assertThat(failed.getDetails()).containsEntry("lastConnectFailed", true);
        assertThat(failed.getDetails().toString()).doesNotContain("hunter2");

        dataSource.close();
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }
}
