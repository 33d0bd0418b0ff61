package dev.serverlessmysql.autoconfigure.diagnostics;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.serverlessmysql.IamAuthTokenCredentials;
import dev.serverlessmysql.SecretsManagerCredentials;
import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import dev.serverlessmysql.autoconfigure.aws.ServerlessMySqlAwsAutoConfiguration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serverless.mysql.auth.*} and {@code serverless.mysql.rds-proxy}: the provider each mode
 * sets, and the start-up failures with the usual analysis. No connection is opened.
 */
class AwsAuthPropertiesTests {

    private static final String RDS_URL = "jdbc:mysql://orders.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/orders";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    ServerlessMySqlAwsAutoConfiguration.class, DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.username=orders");

    @Test
    void iamModeSignsForTheUrlsHostInTheRegionOfItsName() {
        runner.withPropertyValues("spring.datasource.url=" + RDS_URL + "?sslMode=VERIFY_IDENTITY",
                "serverless.mysql.auth.mode=iam").run((context) -> {
                    assertThat(context).hasNotFailed();
                    ServerlessMySqlDataSource dataSource = context.getBean(ServerlessMySqlDataSource.class);
                    assertThat(dataSource.config().credentialsProvider()).isInstanceOf(IamAuthTokenCredentials.class)
                            .hasToString("IamAuthTokenCredentials[user=orders, endpoint=orders.c1a2b3c4d5e6.eu-west-1"
                                    + ".rds.amazonaws.com:3306, region=eu-west-1]");
                    assertThat(dataSource.stats().connectionsOpened()).isZero();
                });
    }

    @Test
    void iamModeWithoutTlsFailsStartUpSayingSo() {
        runner.withPropertyValues("spring.datasource.url=" + RDS_URL, "serverless.mysql.auth.mode=iam").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: spring.datasource.url")
                    .contains("requires TLS").contains("sslMode=VERIFY_IDENTITY");
            assertThat(analysis.getAction()).contains("Set spring.datasource.url to a URL that requires TLS")
                    .doesNotContain("speaks only to MySQL");
        });
    }

    @Test
    void iamModeWithoutTheSdkFailsStartUpNamingTheDependency() {
        runner.withClassLoader(new FilteredClassLoader("software.amazon.awssdk.services.rds"))
                .withPropertyValues("spring.datasource.url=" + RDS_URL + "?sslMode=REQUIRED",
                        "serverless.mysql.auth.mode=iam")
                .run((context) -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Property: serverless.mysql.auth.mode")
                            .contains("Value: iam").contains("software.amazon.awssdk:rds");
                });
    }

    @Test
    void secretsManagerModeWithoutASecretFailsStartUp() {
        runner.withPropertyValues("spring.datasource.url=" + RDS_URL, "serverless.mysql.auth.mode=secrets-manager")
                .run((context) -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .contains("serverless.mysql.auth.secrets-manager.secret-id is not set");
                });
    }

    @Test
    void secretsManagerModeUsesTheContextsClientAndTakesTheUserFromTheSecret() throws Exception {
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger reads = new AtomicInteger();
        stub.createContext("/", (exchange) -> {
            exchange.getRequestBody().readAllBytes();
            reads.incrementAndGet();
            byte[] body = ("{\"Name\":\"orders-db\",\"SecretString\":"
                    + "\"{\\\"username\\\":\\\"from-secret\\\",\\\"password\\\":\\\"s3cret-pw\\\"}\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        stub.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                            ServerlessMySqlAwsAutoConfiguration.class, DataSourceAutoConfiguration.class))
                    .withBean(SecretsManagerClient.class, () -> SecretsManagerClient.builder().region(Region.EU_WEST_1)
                            .endpointOverride(endpoint).credentialsProvider(StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create("AKIDEXAMPLE", "example-secret-key"))).build())
                    .withPropertyValues("spring.datasource.url=" + RDS_URL, "serverless.mysql.auth.mode=secrets-manager",
                            "serverless.mysql.auth.secrets-manager.secret-id=orders-db")
                    .run((context) -> {
                        assertThat(context).hasNotFailed();
                        ServerlessMySqlDataSource dataSource = context.getBean(ServerlessMySqlDataSource.class);
                        assertThat(dataSource.config().credentialsProvider())
                                .isInstanceOf(SecretsManagerCredentials.class);
                        assertThat(dataSource.config().username()).isEqualTo("from-secret");
                        assertThat(reads).hasValue(1);
                        assertThat(dataSource.toString() + dataSource.config()).doesNotContain("s3cret-pw")
                                .contains("orders-db");
                    });
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void rdsProxyIsDetectedFromTheHostOrSet() {
        runner.withPropertyValues("spring.datasource.url=jdbc:mysql://orders.proxy-c1a2b3c4d5e6.eu-west-1"
                + ".rds.amazonaws.com:3306/orders", "spring.datasource.password=pw").run((context) -> {
                    assertThat(context.getBean(ServerlessMySqlDataSource.class).config().rdsProxy()).isTrue();
                    assertThat(context.getBean(ServerlessMySqlDataSource.class).config().housekeepingEnabled()).isFalse();
                });
        runner.withPropertyValues("spring.datasource.url=" + RDS_URL, "spring.datasource.password=pw",
                "serverless.mysql.rds-proxy=true").run((context) ->
                        assertThat(context.getBean(ServerlessMySqlDataSource.class).config().rdsProxy()).isTrue());
        runner.withPropertyValues("spring.datasource.url=" + RDS_URL, "spring.datasource.password=pw",
                "serverless.mysql.rds-proxy=true", "serverless.mysql.session-wait-timeout=5m").run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(analyze(context.getStartupFailure()).getDescription())
                            .contains("Property: serverless.mysql.session-wait-timeout").contains("pins");
                });
    }

    private static FailureAnalysis analyze(Throwable failure) {
        FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }
}
