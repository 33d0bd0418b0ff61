package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the URL says about RDS Proxy, TLS and the IAM endpoint; the checks that follow from it. */
class AwsEndpointsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:mysql://orders.proxy-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/app",
            "jdbc:mysql://orders.proxy-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com/app",
            "jdbc:mariadb://reader.endpoint.proxy-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com:3306/app",
            "jdbc:mysql://ORDERS.PROXY-C1A2B3C4D5E6.CN-NORTH-1.RDS.AMAZONAWS.COM.CN:3306/app",
            "jdbc:aws-wrapper:mysql://orders.proxy-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/app"})
    void proxyEndpointsAreDetected(String url) {
        assertThat(AwsEndpoints.isRdsProxy(url)).isTrue();
        assertThat(ServerlessMySqlConfig.builder().jdbcUrl(url).username("app").buildConfig().rdsProxy()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:mysql://orders.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/app",
            "jdbc:mysql://orders.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/app",
            "jdbc:mysql://proxy-c1a2b3c4d5e6.example.com:3306/app",
            "jdbc:mysql://localhost:3306/app?proxy-x.y.rds.amazonaws.com=1"})
    void otherEndpointsAreNot(String url) {
        assertThat(AwsEndpoints.isRdsProxy(url)).isFalse();
    }

    @Test
    void proxyModeSendsNoWaitTimeoutAndTurnsHousekeepingOff() {
        ServerlessMySqlConfig config = ServerlessMySqlConfig.builder().jdbcUrl("jdbc:mysql://db:3306/app")
                .username("app").rdsProxy(true).buildConfig();
        assertThat(config.sessionWaitTimeout()).isZero();
        assertThat(config.housekeepingEnabled()).isFalse();
        assertThat(config.toString()).contains("rdsProxy=true");
        ServerlessMySqlConfig direct = ServerlessMySqlConfig.builder()
                .jdbcUrl("jdbc:mysql://orders.proxy-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com/app").username("app")
                .rdsProxy(false).buildConfig();
        assertThat(direct.housekeepingEnabled()).isTrue();
        assertThat(direct.sessionWaitTimeout()).isPositive();
    }

    @Test
    void proxyModeRejectsWhatWouldPinTheSession() {
        assertThatThrownBy(() -> ServerlessMySqlConfig.builder().jdbcUrl("jdbc:mysql://db:3306/app").username("app")
                .rdsProxy(true).sessionWaitTimeout(Duration.ofMinutes(5)).buildConfig())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sessionWaitTimeout").hasMessageContaining("pins");
        assertThatThrownBy(() -> ServerlessMySqlConfig.builder()
                .jdbcUrl("jdbc:mysql://db:3306/app?sessionVariables=time_zone='%2B00:00'").username("app")
                .rdsProxy(true).buildConfig())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sessionVariables").hasMessageContaining("initialization query");
        assertThatThrownBy(() -> ServerlessMySqlConfig.builder().jdbcUrl("jdbc:mariadb://db:3306/app").username("app")
                .driverProperty("sessionVariables", "time_zone='+00:00'").rdsProxy(true).buildConfig())
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void tlsRequiredInEachDriversWords() {
        assertThat(AwsEndpoints.requiresTls("jdbc:mysql://h/db?sslMode=REQUIRED", Map.of())).isTrue();
        assertThat(AwsEndpoints.requiresTls("jdbc:mysql://h/db?sslMode=verify_identity", Map.of())).isTrue();
        assertThat(AwsEndpoints.requiresTls("jdbc:mysql://h/db", Map.of("sslMode", "VERIFY_CA"))).isTrue();
        assertThat(AwsEndpoints.requiresTls("jdbc:mysql://h/db?useSSL=true&requireSSL=true", Map.of())).isTrue();
        assertThat(AwsEndpoints.requiresTls("jdbc:aws-wrapper:mysql://h/db?sslMode=REQUIRED", Map.of())).isTrue();
        assertThat(AwsEndpoints.requiresTls("jdbc:mariadb://h/db?sslMode=verify-full", Map.of())).isTrue();
        assertThat(AwsEndpoints.requiresTls("jdbc:mariadb://h/db?useSsl=true", Map.of())).isTrue();

        assertThat(AwsEndpoints.requiresTls("jdbc:mysql://h/db", Map.of())).as("PREFERRED falls back").isFalse();
        assertThat(AwsEndpoints.requiresTls("jdbc:mysql://h/db?sslMode=PREFERRED", Map.of())).isFalse();
        assertThat(AwsEndpoints.requiresTls("jdbc:mysql://h/db?sslMode=DISABLED", Map.of())).isFalse();
        assertThat(AwsEndpoints.requiresTls("jdbc:mariadb://h/db?sslMode=disable", Map.of())).isFalse();
        assertThat(AwsEndpoints.requiresTls("jdbc:mariadb://h/db", Map.of())).isFalse();
    }

    @Test
    void theIamEndpointIsTheUrlsOneHost() {
        assertThat(AwsEndpoints.hostAndPort("jdbc:mysql://db.abc.eu-west-1.rds.amazonaws.com:3307/app?sslMode=REQUIRED"))
                .isEqualTo(new AwsEndpoints.HostAndPort("db.abc.eu-west-1.rds.amazonaws.com", 3307));
        assertThat(AwsEndpoints.hostAndPort("jdbc:mysql://db/app")).isEqualTo(new AwsEndpoints.HostAndPort("db", 3306));
        assertThatThrownBy(() -> AwsEndpoints.hostAndPort("jdbc:mysql://a:3306,b:3306/app"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("one host");
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertThat(new Credentials("app", "s3cret").toString()).doesNotContain("s3cret").contains("app");
        assertThat(CredentialsProvider.of("app", "s3cret").toString()).doesNotContain("s3cret");
        ServerlessMySqlConfig config = ServerlessMySqlConfig.builder().jdbcUrl("jdbc:mysql://db:3306/app")
                .username("app").password("s3cret").buildConfig();
        assertThat(config.toString()).doesNotContain("s3cret");
    }
}
