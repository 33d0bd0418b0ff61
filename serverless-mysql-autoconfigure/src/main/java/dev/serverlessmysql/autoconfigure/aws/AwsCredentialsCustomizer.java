package dev.serverlessmysql.autoconfigure.aws;

import java.sql.SQLException;

import dev.serverlessmysql.AwsSdk;
import dev.serverlessmysql.CredentialsProvider;
import dev.serverlessmysql.ServerlessMySqlConfig;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlDataSourceBuilderCustomizer;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Sets the credentials provider for {@code serverless.mysql.auth.mode} and the RDS Proxy switch.
 * The AWS SDK classes are reached only through {@link AwsProviders}, after {@link AwsSdk#require}
 * has checked they are there: an application in password mode never loads one.
 */
final class AwsCredentialsCustomizer implements ServerlessMySqlDataSourceBuilderCustomizer {

    private static final Logger log = LoggerFactory.getLogger(AwsCredentialsCustomizer.class);

    private final ServerlessMySqlProperties properties;
    private final ObjectProvider<JdbcConnectionDetails> connectionDetails;
    private final ListableBeanFactory beanFactory;

    AwsCredentialsCustomizer(ServerlessMySqlProperties properties, ObjectProvider<JdbcConnectionDetails> connectionDetails,
            ListableBeanFactory beanFactory) {
        this.properties = properties;
        this.connectionDetails = connectionDetails;
        this.beanFactory = beanFactory;
    }

    @Override
    public void customize(ServerlessMySqlConfig.Builder builder) {
        if (properties.getRdsProxy() != null) {
            builder.rdsProxy(properties.getRdsProxy());
        }
        ServerlessMySqlProperties.Auth auth = properties.getAuth();
        if (auth.getMode() == ServerlessMySqlProperties.AuthMode.PASSWORD) {
            return;
        }
        JdbcConnectionDetails connection = connectionDetails.getObject();
        if (connection.getPassword() != null && !connection.getPassword().isEmpty()) {
            log.warn("spring.datasource.password is set but not used: serverless.mysql.auth.mode={} supplies the"
                    + " password of each connect. Remove spring.datasource.password.", modeName(auth.getMode()));
        }
        String mode = modeName(auth.getMode());
        AwsSdk.require(mode, beanFactory instanceof ConfigurableBeanFactory configurable
                ? configurable.getBeanClassLoader() : null);
        if (auth.getMode() == ServerlessMySqlProperties.AuthMode.IAM) {
            builder.credentialsProvider(AwsProviders.Iam.of(connection.getJdbcUrl(), connection.getUsername(),
                    auth.getIam().getRegion()));
            return;
        }
        CredentialsProvider secret = AwsProviders.SecretsManager.of(auth.getSecretsManager(), beanFactory);
        builder.credentialsProvider(secret);
        if (connection.getUsername() == null || connection.getUsername().isBlank()) {
            // Housekeeping needs the user; the secret has it. Read now: the first connect uses the cached value.
            builder.username(usernameFrom(secret));
        }
    }

    private static String usernameFrom(CredentialsProvider secret) {
        try {
            return secret.credentials().username();
        } catch (SQLException e) {
            throw new IllegalStateException("spring.datasource.username is not set, and the user could not be read"
                    + " from the secret: " + e.getMessage() + " Set spring.datasource.username, or fix the secret's"
                    + " access.", e);
        }
    }

    static String modeName(ServerlessMySqlProperties.AuthMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
