package dev.serverlessmysql.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlDataSources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.jdbc.metadata.CompositeDataSourcePoolMetadataProvider;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The {@code serverlessMySql} health component: one check for each serverless DataSource (a
 * component of its own when there are several, named by bean).
 *
 * <p>Spring Boot's {@code db} health contributor would call {@code getConnection()} and run a
 * query on every probe: it would open the connection in a container that has not used it yet and
 * wait for the lease behind a running invocation. It backs off when a bean named
 * {@code dbHealthContributor} exists. When every DataSource of the context is serverless, the
 * {@code serverlessMySql} component carries that name as an alias. When there are others too, a
 * {@code db} contributor of the same shape as Boot's checks just those others, so no DataSource
 * loses its check and no serverless one gets a connection-opening probe.
 *
 * <p>Which DataSources are serverless is decided from the bean definitions, so declare beans of
 * your own with the {@link ServerlessMySqlDataSource} return type.
 */
@AutoConfiguration(after = { ServerlessMySqlAutoConfiguration.class, DataSourceAutoConfiguration.class },
        beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, ServerlessMySqlDataSource.class })
@ConditionalOnBean(ServerlessMySqlDataSource.class)
@ConditionalOnEnabledHealthIndicator("serverless-mysql")
public final class ServerlessMySqlHealthAutoConfiguration {

    /** Every DataSource is serverless: Boot's {@code db} contributor has nothing left to check. */
    @Bean({ "serverlessMySqlHealthIndicator", "dbHealthContributor" })
    @Conditional(OnlyServerlessDataSourcesCondition.class)
    @ConditionalOnMissingBean(name = { "serverlessMySqlHealthIndicator", "dbHealthIndicator", "dbHealthContributor" })
    HealthContributor serverlessMySqlHealthIndicator(ConfigurableListableBeanFactory beanFactory) {
        return serverlessContributor(beanFactory);
    }

    /** Other DataSources exist, or the application has its own {@code db} indicator: ours sits beside it. */
    @Bean("serverlessMySqlHealthIndicator")
    @ConditionalOnMissingBean(name = "serverlessMySqlHealthIndicator")
    HealthContributor serverlessMySqlHealthIndicatorBesideDb(ConfigurableListableBeanFactory beanFactory) {
        return serverlessContributor(beanFactory);
    }

    /** Boot's {@code db} check for the DataSources that are not serverless. */
    @Bean("dbHealthContributor")
    @ConditionalOnEnabledHealthIndicator("db")
    @ConditionalOnMissingBean(name = { "dbHealthIndicator", "dbHealthContributor" })
    HealthContributor dbHealthContributor(ConfigurableListableBeanFactory beanFactory,
            ObjectProvider<DataSourcePoolMetadataProvider> metadataProviders) {
        Map<String, DataSource> others = new LinkedHashMap<>(
                SimpleAutowireCandidateResolver.resolveAutowireCandidates(beanFactory, DataSource.class, false, true));
        others.values().removeIf((dataSource) -> ServerlessMySqlDataSources.unwrap(dataSource) != null);
        if (others.isEmpty()) {
            // Only bean definitions that did not show their serverless type: nothing else to check.
            return serverlessContributor(beanFactory);
        }
        DataSourcePoolMetadataProvider metadata = new CompositeDataSourcePoolMetadataProvider(
                metadataProviders.orderedStream().toList());
        if (others.size() == 1) {
            return dbIndicator(others.values().iterator().next(), metadata);
        }
        return CompositeHealthContributor.fromMap(others, (dataSource) -> dbIndicator(dataSource, metadata));
    }

    private static HealthContributor serverlessContributor(ConfigurableListableBeanFactory beanFactory) {
        Map<String, ServerlessMySqlDataSource> dataSources = ServerlessMySqlDataSources.find(beanFactory);
        if (dataSources.size() == 1) {
            return new ServerlessMySqlHealthIndicator(dataSources.values().iterator().next());
        }
        return CompositeHealthContributor.fromMap(dataSources, ServerlessMySqlHealthIndicator::new);
    }

    private static DataSourceHealthIndicator dbIndicator(DataSource dataSource, DataSourcePoolMetadataProvider metadata) {
        DataSourcePoolMetadata poolMetadata = metadata.getDataSourcePoolMetadata(dataSource);
        return new DataSourceHealthIndicator(dataSource, (poolMetadata != null) ? poolMetadata.getValidationQuery() : null);
    }
}
