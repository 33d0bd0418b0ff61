package dev.serverlessmysql.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.serverlessmysql.Backoff;
import dev.serverlessmysql.ServerlessMySqlConfig;
import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.ServerlessMySqlListener;

/** Turns the connection settings and {@code serverless.mysql.*} into a built DataSource. */
final class ServerlessMySqlDataSourceFactory {

    private ServerlessMySqlDataSourceFactory() {
    }

    static ServerlessMySqlDataSource create(ConnectionSettings connection, ServerlessMySqlProperties properties,
            List<ServerlessMySqlListener> listeners, List<ServerlessMySqlDataSourceBuilderCustomizer> customizers) {
        ServerlessMySqlConfig.Builder builder = ServerlessMySqlDataSource.builder()
                .jdbcUrl(connection.url())
                .username(connection.username())
                .password(connection.password())
                .connectionUtilization(properties.getConnectionUtilization())
                .maxConnectionsCacheTtl(properties.getMaxConnectionsCacheTtl())
                .validationTimeout(properties.getValidationTimeout())
                .leaseTimeout(properties.getLeaseTimeout())
                .connectTimeout(properties.getConnectTimeout())
                .captureLeaseStackTraces(properties.isLeaseLeakStackTrace())
                .lambdaShutdownEnabled(properties.getLambdaShutdown().isEnabled())
                .zombieEnabled(properties.getZombie().isEnabled())
                .zombieMinTimeout(properties.getZombie().getMinTimeout())
                .zombieMaxTimeout(properties.getZombie().getMaxTimeout())
                .zombieMaxKillsPerInvocation(properties.getZombie().getMaxKillsPerInvocation())
                .zombieSweepInterval(properties.getZombie().getSweepInterval())
                .maxRetries(properties.getRetry().getMaxRetries())
                .retryBase(properties.getRetry().getBase())
                .retryCap(properties.getRetry().getCap())
                // Spring's lifecycle drives checkpoint and restore (ServerlessMySqlCheckpointLifecycle),
                // so the DataSource must not register its own CRaC resource as well.
                .registerCheckpointHook(false);
        // Left to the core when not set: their defaults depend on other settings.
        setIfPresent(properties.getUsedConnectionsCacheTtl(), builder::usedConnectionsCacheTtl);
        setIfPresent(properties.getThawThreshold(), builder::thawThreshold);
        setIfPresent(properties.getSessionWaitTimeout(), builder::sessionWaitTimeout);
        if (properties.getMaxConnectionsPerEnvironment() != null) {
            builder.maxConnectionsPerEnvironment(properties.getMaxConnectionsPerEnvironment());
        }
        listeners.forEach(builder::listener);
        builder.backoffPolicy(Backoff.Policy.valueOf(properties.getRetry().getBackoff().name()));
        customizers.forEach((customizer) -> customizer.customize(builder));
        return builder.build();
    }

    private static void setIfPresent(Duration value, Consumer<Duration> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** URL, user and password, from {@code JdbcConnectionDetails} or {@code spring.datasource.*}. */
    record ConnectionSettings(String url, String username, String password) {

        @Override
        public String toString() {
            // The URL may carry a password too; it is not needed to recognise the settings.
            return "ConnectionSettings[username=" + username + ", password=****]";
        }
    }
}
