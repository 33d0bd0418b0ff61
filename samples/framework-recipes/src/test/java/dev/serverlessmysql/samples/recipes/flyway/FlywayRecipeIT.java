package dev.serverlessmysql.samples.recipes.flyway;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.serverlessmysql.samples.recipes.RecipeSupport.connection;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.start;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/frameworks.md: Flyway on Boot 4. */
@MySqlTest
class FlywayRecipeIT {

    @Test
    void migrationsRunAtStartUpOnTheOneConnection(TestDatabase db, MySqlTestServer server) {
        try (ConfigurableApplicationContext context = start(FlywayApplication.class,
                connection(db, server, server.hostAndPort()))) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1").query(Long.class).single())
                    .isEqualTo(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM invoice").query(Long.class).single()).isZero();
            // Flyway connects by design; the connection it used is the container's one.
            assertThat(context.getBean(ServerlessMySqlDataSource.class).stats().connectionsOpened()).isPositive();
        }
    }
}
