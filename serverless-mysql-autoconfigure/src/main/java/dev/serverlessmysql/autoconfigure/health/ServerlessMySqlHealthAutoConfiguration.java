package dev.serverlessmysql.autoconfigure.health;

import javax.sql.DataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code serverlessMySql} health component.
 *
 * <p>Spring Boot's {@code db} health indicator would call {@code getConnection()} and run a query
 * on every probe: it would open the connection in a container that has not used it yet and wait
 * for the lease behind a running invocation. It backs off when a bean named
 * {@code dbHealthContributor} exists, so this indicator also carries that name as an alias. It
 * is the only DataSource of the context (single candidate), so no other DataSource loses its
 * health check.
 */
@AutoConfiguration(after = ServerlessMySqlAutoConfiguration.class,
        beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, ServerlessMySqlDataSource.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBean(ServerlessMySqlDataSource.class)
@ConditionalOnEnabledHealthIndicator("serverless-mysql")
public final class ServerlessMySqlHealthAutoConfiguration {

    @Bean({ "serverlessMySqlHealthIndicator", "dbHealthContributor" })
    @ConditionalOnMissingBean(name = { "serverlessMySqlHealthIndicator", "dbHealthIndicator", "dbHealthContributor" })
    ServerlessMySqlHealthIndicator serverlessMySqlHealthIndicator(ServerlessMySqlDataSource dataSource) {
        return new ServerlessMySqlHealthIndicator(dataSource);
    }

    /** The application has its own {@code db} indicator: keep it, and add ours beside it. */
    @Bean("serverlessMySqlHealthIndicator")
    @ConditionalOnMissingBean(name = "serverlessMySqlHealthIndicator")
    ServerlessMySqlHealthIndicator serverlessMySqlHealthIndicatorBesideDb(ServerlessMySqlDataSource dataSource) {
        return new ServerlessMySqlHealthIndicator(dataSource);
    }
}
