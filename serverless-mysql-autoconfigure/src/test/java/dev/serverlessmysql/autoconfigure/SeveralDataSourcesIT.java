package dev.serverlessmysql.autoconfigure;

import java.util.function.Function;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two databases, each with its own user and its own serverless DataSource built by the
 * application, against the real server: a function uses both; each gets the start-up check, an
 * {@code endInvocation()} per call, its own health check and its own meters.
 */
@SpringBootTest(properties = { "management.endpoint.health.show-details=always",
        "management.endpoint.health.show-components=always" })
class SeveralDataSourcesIT {

    private static final TestDatabase ordersDb = MySqlTestServer.get().createDatabase("orders");
    private static final TestDatabase reportsDb = MySqlTestServer.get().createDatabase("reports");

    @AfterAll
    static void dropDatabases() {
        ordersDb.close();
        reportsDb.close();
    }

    @Autowired
    @Qualifier("orders")
    private ServerlessMySqlDataSource orders;

    @Autowired
    @Qualifier("reports")
    private ServerlessMySqlDataSource reports;

    @Autowired
    private FunctionCatalog functions;

    @Autowired
    private HealthEndpoint health;

    @Autowired
    private MeterRegistry meters;

    @Test
    void eachDataSourceServesItsDatabaseAndEndsEveryInvocation() {
        // Start-up work opened a connection on each; both were checked once the application was ready.
        assertThat(orders.stats().housekeepingStatements()).isPositive();
        assertThat(reports.stats().housekeepingStatements()).isPositive();

        FunctionInvocationWrapper databases = functions.lookup("databases");
        for (int i = 0; i < 3; i++) {
            Object result = databases.apply(MessageBuilder.withPayload("x").build());
            assertThat(result).hasToString(ordersDb.name() + "," + reportsDb.name());
        }
        assertThat(orders.stats().invocationsEnded()).isEqualTo(3);
        assertThat(reports.stats().invocationsEnded()).isEqualTo(3);
        assertThat(orders.stats().connectionsOpened()).isEqualTo(1);
        assertThat(reports.stats().connectionsOpened()).isEqualTo(1);
        assertThat(ordersDb.threads()).hasSize(1);
        assertThat(reportsDb.threads()).hasSize(1);

        assertThat(meters.get("serverless.mysql.invocations.ended").tag("name", "orders").functionCounter().count())
                .isEqualTo(3);
        assertThat(meters.get("serverless.mysql.invocations.ended").tag("name", "reports").functionCounter().count())
                .isEqualTo(3);
    }

    @Test
    void eachDataSourceHasItsOwnHealthCheckAndBootsDbCheckIsNotNeeded() {
        CompositeHealthDescriptor overall = (CompositeHealthDescriptor) health.health();
        assertThat(overall.getComponents()).containsKey("serverlessMySql").doesNotContainKey("db");
        CompositeHealthDescriptor serverless = (CompositeHealthDescriptor) overall.getComponents().get("serverlessMySql");
        assertThat(serverless.getComponents()).containsOnlyKeys("orders", "reports");
        assertThat(serverless.getStatus()).isEqualTo(Status.UP);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean(destroyMethod = "close")
        @Primary
        ServerlessMySqlDataSource orders() {
            return ServerlessMySqlDataSource.builder().jdbcUrl(ordersDb.jdbcUrl()).username(ordersDb.username())
                    .password(ordersDb.password()).registerCheckpointHook(false).build();
        }

        @Bean(destroyMethod = "close")
        ServerlessMySqlDataSource reports() {
            return ServerlessMySqlDataSource.builder().jdbcUrl(reportsDb.jdbcUrl()).username(reportsDb.username())
                    .password(reportsDb.password()).registerCheckpointHook(false).build();
        }

        /** Start-up work on both databases, as a migration per database would do. */
        @Bean
        SmartInitializingSingleton warmUp(@Qualifier("orders") ServerlessMySqlDataSource orders,
                @Qualifier("reports") ServerlessMySqlDataSource reports) {
            return () -> {
                JdbcClient.create(orders).sql("SELECT 1").query(Integer.class).single();
                JdbcClient.create(reports).sql("SELECT 1").query(Integer.class).single();
            };
        }

        @Bean
        Function<String, String> databases(@Qualifier("orders") ServerlessMySqlDataSource orders,
                @Qualifier("reports") ServerlessMySqlDataSource reports) {
            JdbcClient ordersJdbc = JdbcClient.create(orders);
            JdbcClient reportsJdbc = JdbcClient.create(reports);
            return (input) -> ordersJdbc.sql("SELECT DATABASE()").query(String.class).single() + ","
                    + reportsJdbc.sql("SELECT DATABASE()").query(String.class).single();
        }
    }
}
