package dev.serverlessmysql.autoconfigure.aws;

import dev.serverlessmysql.CredentialsProvider;
import dev.serverlessmysql.IamAuthTokenCredentials;
import dev.serverlessmysql.SecretsManagerCredentials;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlProperties;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The SDK-backed providers, one nested class per SDK module, each loaded only once
 * {@code AwsSdk.require} has passed for its mode.
 */
final class AwsProviders {

    private AwsProviders() {
    }

    /** Needs software.amazon.awssdk:rds. */
    static final class Iam {
        private Iam() {
        }

        static CredentialsProvider of(String jdbcUrl, String username, String region) {
            return IamAuthTokenCredentials.builder().jdbcUrl(jdbcUrl).username(username).region(region).build();
        }
    }

    /** Needs software.amazon.awssdk:secretsmanager. */
    static final class SecretsManager {
        private SecretsManager() {
        }

        /** With Spring Cloud AWS's (or the application's) SecretsManagerClient bean when there is exactly one. */
        static CredentialsProvider of(ServerlessMySqlProperties.SecretsManager settings, ListableBeanFactory beanFactory) {
            SecretsManagerClient client = beanFactory.getBeanProvider(SecretsManagerClient.class).getIfUnique();
            SecretsManagerCredentials.Builder builder = SecretsManagerCredentials.builder()
                    .secretId(settings.getSecretId()).cacheTtl(settings.getCacheTtl());
            if (client != null) {
                builder.client(client);
            } else {
                builder.region(settings.getRegion()).endpoint(settings.getEndpoint());
            }
            return builder.build();
        }
    }
}
