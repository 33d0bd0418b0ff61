package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * The auto-configured DataSource under {@code spring.datasource.connection-fetch=lazy} (Spring Boot
 * 4.1): a {@link LazyConnectionDataSourceProxy}, so that a transaction that sends no statement takes
 * no lease (and no thaw check). Boot wraps only the pools it builds itself, and it builds none
 * while this DataSource is the application's, so the starter applies the property the same way.
 *
 * <p>Closing it closes the serverless DataSource behind it: the bean's destroy method is
 * {@code close}, and a plain proxy has none. Everything the starter does per DataSource (the
 * invocation hook, health, meters, pool metadata, checkpoint/restore) unwraps the proxy.
 */
final class LazyConnectionFetchDataSource extends LazyConnectionDataSourceProxy implements AutoCloseable {

    private final ServerlessMySqlDataSource target;

    LazyConnectionFetchDataSource(ServerlessMySqlDataSource target) {
        super(target);
        this.target = target;
    }

    @Override
    public void close() {
        target.close();
    }

    @Override
    public String toString() {
        return "LazyConnectionFetchDataSource[" + target + "]";
    }

    /** Wraps the auto-configured {@code dataSource} bean, as Boot's own post-processor wraps its pools. */
    static BeanPostProcessor postProcessor() {
        return new LazyFetchPostProcessor();
    }

    private static final class LazyFetchPostProcessor implements BeanPostProcessor, Ordered {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if ("dataSource".equals(beanName) && bean instanceof ServerlessMySqlDataSource serverless) {
                return new LazyConnectionFetchDataSource(serverless);
            }
            return bean;
        }

        @Override
        public int getOrder() {
            return 0;
        }
    }
}
