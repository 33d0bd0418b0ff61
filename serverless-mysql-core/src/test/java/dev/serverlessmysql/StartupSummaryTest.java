package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class StartupSummaryTest {

    private static ServerlessMySqlConfig.Builder valid() {
        return ServerlessMySqlConfig.builder().jdbcUrl("jdbc:mysql://orders_app:s3cret@db.example:3306/orders?password=s3cret")
                .username("orders_app").password("s3cret");
    }

    @Test
    void defaultsSayWhichDataSourceServerAndUserAndThatNothingChanged() {
        String line = StartupSummary.of(valid().buildConfig());
        assertThat(line).contains("ServerlessMySqlDataSource", "orders_app@db.example:3306",
                "all serverless.mysql.* settings at their defaults").doesNotContain("s3cret");
    }

    @Test
    void onlyTheSettingsThatDifferAreNamedByTheirPropertyAndWrittenAsAUserWritesThem() {
        String line = StartupSummary.of(valid().leaseTimeout(Duration.ofSeconds(10)).maxRetries(5)
                .zombieMinTimeout(Duration.ofMillis(500).plusMillis(4500)).driverProperty("trustStorePassword", "s3cret")
                .buildConfig());
        assertThat(line).contains("lease-timeout=10s", "retry.max-retries=5", "zombie.min-timeout=5s",
                "driver properties [trustStorePassword]").doesNotContain("s3cret").doesNotContain("PT")
                .doesNotContain("thaw-threshold").doesNotContain("connect-timeout");
    }

    @Test
    void severalConnectionsPerEnvironmentAreSaidInsteadOfOnePerContainer() {
        ServerlessMySqlConfig config = valid().lambdaMaxConcurrency(null).maxConnectionsPerEnvironment(8).buildConfig();
        assertThat(StartupSummary.of(config)).contains("up to 8 connections per environment")
                .doesNotContain("one connection per container");
        assertThat(StartupSummary.changedSettings(config)).containsExactly("max-connections-per-environment=8");
        assertThat(StartupSummary.of(valid().lambdaMaxConcurrency(null).buildConfig()))
                .contains("one connection per container");
    }

    @Test
    void theLambdaAndHousekeepingSwitchesAreNamedByTheirCurrentProperties() {
        assertThat(StartupSummary.changedSettings(valid().housekeepingEnabled(false).lambdaShutdownEnabled(false)
                .captureLeaseStackTraces(true).buildConfig()))
                .containsExactly("housekeeping.enabled=false", "lambda-shutdown.enabled=false", "lease-leak-stack-trace=true");
    }

    @Test
    void theBackoffIsNamedByItsProperties() {
        assertThat(StartupSummary.changedSettings(valid().retryCap(Duration.ofMillis(50))
                .backoffPolicy(Backoff.Policy.DECORRELATED_JITTER).buildConfig()))
                .containsExactly("retry.backoff=decorrelated-jitter", "retry.cap=50ms");
    }

    @Test
    void aDefaultThatFollowsAnotherSettingIsNotReportedAsChanged() {
        // thaw-threshold defaults to min(1s, zombie.min-timeout); session-wait-timeout to zombie.max-timeout.
        assertThat(StartupSummary.changedSettings(valid().zombieMaxTimeout(Duration.ofMinutes(30)).buildConfig()))
                .containsExactly("zombie.max-timeout=30m");
        assertThat(StartupSummary.changedSettings(valid().sessionWaitTimeout(Duration.ZERO).buildConfig()))
                .containsExactly("session-wait-timeout=0s");
        // used-connections-cache-ttl-under-half defaults to five times used-connections-cache-ttl.
        assertThat(StartupSummary.changedSettings(valid().usedConnectionsCacheTtl(Duration.ofSeconds(2)).buildConfig()))
                .containsExactly("used-connections-cache-ttl=2s");
        assertThat(StartupSummary.changedSettings(valid().usedConnectionsCacheTtlUnderHalf(Duration.ofSeconds(1)).buildConfig()))
                .containsExactly("used-connections-cache-ttl-under-half=1s");
    }
}
