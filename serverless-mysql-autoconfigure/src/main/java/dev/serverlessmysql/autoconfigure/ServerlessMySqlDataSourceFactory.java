package dev.serverlessmysql.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.serverlessmysql.Backoff;
import dev.serverlessmysql.ServerlessMySqlConfig;
import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.ServerlessMySqlListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.util.ClassUtils;

/** Turns the connection details and {@code serverless.mysql.*} into a built DataSource. */
final class ServerlessMySqlDataSourceFactory {

    private static final Logger log = LoggerFactory.getLogger(ServerlessMySqlDataSourceFactory.class);

    private ServerlessMySqlDataSourceFactory() {
    }

    static ServerlessMySqlDataSource create(JdbcConnectionDetails connection, ServerlessMySqlProperties properties,
            List<ServerlessMySqlListener> listeners, List<ServerlessMySqlDataSourceBuilderCustomizer> customizers) {
        String url = connection.getJdbcUrl();
        ServerlessMySqlConfig.Builder builder = ServerlessMySqlDataSource.builder()
                .jdbcUrl(url)
                .username(connection.getUsername())
                .password(connection.getPassword())
                .driverClassName(driverClassName(connection, url))
                .connectionUtilization(properties.getConnectionUtilization())
                .maxConnectionsCacheTtl(properties.getMaxConnectionsCacheTtl())
                .validationTimeout(properties.getValidationTimeout())
                .leaseTimeout(properties.getLeaseTimeout())
                .connectTimeout(properties.getConnectTimeout())
                .captureLeaseStackTraces(properties.isLeaseLeakStackTrace())
                .lambdaShutdownEnabled(properties.getLambdaShutdown().isEnabled())
                .housekeepingEnabled(housekeepingEnabled(properties))
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
        setIfPresent(properties.getUsedConnectionsCacheTtlUnderHalf(), builder::usedConnectionsCacheTtlUnderHalf);
        setIfPresent(properties.getThawThreshold(), builder::thawThreshold);
        setIfPresent(properties.getSessionWaitTimeout(), builder::sessionWaitTimeout);
        setIfPresent(properties.getDeadlineReserve(), builder::deadlineReserve);
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

    /**
     * The driver class of the connection details, loaded once by the core. A class the details
     * only guessed from the URL (Boot's default) is used when it is on the class path, and
     * otherwise left to {@code DriverManager}: a {@code jdbc:mysql:} URL may be served by the
     * MariaDB driver alone. A class named explicitly must exist: the core rejects it otherwise.
     */
    private static String driverClassName(JdbcConnectionDetails connection, String url) {
        if (url == null) {
            return null;
        }
        String driverClassName = connection.getDriverClassName();
        String guessed = DatabaseDriver.fromJdbcUrl(url).getDriverClassName();
        if (driverClassName == null || (driverClassName.equals(guessed)
                && !ClassUtils.isPresent(driverClassName, ClassUtils.getDefaultClassLoader()))) {
            return null;
        }
        return driverClassName;
    }

    /** {@code housekeeping.enabled}, else the deprecated {@code zombie.enabled}, else on. */
    @SuppressWarnings("deprecation")
    private static boolean housekeepingEnabled(ServerlessMySqlProperties properties) {
        Boolean enabled = properties.getHousekeeping().getEnabled();
        Boolean deprecated = properties.getZombie().getEnabled();
        if (deprecated != null && enabled == null) {
            log.warn("serverless.mysql.zombie.enabled is deprecated: it turns off all invocation-end housekeeping"
                    + " (usage check, killing zombies, giving up the connection while the server stays full), not only"
                    + " killing. Set serverless.mysql.housekeeping.enabled={} instead.", deprecated);
            return deprecated;
        }
        if (deprecated != null) {
            log.warn("serverless.mysql.zombie.enabled ({}) is deprecated and ignored: serverless.mysql.housekeeping.enabled"
                    + " ({}) is set too. Remove serverless.mysql.zombie.enabled.", deprecated, enabled);
        }
        return enabled == null || enabled;
    }
}
