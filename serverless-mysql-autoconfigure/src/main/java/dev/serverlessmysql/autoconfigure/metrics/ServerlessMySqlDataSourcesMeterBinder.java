package dev.serverlessmysql.autoconfigure.metrics;

import java.util.Locale;

import dev.serverlessmysql.autoconfigure.ServerlessMySqlDataSources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Binds a {@link ServerlessMySqlMeterBinder} for each serverless DataSource of the context when a
 * registry asks, with the tag {@code name}: the bean name without a trailing {@code dataSource}
 * ({@code ordersDataSource} is {@code orders}; {@code dataSource} stays {@code dataSource}).
 */
final class ServerlessMySqlDataSourcesMeterBinder implements MeterBinder {

    private static final String SUFFIX = "datasource";

    private final ListableBeanFactory beanFactory;

    ServerlessMySqlDataSourcesMeterBinder(ListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ServerlessMySqlDataSources.find(beanFactory).forEach((beanName, dataSource) ->
                new ServerlessMySqlMeterBinder(dataSource, Tags.of("name", name(beanName))).bindTo(registry));
    }

    static String name(String beanName) {
        if (beanName.length() > SUFFIX.length() && beanName.toLowerCase(Locale.ROOT).endsWith(SUFFIX)) {
            return beanName.substring(0, beanName.length() - SUFFIX.length());
        }
        return beanName;
    }
}
