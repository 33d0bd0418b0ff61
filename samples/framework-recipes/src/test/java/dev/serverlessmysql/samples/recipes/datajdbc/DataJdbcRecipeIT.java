package dev.serverlessmysql.samples.recipes.datajdbc;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.PortSwitch;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.core.dialect.JdbcMariaDbDialect;
import org.springframework.data.jdbc.core.dialect.JdbcMySqlDialect;

import static dev.serverlessmysql.samples.recipes.RecipeSupport.SHORT_LEASE_TIMEOUT;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.assertNoConnectionAtStartUp;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.connection;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.execute;
import static dev.serverlessmysql.samples.recipes.RecipeSupport.start;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/frameworks.md: Spring Data JDBC. */
@MySqlTest
class DataJdbcRecipeIT {

    @BeforeEach
    void table(TestDatabase db) throws Exception {
        execute(db, "CREATE TABLE IF NOT EXISTS customer_order"
                + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(40) NOT NULL)");
    }

    @Test
    void startsWithTheDatabaseDownAndWorksOnceItIsUp(TestDatabase db, MySqlTestServer server) throws Exception {
        try (var database = new PortSwitch(server.hostAndPort());
             ConfigurableApplicationContext context = start(DataJdbcApplication.class,
                     connection(db, server, database.hostAndPort()), SHORT_LEASE_TIMEOUT)) {
            assertNoConnectionAtStartUp(context);
            assertThat(context.getBean(JdbcDialect.class)).isInstanceOf(JdbcMySqlDialect.class);

            database.up();

            CustomerOrders orders = context.getBean(CustomerOrders.class);
            orders.save(new CustomerOrder(null, "ada"));
            assertThat(orders.findByCustomer("ada")).singleElement()
                    .satisfies((order) -> assertThat(order.id()).isPositive());
        }
    }

    @Test
    void theDialectPropertyIsHonouredWithoutAConnection(TestDatabase db, MySqlTestServer server) throws Exception {
        try (var database = new PortSwitch(server.hostAndPort());
             ConfigurableApplicationContext context = start(DataJdbcApplication.class,
                     connection(db, server, database.hostAndPort()), SHORT_LEASE_TIMEOUT,
                     "spring.data.jdbc.dialect=maria")) {
            assertNoConnectionAtStartUp(context);
            assertThat(context.getBean(JdbcDialect.class)).isInstanceOf(JdbcMariaDbDialect.class);
        }
    }
}
