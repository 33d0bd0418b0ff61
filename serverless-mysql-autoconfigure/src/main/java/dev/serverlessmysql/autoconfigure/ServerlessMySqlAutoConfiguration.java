package dev.serverlessmysql.autoconfigure;

import javax.sql.DataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.diagnostics.SystemPropertyKeys;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Replaces Spring Boot's connection pool with a {@link ServerlessMySqlDataSource} when the
 * application defines no {@link DataSource} of its own and {@code serverless.mysql.enabled} is not
 * {@code false}. Runs before {@link DataSourceAutoConfiguration}, so Boot's pool backs off, while
 * everything Boot builds on a single DataSource (JdbcTemplate, JdbcClient, transactions,
 * {@code spring.sql.init}) uses this one.
 *
 * <p>An application that defines serverless DataSources itself (several databases or users) keeps
 * what does not depend on the DataSource bean: the start-up check and checkpoint/restore for each
 * of them, and pool metadata.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ DataSource.class, ServerlessMySqlDataSource.class })
@ConditionalOnBooleanProperty(name = "serverless.mysql.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ ServerlessMySqlProperties.class, DataSourceProperties.class })
@Import({ ServerlessMySqlDataSourceConfiguration.class, ServerlessMySqlCheckpointRestoreConfiguration.class })
public final class ServerlessMySqlAutoConfiguration {

    /**
     * Once the application is ready, a connection opened by start-up work ({@code spring.sql.init},
     * Flyway, ...) gets the invocation-end check, on every serverless DataSource, so that a cold
     * start does not hold it through a burst while the server is full.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> serverlessMySqlStartupCheck(ListableBeanFactory beanFactory) {
        return (event) -> ServerlessMySqlDataSources.find(beanFactory).values()
                .forEach(ServerlessMySqlDataSource::afterStartup);
    }

    /**
     * A {@code -D} typo under {@code serverless.mysql.*} fails start-up as a typo in a file does
     * (Spring Boot's own check leaves system properties out).
     */
    @Bean
    SmartInitializingSingleton serverlessMySqlSystemPropertyCheck(Environment environment) {
        return () -> SystemPropertyKeys.check(environment);
    }

    @Bean
    @ConditionalOnMissingBean(name = "serverlessMySqlPoolMetadataProvider")
    DataSourcePoolMetadataProvider serverlessMySqlPoolMetadataProvider() {
        return (dataSource) -> {
            // Also behind a wrapper (connection-fetch=lazy, a proxy), as Boot finds its Hikari pools.
            ServerlessMySqlDataSource serverless = ServerlessMySqlDataSources.unwrap(dataSource);
            return (serverless != null) ? new ServerlessMySqlPoolMetadata(serverless) : null;
        };
    }
}
