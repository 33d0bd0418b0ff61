package dev.serverlessmysql.autoconfigure.function;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlDataSources;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.cloud.function.observability.FunctionObservationConvention;
import org.springframework.cloud.function.observability.ObservationFunctionAroundWrapper;
import org.springframework.context.annotation.Bean;

/**
 * Ends each Spring Cloud Function invocation on every serverless DataSource of the context (see
 * {@link ServerlessMySqlDataSources}).
 *
 * <p>Spring Cloud Function injects one {@link FunctionAroundWrapper}; a second bean breaks start-up.
 * Its own observation auto-configuration registers one when Micrometer observation is active,
 * but only when no other wrapper exists. This configuration runs before it and registers the one
 * wrapper, which runs an {@link ObservationFunctionAroundWrapper} inside itself when an
 * {@link ObservationRegistry} bean exists, so functions are still traced.
 */
@AutoConfiguration(after = ServerlessMySqlAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        beforeName = "org.springframework.cloud.function.observability.ObservationAutoConfiguration")
@ConditionalOnClass({ FunctionAroundWrapper.class, ServerlessMySqlDataSource.class })
@ConditionalOnBean(ServerlessMySqlDataSource.class)
public final class ServerlessMySqlFunctionAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServerlessMySqlFunctionAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(FunctionAroundWrapper.class)
    EndInvocationFunctionAroundWrapper serverlessMySqlFunctionAroundWrapper(ListableBeanFactory beanFactory,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<FunctionObservationConvention> observationConvention) {
        ObservationRegistry registry = observationRegistry.getIfUnique();
        // The wrapper Spring Cloud Function registers itself when observation is on.
        FunctionAroundWrapper observation = (registry != null)
                ? new ObservationFunctionAroundWrapper(registry, observationConvention.getIfAvailable(() -> null)) : null;
        return new EndInvocationFunctionAroundWrapper(ServerlessMySqlDataSources.find(beanFactory).values(), observation);
    }

    /**
     * Warns when an application's own wrapper made ours back off: then nothing ends the
     * invocations, and zombie connections pile up on the server.
     */
    @Bean
    SmartInitializingSingleton serverlessMySqlFunctionWrapperCheck(ObjectProvider<FunctionAroundWrapper> wrappers) {
        return () -> {
            FunctionAroundWrapper wrapper = wrappers.getIfUnique();
            if (wrapper != null && !(wrapper instanceof EndInvocationFunctionAroundWrapper)) {
                log.warn("The application defines its own FunctionAroundWrapper ({}); Spring Cloud Function accepts only"
                        + " one, so serverless-mysql cannot end invocations by itself. Wrap yours in an"
                        + " EndInvocationFunctionAroundWrapper, or call endInvocation() on the DataSource after each"
                        + " invocation.", wrapper.getClass().getName());
            }
        };
    }
}
