package dev.serverlessmysql.autoconfigure;

import javax.sql.DataSource;
import javax.sql.XADataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.ServerlessMySqlListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The DataSource bean itself; backs off as soon as the application defines a DataSource. It
 * reads its connection only from {@link JdbcConnectionDetails}: a Testcontainers or Docker
 * Compose {@code @ServiceConnection}, an application's own bean, or else
 * {@code spring.datasource.*} through a properties-backed one, as Spring Boot's pools do.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean({ DataSource.class, XADataSource.class })
class ServerlessMySqlDataSourceConfiguration {

    @Bean
    @ConditionalOnMissingBean(JdbcConnectionDetails.class)
    DataSourcePropertiesJdbcConnectionDetails jdbcConnectionDetails(DataSourceProperties properties) {
        return new DataSourcePropertiesJdbcConnectionDetails(properties);
    }

    @Bean(destroyMethod = "close")
    ServerlessMySqlDataSource dataSource(JdbcConnectionDetails connectionDetails, ServerlessMySqlProperties properties,
            ObjectProvider<ServerlessMySqlListener> listeners,
            ObjectProvider<ServerlessMySqlDataSourceBuilderCustomizer> customizers) {
        return ServerlessMySqlDataSourceFactory.create(connectionDetails, properties, listeners.orderedStream().toList(),
                customizers.orderedStream().toList());
    }

    /**
     * {@code spring.datasource.connection-fetch=lazy} (Spring Boot 4.1) for this DataSource: Boot's
     * own post-processor is part of the pool configuration that backs off here.
     */
    @Bean
    @ConditionalOnProperty(name = "spring.datasource.connection-fetch", havingValue = "lazy")
    static BeanPostProcessor serverlessMySqlLazyConnectionFetch() {
        return LazyConnectionFetchDataSource.postProcessor();
    }
}
