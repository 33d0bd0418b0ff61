package dev.serverlessmysql.autoconfigure;

import javax.sql.DataSource;
import javax.sql.XADataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.ServerlessMySqlListener;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlDataSourceFactory.ConnectionSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The DataSource bean itself; backs off as soon as the application defines a DataSource. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean({ DataSource.class, XADataSource.class })
class ServerlessMySqlDataSourceConfiguration {

    @Bean(destroyMethod = "close")
    ServerlessMySqlDataSource dataSource(ServerlessMySqlProperties properties, DataSourceProperties dataSourceProperties,
            ObjectProvider<JdbcConnectionDetails> connectionDetails, ObjectProvider<ServerlessMySqlListener> listeners,
            ObjectProvider<ServerlessMySqlDataSourceBuilderCustomizer> customizers) {
        return ServerlessMySqlDataSourceFactory.create(connectionSettings(connectionDetails, dataSourceProperties),
                properties, listeners.orderedStream().toList(), customizers.orderedStream().toList());
    }

    /**
     * Once the application is ready, a connection opened by start-up work ({@code spring.sql.init},
     * Flyway, ...) gets the invocation-end check, so that a cold start does not hold it through a
     * burst while the server is full.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> serverlessMySqlStartupCheck(ServerlessMySqlDataSource dataSource) {
        return (event) -> dataSource.afterStartup();
    }

    /**
     * A {@link JdbcConnectionDetails} bean (Testcontainers or Docker Compose
     * {@code @ServiceConnection}) wins over {@code spring.datasource.*}, as it does for Boot's pool.
     */
    private static ConnectionSettings connectionSettings(ObjectProvider<JdbcConnectionDetails> connectionDetails,
            DataSourceProperties properties) {
        JdbcConnectionDetails details = connectionDetails.getIfAvailable();
        if (details != null) {
            return new ConnectionSettings(details.getJdbcUrl(), details.getUsername(), details.getPassword());
        }
        return new ConnectionSettings(properties.getUrl(), properties.getUsername(), properties.getPassword());
    }
}
