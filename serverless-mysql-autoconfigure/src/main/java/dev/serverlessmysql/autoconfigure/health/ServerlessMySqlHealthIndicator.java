package dev.serverlessmysql.autoconfigure.health;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.Stats;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports the serverless DataSource from its counters. It never opens or leases a connection: a
 * health probe must not be the reason a frozen container holds a connection, nor wait behind the
 * invocation that holds the lease. {@code DOWN} once the DataSource is closed, else {@code UP}.
 */
public class ServerlessMySqlHealthIndicator implements HealthIndicator {

    private final ServerlessMySqlDataSource dataSource;

    public ServerlessMySqlHealthIndicator(ServerlessMySqlDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Health health() {
        Stats stats = dataSource.stats();
        Health.Builder builder = dataSource.isClosed() ? Health.down() : Health.up();
        builder.withDetail("server", dataSource.config().serverAddress())
                .withDetail("connection", dataSource.isClosed() ? "closed" : stats.connected() ? "open" : "not open");
        if (stats.lastLimit() > 0) {
            builder.withDetail("lastUtilization", stats.lastUtilization())
                    .withDetail("lastUsed", stats.lastUsed())
                    .withDetail("lastLimit", stats.lastLimit());
        }
        return builder.withDetail("connectionsOpened", stats.connectionsOpened())
                .withDetail("connectRetries", stats.connectRetries())
                .withDetail("connectFailures", stats.connectFailures())
                .withDetail("leaseTimeouts", stats.leaseTimeouts())
                .withDetail("thaws", stats.thaws())
                .withDetail("thawFailures", stats.thawFailures())
                .withDetail("brokenConnections", stats.brokenConnections())
                .withDetail("invocationsEnded", stats.invocationsEnded())
                .withDetail("zombiesKilled", stats.zombiesKilled())
                .withDetail("killsFailed", stats.killsFailed())
                .withDetail("releasedUnderPressure", stats.releasedUnderPressure())
                .withDetail("housekeepingFailures", stats.housekeepingFailures())
                .build();
    }
}
