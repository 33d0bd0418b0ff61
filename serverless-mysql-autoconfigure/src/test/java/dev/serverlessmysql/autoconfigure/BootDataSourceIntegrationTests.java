package dev.serverlessmysql.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.function.EndInvocationFunctionAroundWrapper;
import dev.serverlessmysql.autoconfigure.function.ServerlessMySqlFunctionAutoConfiguration;
import dev.serverlessmysql.autoconfigure.health.ServerlessMySqlHealthAutoConfiguration;
import dev.serverlessmysql.autoconfigure.health.ServerlessMySqlHealthIndicator;
import dev.serverlessmysql.autoconfigure.metrics.ServerlessMySqlMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.HikariCheckpointRestoreLifecycle;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The starter next to what Spring Boot itself applies to a DataSource: {@code connection-fetch=lazy}
 * (Boot 4.1), Boot's checkpoint/restore lifecycle for pools, Boot's pool meters
 * ({@code jdbc.connections.*}). None of them may hide the serverless DataSource from the starter, or
 * treat it as a pool it is not.
 */
class BootDataSourceIntegrationTests {

    private static final List<String> BOOT_POOL_METERS = List.of("jdbc.connections.active", "jdbc.connections.idle",
            "jdbc.connections.max", "jdbc.connections.min");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, ServerlessMySqlFunctionAutoConfiguration.class,
                    ContextFunctionCatalogAutoConfiguration.class, ServerlessMySqlHealthAutoConfiguration.class,
                    DataSourceHealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                    ServerlessMySqlMetricsAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("management.metrics.use-global-registry=false",
                    "spring.datasource.url=jdbc:mysql://db.example:3306/orders", "spring.datasource.username=orders",
                    "serverless.mysql.max-connections-per-environment=4");

    @Test
    void withLazyConnectionFetchTheDataSourceBeanIsALazyProxyOfOursThatOpensNothing() {
        runner.withPropertyValues("spring.datasource.connection-fetch=lazy").run((context) -> {
            DataSource bean = context.getBean("dataSource", DataSource.class);
            assertThat(bean).isInstanceOf(LazyConnectionDataSourceProxy.class);
            ServerlessMySqlDataSource serverless = bean.unwrap(ServerlessMySqlDataSource.class);
            assertThat(serverless.config().jdbcUrl()).isEqualTo("jdbc:mysql://db.example:3306/orders");
            assertThat(context.getBean(JdbcTemplate.class).getDataSource()).isSameAs(bean);
            assertThat(serverless.stats().connectionsOpened()).isZero();
        });
    }

    @Test
    void withLazyConnectionFetchTheInvocationHookHealthMetricsAndCheckpointsStillFindOurDataSource() {
        runner.withPropertyValues("spring.datasource.connection-fetch=lazy").run((context) -> {
            ServerlessMySqlDataSource serverless = context.getBean(DataSource.class).unwrap(ServerlessMySqlDataSource.class);
            assertThat(((EndInvocationFunctionAroundWrapper) context.getBean(FunctionAroundWrapper.class)).getDataSources())
                    .containsExactly(serverless);
            // Ours replaces Boot's db check, which would open a connection.
            assertThat(context.getBeansOfType(HealthContributor.class)).containsOnlyKeys("serverlessMySqlHealthIndicator");
            assertThat(context).hasSingleBean(ServerlessMySqlHealthIndicator.class);
            assertThat(context).doesNotHaveBean(DataSourceHealthIndicator.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("serverless.mysql.connected").tag("name", "dataSource").gauge()).isNotNull();
            BOOT_POOL_METERS.forEach((name) -> assertThat(registry.find(name).tag("name", "dataSource").gauge())
                    .as(name).isNotNull());
            assertThat(context.getBean(ServerlessMySqlCheckpointLifecycleRegistry.class).getLifecycles())
                    .extracting(ServerlessMySqlCheckpointLifecycle::getDataSource).containsExactly(serverless);
            assertThat(serverless.stats().connectionsOpened()).isZero();
        });
    }

    @Test
    void withLazyConnectionFetchClosingTheContextClosesOurDataSource() {
        List<ServerlessMySqlDataSource> seen = new ArrayList<>();
        runner.withPropertyValues("spring.datasource.connection-fetch=lazy")
                .run((context) -> seen.add(context.getBean(DataSource.class).unwrap(ServerlessMySqlDataSource.class)));
        assertThat(seen).singleElement().satisfies((dataSource) -> assertThat(dataSource.isClosed()).isTrue());
    }

    @Test
    void bootsPoolMetersDescribeOurDataSourceBesideOurOwnWithoutOpeningAConnection() {
        runner.run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            ServerlessMySqlDataSource serverless = context.getBean(ServerlessMySqlDataSource.class);
            assertThat(registry.get("jdbc.connections.max").tag("name", "dataSource").gauge().value()).isEqualTo(4);
            assertThat(registry.get("jdbc.connections.min").tag("name", "dataSource").gauge().value()).isZero();
            assertThat(registry.get("jdbc.connections.active").tag("name", "dataSource").gauge().value()).isZero();
            assertThat(registry.get("jdbc.connections.idle").tag("name", "dataSource").gauge().value()).isZero();
            assertThat(registry.find("serverless.mysql.leases").tag("name", "dataSource").functionCounter()).isNotNull();
            assertThat(serverless.stats().connectionsOpened()).isZero();
        });
    }

    /**
     * HikariCP on the class path (another starter brought it) and CRaC: Boot registers its Hikari
     * lifecycle for the single DataSource, which must leave ours alone, while the starter's own lifecycle
     * prepares ours for the checkpoint once and tells it about the restore once.
     */
    @Test
    void bootsHikariCheckpointLifecycleLeavesOursAloneAndOursRunsOncePerCheckpoint() {
        runner.withUserConfiguration(SpiedDataSource.class).run((context) -> {
            assertThat(context).hasSingleBean(HikariCheckpointRestoreLifecycle.class);
            ServerlessMySqlDataSource dataSource = context.getBean(ServerlessMySqlDataSource.class);
            context.stop();
            verify(dataSource, times(1)).beforeCheckpoint();
            assertThat(dataSource.isClosed()).isFalse();
            context.start();
            verify(dataSource, times(1)).afterRestore();
            assertThat(context.getBean(HikariCheckpointRestoreLifecycle.class).isRunning()).isFalse();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class SpiedDataSource {

        @Bean(destroyMethod = "close")
        ServerlessMySqlDataSource dataSource() {
            return spy(ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example:3306/orders")
                    .username("orders").registerCheckpointHook(false).build());
        }
    }
}
