package dev.serverlessmysql.samples.recipes.jooq;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.PortSwitch;
import dev.serverlessmysql.test.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.serverlessmysql.samples.recipes.RecipeSupport.SHORT_LEASE_TIMEOUT;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.assertNoConnectionAtStartUp;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.connection;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.execute;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.start;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/frameworks.md: jOOQ. Boot's jOOQ support would connect at start-up to look the dialect up. */
@MySqlTest
class JooqRecipeIT {

    @BeforeEach
    void table(TestDatabase db) throws Exception {
        execute(db, "CREATE TABLE IF NOT EXISTS invoice"
                + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(40) NOT NULL)");
    }

    @Test
    void startsWithTheDatabaseDownWithTheDialectFromTheUrlAndWorksOnceItIsUp(TestDatabase db, MySqlTestServer server)
            throws Exception {
        try (var database = new PortSwitch(server.hostAndPort());
             ConfigurableApplicationContext context = start(JooqApplication.class,
                     connection(db, server, database.hostAndPort()), SHORT_LEASE_TIMEOUT)) {
            assertNoConnectionAtStartUp(context);
            DSLContext jooq = context.getBean(DSLContext.class);
            assertThat(jooq.dialect()).isEqualTo(SQLDialect.MYSQL);

            database.up();

            assertThat(jooq.execute("INSERT INTO invoice (customer) VALUES (?)", "ada")).isOne();
            assertThat(jooq.fetchValue("SELECT COUNT(*) FROM invoice WHERE customer = ?", "ada")).isEqualTo(1L);
        }
    }

    @Test
    void aDialectTheUserSetWins(TestDatabase db, MySqlTestServer server) throws Exception {
        try (var database = new PortSwitch(server.hostAndPort());
             ConfigurableApplicationContext context = start(JooqApplication.class,
                     connection(db, server, database.hostAndPort()), SHORT_LEASE_TIMEOUT,
                     "spring.jooq.sql-dialect=MARIADB")) {
            assertNoConnectionAtStartUp(context);
            assertThat(context.getBean(DSLContext.class).dialect()).isEqualTo(SQLDialect.MARIADB);
        }
    }
}
