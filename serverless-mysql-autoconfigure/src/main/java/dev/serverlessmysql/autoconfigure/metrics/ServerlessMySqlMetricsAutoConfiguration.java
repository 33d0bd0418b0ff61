package dev.serverlessmysql.autoconfigure.metrics;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/** Micrometer meters of the serverless DataSource; Spring Boot binds them to every registry. */
@AutoConfiguration(after = ServerlessMySqlAutoConfiguration.class)
@ConditionalOnClass({ MeterBinder.class, ServerlessMySqlDataSource.class })
@ConditionalOnSingleCandidate(ServerlessMySqlDataSource.class)
public final class ServerlessMySqlMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ServerlessMySqlMeterBinder serverlessMySqlMeterBinder(ServerlessMySqlDataSource dataSource) {
        return new ServerlessMySqlMeterBinder(dataSource);
    }
}
