package dev.serverlessmysql.autoconfigure.health;

import java.sql.SQLException;

import javax.sql.DataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class ServerlessMySqlHealthAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    ServerlessMySqlHealthAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    DataSourceHealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                    "spring.datasource.username=orders");

    @Test
    void ourIndicatorReplacesBootsDbIndicatorWhichWouldOpenAConnection() {
        runner.run((context) -> {
            assertThat(context.getBeansOfType(HealthContributor.class)).containsOnlyKeys("serverlessMySqlHealthIndicator");
            assertThat(context).doesNotHaveBean(DataSourceHealthIndicator.class);
            assertThat(registry(context).getContributor("serverlessMySql")).isInstanceOf(ServerlessMySqlHealthIndicator.class);
            assertThat(registry(context).getContributor("db")).isNull();
        });
    }

    @Test
    void applicationDataSourceKeepsBootsDbIndicator() {
        runner.withBean(DataSource.class, SimpleDriverDataSource::new).run((context) -> {
            assertThat(context).doesNotHaveBean(ServerlessMySqlHealthIndicator.class);
            assertThat(context).hasBean("dbHealthContributor");
        });
    }

    @Test
    void indicatorCanBeTurnedOffLikeBootsOwn() {
        runner.withPropertyValues("management.health.serverless-mysql.enabled=false")
                .run((context) -> assertThat(context).doesNotHaveBean(ServerlessMySqlHealthIndicator.class));
    }

    @Test
    void primaryServerlessDataSourceBesideAnotherKeepsBothChecks() {
        runner.withUserConfiguration(PrimaryServerlessAndOther.class).run((context) -> {
            HealthContributorRegistry registry = registry(context);
            ServerlessMySqlDataSource orders = context.getBean("orders", ServerlessMySqlDataSource.class);
            HealthIndicator serverless = (HealthIndicator) registry.getContributor("serverlessMySql");
            assertThat(serverless).isInstanceOf(ServerlessMySqlHealthIndicator.class);
            assertThat(serverless.health().getDetails()).containsEntry("server", orders.config().serverAddress());

            // Boot's kind of check, for the other DataSource only: it reaches that one.
            HealthIndicator db = (HealthIndicator) registry.getContributor("db");
            assertThat(db).isInstanceOf(DataSourceHealthIndicator.class);
            Health health = db.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            verify(context.getBean("reports", DataSource.class)).getConnection();
            assertThat(orders.stats().connectionsOpened()).isZero();
            assertThat(orders.stats().connectFailures()).isZero();
        });
    }

    @Test
    void twoServerlessDataSourcesGetACheckEachAndNoConnectionOpeningOne() {
        runner.withUserConfiguration(TwoServerless.class).run((context) -> {
            HealthContributorRegistry registry = registry(context);
            assertThat(registry.getContributor("db")).isNull();
            CompositeHealthContributor serverless = (CompositeHealthContributor) registry.getContributor("serverlessMySql");
            assertThat(serverless.stream().map(HealthContributors.Entry::name)).containsExactlyInAnyOrder("orders",
                    "ordersReadOnly");
            context.getBean("ordersReadOnly", ServerlessMySqlDataSource.class).close();
            assertThat(((HealthIndicator) serverless.getContributor("orders")).health().getStatus()).isEqualTo(Status.UP);
            assertThat(((HealthIndicator) serverless.getContributor("ordersReadOnly")).health().getStatus())
                    .isEqualTo(Status.DOWN);
        });
    }

    private static HealthContributorRegistry registry(AssertableApplicationContext context) {
        return context.getBean(HealthContributorRegistry.class);
    }

    static ServerlessMySqlDataSource serverless(String database, String user) {
        return ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://" + database + ".example:3306/" + database)
                .username(user).registerCheckpointHook(false).build();
    }

    @Configuration(proxyBeanMethods = false)
    static class PrimaryServerlessAndOther {

        @Bean(destroyMethod = "close")
        @Primary
        ServerlessMySqlDataSource orders() {
            return serverless("orders", "orders");
        }

        @Bean
        DataSource reports() throws SQLException {
            DataSource reports = mock(DataSource.class);
            given(reports.getConnection()).willThrow(new SQLException("reports is down"));
            return reports;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoServerless {

        @Bean(destroyMethod = "close")
        @Primary
        ServerlessMySqlDataSource orders() {
            return serverless("orders", "orders");
        }

        @Bean(destroyMethod = "close")
        ServerlessMySqlDataSource ordersReadOnly() {
            return serverless("orders", "orders_ro");
        }
    }
}
