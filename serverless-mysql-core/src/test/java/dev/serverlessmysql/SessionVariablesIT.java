package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/**
 * {@code sessionVariables} from the URL and from the driver properties, and the library's
 * {@code wait_timeout}, all apply, whichever driver reads the URL (Connector/J lets a property
 * win over the URL, MariaDB's driver the URL over a property).
 */
@MySqlTest
class SessionVariablesIT {

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql:", "jdbc:mariadb:"})
    void urlAndPropertySessionVariablesAndTheWaitTimeoutAllApply(String driver, TestDatabase db) throws Exception {
        String url = db.jdbcUrl().replace("jdbc:mysql:", driver) + "&sessionVariables=net_read_timeout=55";
        try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(url)
                .username(db.username()).password(db.password())
                .driverProperty("sessionVariables", "net_write_timeout=66")
                .sessionWaitTimeout(java.time.Duration.ofSeconds(77)).build();
             Connection connection = dataSource.getConnection()) {
            assertThat(TestDatabase.queryLong(connection, "SELECT @@SESSION.wait_timeout")).isEqualTo(77);
            assertThat(TestDatabase.queryLong(connection, "SELECT @@SESSION.net_read_timeout")).isEqualTo(55);
            assertThat(TestDatabase.queryLong(connection, "SELECT @@SESSION.net_write_timeout")).isEqualTo(66);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql:", "jdbc:mariadb:"})
    void aWaitTimeoutTheUserSetsInTheUrlWinsOverTheLibrarys(String driver, TestDatabase db) throws Exception {
        String url = db.jdbcUrl().replace("jdbc:mysql:", driver) + "&sessionVariables=wait_timeout=88";
        try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(url)
                .username(db.username()).password(db.password()).build();
             Connection connection = dataSource.getConnection()) {
            assertThat(TestDatabase.queryLong(connection, "SELECT @@SESSION.wait_timeout")).isEqualTo(88);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql:", "jdbc:mariadb:"})
    void withoutUserSettingsTheWaitTimeoutStillApplies(String driver, TestDatabase db) throws Exception {
        String url = db.jdbcUrl().replace("jdbc:mysql:", driver);
        try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(url)
                .username(db.username()).password(db.password()).sessionWaitTimeout(java.time.Duration.ofSeconds(99))
                .build();
             Connection connection = dataSource.getConnection()) {
            assertThat(TestDatabase.queryLong(connection, "SELECT @@SESSION.wait_timeout")).isEqualTo(99);
        }
    }
}
