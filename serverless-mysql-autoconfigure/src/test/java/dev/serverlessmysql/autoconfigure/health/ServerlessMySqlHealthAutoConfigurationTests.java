package dev.serverlessmysql.autoconfigure.health;

import javax.sql.DataSource;

import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class ServerlessMySqlHealthAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    ServerlessMySqlHealthAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    DataSourceHealthContributorAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                    "spring.datasource.username=orders");

    @Test
    void ourIndicatorReplacesBootsDbIndicatorWhichWouldOpenAConnection() {
        runner.run((context) -> {
            assertThat(context.getBeansOfType(HealthContributor.class)).containsOnlyKeys("serverlessMySqlHealthIndicator");
            assertThat(context).doesNotHaveBean(DataSourceHealthIndicator.class);
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
}
