package dev.serverlessmysql.samples.recipes.jpa;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.PortSwitch;
import dev.serverlessmysql.test.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.serverlessmysql.samples.recipes.RecipeSupport.SHORT_LEASE_TIMEOUT;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.assertNoConnectionAtStartUp;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.connection;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.execute;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.start;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/frameworks.md: JPA/Hibernate. */
@MySqlTest
class JpaRecipeIT {

    /** The recipe, as docs/frameworks.md gives it. */
    private static final String[] RECIPE = {
        "spring.jpa.database-platform=org.hibernate.dialect.MySQLDialect",
        "spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false" };

    @BeforeEach
    void table(TestDatabase db) throws Exception {
        execute(db, "CREATE TABLE IF NOT EXISTS customer"
                + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40))");
    }

    @Test
    void startsWithTheDatabaseDownAndWorksOnceItIsUp(TestDatabase db, MySqlTestServer server) throws Exception {
        try (PortSwitch database = new PortSwitch(server.hostAndPort());
             ConfigurableApplicationContext context = start(JpaApplication.class,
                     connection(db, server, database.hostAndPort()), with(RECIPE, SHORT_LEASE_TIMEOUT))) {
            assertNoConnectionAtStartUp(context);
            // Left unset, ddl-auto is "none" for a MySQL DataSource (Boot passes no hbm2ddl.auto then);
            // the starter says so without connecting.
            assertThat(context.getBean(EntityManagerFactory.class).getProperties())
                    .doesNotContainKey("hibernate.hbm2ddl.auto");

            database.up();

            Customers customers = context.getBean(Customers.class);
            customers.save(new Customer("ada"));
            assertThat(customers.findByName("ada")).singleElement()
                    .satisfies((customer) -> assertThat(customer.getId()).isPositive());
        }
    }

    @Test
    void anExplicitDdlAutoIsTheUsers(TestDatabase db, MySqlTestServer server) throws Exception {
        try (ConfigurableApplicationContext context = start(JpaApplication.class,
                connection(db, server, server.hostAndPort()), with(RECIPE, "spring.jpa.hibernate.ddl-auto=validate"))) {
            assertThat(context.getBean(EntityManagerFactory.class).getProperties())
                    .containsEntry("hibernate.hbm2ddl.auto", "validate");
        }
    }

    private static String[] with(String[] recipe, String... more) {
        String[] all = java.util.Arrays.copyOf(recipe, recipe.length + more.length);
        System.arraycopy(more, 0, all, recipe.length, more.length);
        return all;
    }
}
