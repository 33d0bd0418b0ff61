package dev.serverlessmysql.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.serverlessmysql.ReleaseReason;
import dev.serverlessmysql.ServerlessMySqlConfig;
import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.ServerlessMySqlListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class ServerlessMySqlAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
                    DataSourceInitializationAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                    "spring.datasource.username=orders", "spring.datasource.password=s3cret");

    @Test
    void dataSourceIsServerlessMySqlByDefaultAndDoesNotConnectAtStartUp() {
        runner.run((context) -> {
            assertThat(context).hasSingleBean(DataSource.class);
            ServerlessMySqlDataSource dataSource = context.getBean(ServerlessMySqlDataSource.class);
            assertThat(dataSource.config().jdbcUrl()).isEqualTo("jdbc:mysql://db.example:3306/orders");
            assertThat(dataSource.config().username()).isEqualTo("orders");
            assertThat(dataSource.stats().connectionsOpened()).isZero();
        });
    }

    @Test
    void jdbcTemplateJdbcClientAndTransactionManagerUseTheServerlessDataSource() {
        runner.run((context) -> {
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(context.getBean(JdbcTemplate.class).getDataSource()).isSameAs(dataSource);
            assertThat(context).hasSingleBean(JdbcClient.class);
            assertThat(context.getBean(DataSourceTransactionManager.class).getDataSource()).isSameAs(dataSource);
        });
    }

    @Test
    void dataSourceIsClosedWhenTheContextCloses() {
        List<ServerlessMySqlDataSource> seen = new ArrayList<>();
        runner.run((context) -> seen.add(context.getBean(ServerlessMySqlDataSource.class)));
        assertThat(seen).singleElement().satisfies((dataSource) -> assertThat(dataSource.isClosed()).isTrue());
    }

    @Test
    void userDefinedDataSourceWins() {
        runner.withUserConfiguration(UserDataSourceConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(DataSource.class);
            assertThat(context).doesNotHaveBean(ServerlessMySqlDataSource.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class);
        });
    }

    @Test
    void whenDisabledBootsDefaultPoolIsBack() {
        runner.withPropertyValues("serverless.mysql.enabled=false").run((context) -> {
            assertThat(context).doesNotHaveBean(ServerlessMySqlDataSource.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
        });
    }

    @Test
    void everyPropertyBindsIntoTheBuiltConfig() {
        runner.withPropertyValues("serverless.mysql.connection-utilization=0.65",
                "serverless.mysql.max-connections-cache-ttl=20s", "serverless.mysql.used-connections-cache-ttl=250ms",
                "serverless.mysql.used-connections-cache-ttl-under-half=3s",
                "serverless.mysql.thaw-threshold=500ms", "serverless.mysql.validation-timeout=2s",
                "serverless.mysql.lease-timeout=50ms", "serverless.mysql.connect-timeout=750ms",
                "serverless.mysql.session-wait-timeout=10m", "serverless.mysql.deadline-reserve=400ms",
                "serverless.mysql.lease-leak-stack-trace=true", "serverless.mysql.lambda-shutdown.enabled=false",
                "serverless.mysql.max-connections-per-environment=8",
                "serverless.mysql.retry.max-retries=7", "serverless.mysql.retry.base=5ms",
                "serverless.mysql.retry.cap=2s", "serverless.mysql.housekeeping.enabled=false",
                "serverless.mysql.zombie.min-timeout=4s", "serverless.mysql.zombie.max-timeout=20m",
                "serverless.mysql.zombie.max-kills-per-invocation=3",
                "serverless.mysql.zombie.sweep-interval=5m").run((context) -> {
                    ServerlessMySqlConfig config = context.getBean(ServerlessMySqlDataSource.class).config();
                    assertThat(config.connectionUtilization()).isEqualTo(0.65);
                    assertThat(config.maxConnectionsCacheTtl()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(config.usedConnectionsCacheTtl()).isEqualTo(Duration.ofMillis(250));
                    assertThat(config.usedConnectionsCacheTtlUnderHalf()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(config.thawThreshold()).isEqualTo(Duration.ofMillis(500));
                    assertThat(config.validationTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(config.leaseTimeout()).isEqualTo(Duration.ofMillis(50));
                    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(config.sessionWaitTimeout()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(config.deadlineReserve()).isEqualTo(Duration.ofMillis(400));
                    assertThat(config.maxRetries()).isEqualTo(7);
                    assertThat(config.housekeepingEnabled()).isFalse();
                    assertThat(config.zombieMinTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(config.zombieMaxTimeout()).isEqualTo(Duration.ofMinutes(20));
                    assertThat(config.zombieMaxKillsPerInvocation()).isEqualTo(3);
                    assertThat(config.zombieSweepInterval()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(config.registerCheckpointHook()).isFalse();
                    assertThat(config.captureLeaseStackTraces()).isTrue();
                    assertThat(config.lambdaShutdownEnabled()).isFalse();
                    assertThat(config.maxConnectionsPerEnvironment()).isEqualTo(8);
                });
    }

    @Test
    void unsetPropertiesLeaveTheCoreDefaults() {
        ServerlessMySqlConfig core = ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example/orders")
                .username("orders").buildConfig();
        runner.run((context) -> {
            ServerlessMySqlConfig config = context.getBean(ServerlessMySqlDataSource.class).config();
            assertThat(config.connectionUtilization()).isEqualTo(core.connectionUtilization());
            assertThat(config.maxConnectionsCacheTtl()).isEqualTo(core.maxConnectionsCacheTtl());
            assertThat(config.usedConnectionsCacheTtl()).isEqualTo(core.usedConnectionsCacheTtl());
            assertThat(config.usedConnectionsCacheTtlUnderHalf()).isEqualTo(core.usedConnectionsCacheTtlUnderHalf());
            assertThat(config.thawThreshold()).isEqualTo(core.thawThreshold());
            assertThat(config.validationTimeout()).isEqualTo(core.validationTimeout());
            assertThat(config.leaseTimeout()).isEqualTo(core.leaseTimeout());
            assertThat(config.connectTimeout()).isEqualTo(core.connectTimeout());
            assertThat(config.sessionWaitTimeout()).isEqualTo(core.sessionWaitTimeout());
            assertThat(config.deadlineReserve()).isEqualTo(core.deadlineReserve());
            assertThat(config.maxRetries()).isEqualTo(core.maxRetries());
            assertThat(config.housekeepingEnabled()).isEqualTo(core.housekeepingEnabled());
            assertThat(config.zombieMinTimeout()).isEqualTo(core.zombieMinTimeout());
            assertThat(config.zombieMaxTimeout()).isEqualTo(core.zombieMaxTimeout());
            assertThat(config.zombieMaxKillsPerInvocation()).isEqualTo(core.zombieMaxKillsPerInvocation());
            assertThat(config.backoff().getClass()).isEqualTo(core.backoff().getClass());
        });
    }

    @Test
    void sessionWaitTimeoutFollowsZombieMaxTimeoutWhenNotSet() {
        runner.withPropertyValues("serverless.mysql.zombie.max-timeout=7m").run((context) -> assertThat(
                context.getBean(ServerlessMySqlDataSource.class).config().sessionWaitTimeout())
                .isEqualTo(Duration.ofMinutes(7)));
    }

    @Test
    void decorrelatedJitterBackoffIsSelectedByName() {
        runner.withPropertyValues("serverless.mysql.retry.backoff=decorrelated-jitter").run((context) -> assertThat(
                context.getBean(ServerlessMySqlDataSource.class).config().backoff().getClass().getSimpleName())
                .isEqualTo("DecorrelatedJitterBackoff"));
    }

    @Test
    void decorrelatedJitterStillRejectsACapBelowTheBase() {
        runner.withPropertyValues("serverless.mysql.retry.backoff=decorrelated-jitter",
                "serverless.mysql.retry.base=50ms", "serverless.mysql.retry.cap=10ms")
                .run((context) -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("serverless.mysql.retry.cap"));
    }

    @Test
    void connectionDetailsBeanWinsOverSpringDatasourceProperties() {
        runner.withBean(JdbcConnectionDetails.class, () -> new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "container-user";
            }

            @Override
            public String getPassword() {
                return "container-password";
            }

            @Override
            public String getJdbcUrl() {
                return "jdbc:mysql://container:3306/test";
            }
        }).run((context) -> {
            ServerlessMySqlConfig config = context.getBean(ServerlessMySqlDataSource.class).config();
            assertThat(config.jdbcUrl()).isEqualTo("jdbc:mysql://container:3306/test");
            assertThat(config.username()).isEqualTo("container-user");
        });
    }

    @Test
    void listenerAndCustomizerBeansAreApplied() {
        ServerlessMySqlListener listener = new ServerlessMySqlListener() {
            @Override
            public void onReleased(ReleaseReason reason) {
            }
        };
        runner.withBean(ServerlessMySqlListener.class, () -> listener)
                .withBean(ServerlessMySqlDataSourceBuilderCustomizer.class,
                        () -> (builder) -> builder.driverProperty("connectTimeout", "2000"))
                .run((context) -> {
                    ServerlessMySqlConfig config = context.getBean(ServerlessMySqlDataSource.class).config();
                    assertThat(config.listeners()).containsExactly(listener);
                    assertThat(config.driverProperties()).containsEntry("connectTimeout", "2000");
                });
    }

    @Test
    void checkpointLifecycleDrivesTheDataSourceWhenCracIsPresent() {
        runner.run((context) -> {
            assertThat(context).hasSingleBean(ServerlessMySqlCheckpointLifecycleRegistry.class);
            assertThat(context.getBean(ServerlessMySqlCheckpointLifecycleRegistry.class).getLifecycles())
                    .singleElement().satisfies((lifecycle) -> assertThat(lifecycle.getDataSource())
                            .isSameAs(context.getBean(ServerlessMySqlDataSource.class)));
        });
    }

    @Test
    void noCheckpointLifecycleWithoutCrac() {
        runner.withClassLoader(new FilteredClassLoader("org.crac"))
                .run((context) -> assertThat(context).doesNotHaveBean(ServerlessMySqlCheckpointLifecycleRegistry.class));
    }

    @Test
    void poolMetadataReportsAPoolOfAtMostOneConnection() {
        runner.run((context) -> {
            var metadata = context.getBean("serverlessMySqlPoolMetadataProvider",
                    org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider.class)
                    .getDataSourcePoolMetadata(context.getBean(DataSource.class));
            assertThat(metadata).isNotNull();
            assertThat(metadata.getMax()).isEqualTo(1);
            assertThat(metadata.getMin()).isZero();
        });
    }

    @Test
    void badBackoffNameFailsBindingNamingTheProperty() {
        runner.withPropertyValues("serverless.mysql.retry.backoff=exponential").run((context) -> assertThat(context)
                .getFailure().hasStackTraceContaining("serverless.mysql.retry.backoff"));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserDataSourceConfiguration {

        @Bean
        DataSource userDataSource() {
            return new SimpleDriverDataSource();
        }
    }
}
