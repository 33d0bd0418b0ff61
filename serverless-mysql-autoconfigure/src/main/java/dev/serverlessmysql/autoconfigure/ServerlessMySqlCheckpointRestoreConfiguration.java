package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlDataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnCheckpointRestore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * CRaC / SnapStart through Spring's lifecycle: Spring stops lifecycle beans before a checkpoint
 * and starts them again after the restore. Only when {@code org.crac} is on the class path, as
 * Spring's own checkpoint support.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnCheckpointRestore
@ConditionalOnBean(ServerlessMySqlDataSource.class)
class ServerlessMySqlCheckpointRestoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ServerlessMySqlCheckpointLifecycle serverlessMySqlCheckpointLifecycle(ServerlessMySqlDataSource dataSource,
            ConfigurableApplicationContext applicationContext) {
        return new ServerlessMySqlCheckpointLifecycle(dataSource, applicationContext);
    }
}
