package dev.serverlessmysql.autoconfigure.metrics;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of every serverless DataSource, tagged with its {@code name} as Spring Boot
 * tags its pools' meters; Spring Boot binds them to every registry. An application's own
 * {@link ServerlessMySqlMeterBinder} bean replaces them.
 */
@AutoConfiguration(after = ServerlessMySqlAutoConfiguration.class)
@ConditionalOnClass({ MeterBinder.class, ServerlessMySqlDataSource.class })
@ConditionalOnBean(ServerlessMySqlDataSource.class)
public final class ServerlessMySqlMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ServerlessMySqlMeterBinder.class)
    ServerlessMySqlDataSourcesMeterBinder serverlessMySqlMeterBinder(ListableBeanFactory beanFactory) {
        return new ServerlessMySqlDataSourcesMeterBinder(beanFactory);
    }
}
