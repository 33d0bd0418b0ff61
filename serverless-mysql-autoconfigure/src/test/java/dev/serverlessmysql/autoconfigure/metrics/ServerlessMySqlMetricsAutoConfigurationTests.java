package dev.serverlessmysql.autoconfigure.metrics;

import java.util.List;

import javax.sql.DataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The meters' auto-configuration, by context runner as Boot tests its pools' metrics. */
class ServerlessMySqlMetricsAutoConfigurationTests {

    private static final List<String> COUNTERS = List.of("serverless.mysql.connections.opened",
            "serverless.mysql.connect.retries", "serverless.mysql.connect.failures", "serverless.mysql.leases",
            "serverless.mysql.lease.timeouts", "serverless.mysql.connections.nested", "serverless.mysql.thaws",
            "serverless.mysql.thaw.failures", "serverless.mysql.connections.broken", "serverless.mysql.invocations.ended",
            "serverless.mysql.housekeeping.statements", "serverless.mysql.housekeeping.failures",
            "serverless.mysql.zombies.killed", "serverless.mysql.kills.failed", "serverless.mysql.released.under.pressure");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    ServerlessMySqlMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("management.metrics.use-global-registry=false",
                    "spring.datasource.url=jdbc:mysql://db.example:3306/orders", "spring.datasource.username=orders");

    @Test
    void everyMeterIsRegisteredTaggedWithTheDataSourceName() {
        runner.run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            COUNTERS.forEach((name) -> assertThat(registry.find(name).tag("name", "dataSource").functionCounter())
                    .as(name).isNotNull());
            assertThat(registry.find("serverless.mysql.utilization").tag("name", "dataSource").gauge()).isNotNull();
            assertThat(registry.find("serverless.mysql.connected").tag("name", "dataSource").gauge()).isNotNull();
        });
    }

    @Test
    void metersFollowStats() {
        runner.run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            ServerlessMySqlDataSource dataSource = context.getBean(ServerlessMySqlDataSource.class);
            assertThat(registry.get("serverless.mysql.invocations.ended").functionCounter().count()).isZero();
            // Without a connection, endInvocation() only counts: no server is needed.
            dataSource.endInvocation();
            dataSource.endInvocation();
            assertThat(registry.get("serverless.mysql.invocations.ended").functionCounter().count())
                    .isEqualTo(dataSource.stats().invocationsEnded()).isEqualTo(2);
            assertThat(registry.get("serverless.mysql.connected").gauge().value()).isZero();
            assertThat(registry.get("serverless.mysql.utilization").gauge().value()).isNaN();
        });
    }

    @Test
    void noMetersWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class)).run((context) -> {
            assertThat(context).hasNotFailed().hasSingleBean(ServerlessMySqlDataSource.class);
            assertThat(context).doesNotHaveBean(ServerlessMySqlDataSourcesMeterBinder.class);
        });
    }

    @Test
    void noMetersWithoutAServerlessDataSource() {
        runner.withBean(DataSource.class, SimpleDriverDataSource::new).run((context) -> {
            assertThat(context).doesNotHaveBean(ServerlessMySqlDataSourcesMeterBinder.class);
            assertThat(context.getBean(MeterRegistry.class).find("serverless.mysql.leases").meters()).isEmpty();
        });
    }

    @Test
    void eachOfSeveralServerlessDataSourcesHasItsOwnMeters() {
        runner.withUserConfiguration(TwoDatabases.class).run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean("ordersDataSource", ServerlessMySqlDataSource.class).endInvocation();
            assertThat(registry.get("serverless.mysql.invocations.ended").tag("name", "orders").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("serverless.mysql.invocations.ended").tag("name", "reports").functionCounter().count())
                    .isZero();
        });
    }

    @Test
    void applicationBinderReplacesOurs() {
        runner.withBean("myBinder", ServerlessMySqlMeterBinder.class,
                () -> new ServerlessMySqlMeterBinder(
                        ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example/x").username("x").build()))
                .run((context) -> assertThat(context).doesNotHaveBean(ServerlessMySqlDataSourcesMeterBinder.class));
    }

    @Test
    void beanNamesBecomeMeterNamesAsBootNamesPools() {
        assertThat(ServerlessMySqlDataSourcesMeterBinder.name("dataSource")).isEqualTo("dataSource");
        assertThat(ServerlessMySqlDataSourcesMeterBinder.name("ordersDataSource")).isEqualTo("orders");
        assertThat(ServerlessMySqlDataSourcesMeterBinder.name("reports")).isEqualTo("reports");
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDatabases {

        @Bean(destroyMethod = "close")
        @Primary
        ServerlessMySqlDataSource ordersDataSource() {
            return ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example:3306/orders").username("orders")
                    .registerCheckpointHook(false).build();
        }

        @Bean(destroyMethod = "close")
        ServerlessMySqlDataSource reports() {
            return ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example:3306/reports")
                    .username("reports").registerCheckpointHook(false).build();
        }
    }
}
