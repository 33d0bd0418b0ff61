package dev.serverlessmysql.samples.recipes.mybatis;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.PortSwitch;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.serverlessmysql.samples.recipes.RecipeSupport.SHORT_LEASE_TIMEOUT;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.assertNoConnectionAtStartUp;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.connection;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.execute;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.start;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/frameworks.md: MyBatis, with its databaseId given rather than asked of the server. */
@MySqlTest
class MyBatisRecipeIT {

    /** The recipe, as docs/frameworks.md gives it. */
    static final String DATABASE_ID = "mybatis.configuration.database-id=mysql";

    @BeforeEach
    void table(TestDatabase db) throws Exception {
        execute(db, "CREATE TABLE IF NOT EXISTS note"
                + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(40) NOT NULL, body VARCHAR(200))");
    }

    @Test
    void startsWithTheDatabaseDownAndUsesTheMySqlStatementsOnceItIsUp(TestDatabase db, MySqlTestServer server)
            throws Exception {
        try (var database = new PortSwitch(server.hostAndPort());
             ConfigurableApplicationContext context = start(MyBatisApplication.class,
                     connection(db, server, database.hostAndPort()), SHORT_LEASE_TIMEOUT, DATABASE_ID)) {
            assertNoConnectionAtStartUp(context);

            database.up();

            Notes notes = context.getBean(Notes.class);
            assertThat(notes.add("ada", "first order")).isOne();
            assertThat(notes.count("ada")).isOne();
            assertThat(notes.statementFor()).isEqualTo("mysql");
        }
    }

    @Test
    void withoutTheDatabaseIdTheGenericStatementsAreUsed(TestDatabase db, MySqlTestServer server) throws Exception {
        try (ConfigurableApplicationContext context = start(MyBatisApplication.class,
                connection(db, server, server.hostAndPort()), SHORT_LEASE_TIMEOUT)) {
            assertNoConnectionAtStartUp(context);
            assertThat(context.getBean(Notes.class).statementFor()).isEqualTo("generic");
        }
    }
}
