package dev.serverlessmysql.autoconfigure;

import java.util.List;

import dev.serverlessmysql.Backoff;
import dev.serverlessmysql.InvalidConfigurationException;
import dev.serverlessmysql.ServerlessMySqlConfig;
import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.ServerlessMySqlListener;
import dev.serverlessmysql.autoconfigure.diagnostics.InvalidPropertyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.util.ClassUtils;

/** Turns the connection details and {@code serverless.mysql.*} into a built DataSource. */
final class ServerlessMySqlDataSourceFactory {

    private static final Logger log = LoggerFactory.getLogger(ServerlessMySqlDataSourceFactory.class);

    private ServerlessMySqlDataSourceFactory() {
    }

    /**
     * The DataSource; a setting the core rejects is reported as an {@link InvalidPropertyException}
     * naming its property.
     */
    static ServerlessMySqlDataSource create(JdbcConnectionDetails connection, ServerlessMySqlProperties properties,
            List<ServerlessMySqlListener> listeners, List<ServerlessMySqlDataSourceBuilderCustomizer> customizers) {
        try {
            ServerlessMySqlConfig.Builder builder = ServerlessMySqlDataSource.builder();
            map(connection, properties, builder);
            listeners.forEach(builder::listener);
            customizers.forEach((customizer) -> customizer.customize(builder));
            return builder.build();
        } catch (InvalidConfigurationException e) {
            throw InvalidPropertyException.of(e);
        }
    }

    /**
     * Each property that is set to its builder setting. A property left unset (null) is left to
     * the core, whose default is the one the configuration metadata documents.
     */
    private static void map(JdbcConnectionDetails connection, ServerlessMySqlProperties properties,
            ServerlessMySqlConfig.Builder builder) {
        PropertyMapper map = PropertyMapper.get();
        String url = connection.getJdbcUrl();
        map.from(url).to(builder::jdbcUrl);
        map.from(connection::getUsername).to(builder::username);
        map.from(connection::getPassword).to(builder::password);
        map.from(driverClassName(connection, url)).to(builder::driverClassName);
        map.from(properties::getConnectionUtilization).to(builder::connectionUtilization);
        map.from(properties::getMaxConnectionsCacheTtl).to(builder::maxConnectionsCacheTtl);
        map.from(properties::getUsedConnectionsCacheTtl).to(builder::usedConnectionsCacheTtl);
        map.from(properties::getUsedConnectionsCacheTtlUnderHalf).to(builder::usedConnectionsCacheTtlUnderHalf);
        map.from(properties::getThawThreshold).to(builder::thawThreshold);
        map.from(properties::getValidationTimeout).to(builder::validationTimeout);
        map.from(properties::getLeaseTimeout).to(builder::leaseTimeout);
        map.from(properties::getDeadlineReserve).to(builder::deadlineReserve);
        map.from(properties::getConnectTimeout).to(builder::connectTimeout);
        map.from(properties::getSessionWaitTimeout).to(builder::sessionWaitTimeout);
        map.from(properties::getLeaseLeakStackTrace).to(builder::captureLeaseStackTraces);
        map.from(properties::getMaxConnectionsPerEnvironment).to(builder::maxConnectionsPerEnvironment);
        map.from(properties.getLambdaShutdown()::getEnabled).to(builder::lambdaShutdownEnabled);
        map.from(housekeepingEnabled(properties)).to(builder::housekeepingEnabled);
        ServerlessMySqlProperties.Zombie zombie = properties.getZombie();
        map.from(zombie::getMinTimeout).to(builder::zombieMinTimeout);
        map.from(zombie::getMaxTimeout).to(builder::zombieMaxTimeout);
        map.from(zombie::getMaxKillsPerInvocation).to(builder::zombieMaxKillsPerInvocation);
        map.from(zombie::getSweepInterval).to(builder::zombieSweepInterval);
        ServerlessMySqlProperties.Retry retry = properties.getRetry();
        map.from(retry::getMaxRetries).to(builder::maxRetries);
        map.from(retry::getBase).to(builder::retryBase);
        map.from(retry::getCap).to(builder::retryCap);
        map.from(retry::getBackoff).as((policy) -> Backoff.Policy.valueOf(policy.name())).to(builder::backoffPolicy);
        // Spring's lifecycle drives checkpoint and restore (ServerlessMySqlCheckpointLifecycle),
        // so the DataSource must not register its own CRaC resource as well.
        builder.registerCheckpointHook(false);
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

    /** {@code housekeeping.enabled}, else the deprecated {@code zombie.enabled}; null (the core's default) when neither is set. */
    @SuppressWarnings("deprecation")
    private static Boolean housekeepingEnabled(ServerlessMySqlProperties properties) {
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
        return enabled;
    }
}
