package dev.serverlessmysql.autoconfigure;

import javax.sql.DataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serverless DataSources are found at start-up wherever they come from, and each takes part
 * in the lifecycle; no configuration order matters.
 */
class ServerlessMySqlCheckpointLifecycleRegistryTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class));

    @Test
    void everyServerlessDataSourceOfTheApplicationIsFoundOnceAlsoBehindAWrapperOrTwo() {
        runner.withUserConfiguration(SeveralDataSources.class).run((context) -> {
            assertThat(context).doesNotHaveBean("dataSource");
            ServerlessMySqlCheckpointLifecycleRegistry registry = context
                    .getBean(ServerlessMySqlCheckpointLifecycleRegistry.class);
            assertThat(registry.getLifecycles()).extracting(ServerlessMySqlCheckpointLifecycle::getDataSource)
                    .containsExactlyInAnyOrder(context.getBean("orders", ServerlessMySqlDataSource.class),
                            context.getBean("reports", ServerlessMySqlDataSource.class),
                            context.getBean("audit", DelegatingDataSource.class)
                                    .unwrap(ServerlessMySqlDataSource.class));
        });
    }

    @Test
    void contextStopAndStartReachEveryDataSource() {
        runner.withUserConfiguration(SeveralDataSources.class).run((context) -> {
            ServerlessMySqlCheckpointLifecycleRegistry registry = context
                    .getBean(ServerlessMySqlCheckpointLifecycleRegistry.class);
            assertThat(registry.isRunning()).isTrue();
            context.stop();
            assertThat(registry.getLifecycles()).hasSize(3).noneMatch(ServerlessMySqlCheckpointLifecycle::isRunning);
            assertThat(registry.isRunning()).isFalse();
            context.start();
            assertThat(registry.getLifecycles()).allMatch(ServerlessMySqlCheckpointLifecycle::isRunning);
        });
    }

    @Test
    void noServerlessDataSourceNoLifecycle() {
        runner.withBean(DataSource.class, SimpleDriverDataSource::new).run((context) -> assertThat(
                context.getBean(ServerlessMySqlCheckpointLifecycleRegistry.class).getLifecycles()).isEmpty());
    }

    @Configuration(proxyBeanMethods = false)
    static class SeveralDataSources {

        @Bean(destroyMethod = "close")
        @Primary
        ServerlessMySqlDataSource orders() {
            return build("orders");
        }

        @Bean(destroyMethod = "close")
        ServerlessMySqlDataSource reports() {
            return build("reports");
        }

        @Bean
        DataSource audit() {
            return new DelegatingDataSource(build("audit"));
        }

        /** A second bean leading to orders: orders still takes part once. */
        @Bean
        DataSource ordersProxy(ServerlessMySqlDataSource orders) {
            return new DelegatingDataSource(orders);
        }

        @Bean
        DataSource plain() {
            return new SimpleDriverDataSource();
        }

        static ServerlessMySqlDataSource build(String database) {
            return ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example:3306/" + database)
                    .username(database).registerCheckpointHook(false).build();
        }
    }
}
