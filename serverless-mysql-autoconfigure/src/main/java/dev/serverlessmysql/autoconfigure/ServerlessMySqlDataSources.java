package dev.serverlessmysql.autoconfigure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * Finds the serverless DataSources of a context, wherever they come from: the auto-configured
 * one, an application's own beans (several databases or users), and DataSource beans that wrap
 * one (a proxy, {@code LazyConnectionDataSourceProxy}, ...). Each appears once, under the name of
 * the first bean that leads to it.
 */
public final class ServerlessMySqlDataSources {

    private ServerlessMySqlDataSources() {
    }

    /**
     * The serverless DataSources behind the singleton {@link DataSource} beans, by bean name, in
     * registration order. Creates those beans if they do not exist yet.
     */
    public static Map<String, ServerlessMySqlDataSource> find(ListableBeanFactory beanFactory) {
        Map<String, ServerlessMySqlDataSource> found = new LinkedHashMap<>();
        Set<ServerlessMySqlDataSource> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        beanFactory.getBeansOfType(DataSource.class, false, true).forEach((name, bean) -> {
            ServerlessMySqlDataSource serverless = unwrap(bean);
            if (serverless != null && seen.add(serverless)) {
                found.put(name, serverless);
            }
        });
        return found;
    }

    /** The serverless DataSource the given one is or wraps, or {@code null}. */
    public static ServerlessMySqlDataSource unwrap(DataSource dataSource) {
        return DataSourceUnwrapper.unwrap(dataSource, ServerlessMySqlDataSource.class);
    }
}
