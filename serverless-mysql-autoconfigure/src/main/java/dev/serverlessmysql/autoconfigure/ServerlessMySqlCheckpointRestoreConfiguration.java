package dev.serverlessmysql.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnCheckpointRestore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * CRaC / SnapStart through Spring's lifecycle: Spring stops lifecycle beans before a checkpoint
 * and starts them again after the restore. Only when {@code org.crac} is on the class path, as
 * Spring's own checkpoint support. The serverless DataSources are found at start-up, not by a
 * condition, so that every one of them takes part, whichever configuration defines it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnCheckpointRestore
class ServerlessMySqlCheckpointRestoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ServerlessMySqlCheckpointLifecycleRegistry serverlessMySqlCheckpointLifecycleRegistry(
            ListableBeanFactory beanFactory, ConfigurableApplicationContext applicationContext) {
        return new ServerlessMySqlCheckpointLifecycleRegistry(beanFactory, applicationContext);
    }
}
