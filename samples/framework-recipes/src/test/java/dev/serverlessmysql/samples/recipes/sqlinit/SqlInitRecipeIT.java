package dev.serverlessmysql.samples.recipes.sqlinit;

import java.sql.Connection;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.PortSwitch;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.serverlessmysql.samples.recipes.RecipeSupport.SHORT_LEASE_TIMEOUT;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.assertNoConnectionAtStartUp;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.connection;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.start;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/frameworks.md: spring.sql.init. */
@MySqlTest
class SqlInitRecipeIT {

    private static final String SCRIPTS = "spring.sql.init.schema-locations=classpath:recipes/schema.sql";

    @BeforeEach
    void noTableYet(TestDatabase db) throws Exception {
        try (Connection connection = db.connect()) {
            TestDatabase.execute(connection, "DROP TABLE IF EXISTS shipment");
        }
    }

    @Test
    void withTheDefaultModeScriptsDoNotRunAndStartUpDoesNotConnectToFindThatOut(TestDatabase db,
            MySqlTestServer server) throws Exception {
        try (PortSwitch database = new PortSwitch(server.hostAndPort());
             ConfigurableApplicationContext context = start(SqlInitApplication.class,
                     connection(db, server, database.hostAndPort()), SCRIPTS, SHORT_LEASE_TIMEOUT)) {
            assertNoConnectionAtStartUp(context);
            database.up();
            assertThat(tables(context, "shipment")).isZero();
        }
    }

    @Test
    void modeAlwaysRunsTheScriptsAtStartUp(TestDatabase db, MySqlTestServer server) {
        try (ConfigurableApplicationContext context = start(SqlInitApplication.class,
                connection(db, server, server.hostAndPort()), SCRIPTS, "spring.sql.init.mode=always")) {
            assertThat(tables(context, "shipment")).isOne();
        }
    }

    private static long tables(ConfigurableApplicationContext context, String name) {
        return context.getBean(JdbcClient.class)
                .sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?")
                .param(name).query(Long.class).single();
    }
}
