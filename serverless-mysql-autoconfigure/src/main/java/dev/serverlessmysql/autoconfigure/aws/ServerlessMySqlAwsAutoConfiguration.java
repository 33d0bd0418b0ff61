package dev.serverlessmysql.autoconfigure.aws;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlDataSourceBuilderCustomizer;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlProperties;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Applies {@code serverless.mysql.auth.*} and {@code serverless.mysql.rds-proxy} to the
 * auto-configured DataSource, as a builder customizer that runs before the application's own
 * (which may still override it).
 */
@AutoConfiguration(before = ServerlessMySqlAutoConfiguration.class)
@ConditionalOnClass(ServerlessMySqlDataSource.class)
@ConditionalOnBooleanProperty(name = "serverless.mysql.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ServerlessMySqlProperties.class)
public class ServerlessMySqlAwsAutoConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ServerlessMySqlDataSourceBuilderCustomizer serverlessMySqlAwsCustomizer(ServerlessMySqlProperties properties,
            ObjectProvider<JdbcConnectionDetails> connectionDetails, ListableBeanFactory beanFactory) {
        return new AwsCredentialsCustomizer(properties, connectionDetails, beanFactory);
    }
}
