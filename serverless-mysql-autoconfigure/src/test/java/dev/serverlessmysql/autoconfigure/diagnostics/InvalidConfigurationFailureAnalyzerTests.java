package dev.serverlessmysql.autoconfigure.diagnostics;

import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidConfigurationFailureAnalyzerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                    "spring.datasource.username=orders", "spring.datasource.password=s3cret-pw");

    @Test
    void invalidUtilizationFailsStartUpNamingThePropertyValueAndRange() {
        runner.withPropertyValues("serverless.mysql.connection-utilization=1.5").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: serverless.mysql.connection-utilization")
                    .contains("Value: 1.5").contains("Allowed: a fraction greater than 0 and at most 1");
            assertThat(analysis.getAction()).startsWith("Consider the following:")
                    .contains("Set serverless.mysql.connection-utilization to");
        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "serverless.mysql.connection-utilization, 0", "serverless.mysql.max-connections-cache-ttl, -1s",
            "serverless.mysql.used-connections-cache-ttl, -1s", "serverless.mysql.thaw-threshold, -1s",
            "serverless.mysql.validation-timeout, 500ms", "serverless.mysql.lease-timeout, 0s",
            "serverless.mysql.connect-timeout, 0s", "serverless.mysql.session-wait-timeout, 500ms",
            "serverless.mysql.retry.max-retries, -1", "serverless.mysql.retry.base, 0ms",
            "serverless.mysql.retry.cap, 1ms", "serverless.mysql.zombie.min-timeout, 0s",
            "serverless.mysql.zombie.max-timeout, 2s", "serverless.mysql.zombie.max-kills-per-invocation, 0" })
    void everyInvalidValueFailsStartUpNamingItsProperty(String property, String value) {
        runner.withPropertyValues(property + "=" + value).run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: " + property).contains("Allowed: ");
            assertThat(analysis.getAction()).contains(property);
        });
    }

    @Test
    void anUnknownBackoffPolicyFailsBindingNamingTheProperty() {
        // Not a value the DataSource rejects but one Spring cannot bind: Boot's own bind failure
        // analysis reports it, with the property's name.
        runner.withPropertyValues("serverless.mysql.retry.backoff=exponential").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("serverless.mysql.retry.backoff")
                    .hasStackTraceContaining("exponential");
        });
    }

    @Test
    void durationBelowItsMinimumNamesTheProperty() {
        runner.withPropertyValues("serverless.mysql.zombie.min-timeout=500ms").run((context) -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: serverless.mysql.zombie.min-timeout");
        });
    }

    @Test
    void durationsAreShownAsAUserWritesThemNeverInIso8601() {
        runner.withPropertyValues("serverless.mysql.validation-timeout=500ms").run((context) -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Value: 500ms").contains("Allowed: 1s to 1h")
                    .doesNotContain("PT");
            assertThat(analysis.getAction()).doesNotContain("PT");
        });
        runner.withPropertyValues("serverless.mysql.thaw-threshold=-1s").run((context) -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Value: -1s").contains("zombie.min-timeout (3s)")
                    .doesNotContain("PT");
        });
    }

    @Test
    void thawThresholdAboveZombieMinTimeoutIsRejected() {
        runner.withPropertyValues("serverless.mysql.thaw-threshold=5s").run((context) -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: serverless.mysql.thaw-threshold")
                    .contains("serverless.mysql.zombie.min-timeout");
        });
    }

    @Test
    void urlThatIsNotMySqlNamesThePropertyAndSuggestsDisabling() {
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example:5432/orders").run((context) -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: spring.datasource.url")
                    .contains("jdbc:postgresql://db.example:5432/orders");
            assertThat(analysis.getAction()).startsWith("Consider the following:")
                    .contains("jdbc:mysql://").contains("serverless.mysql.enabled=false");
        });
    }

    @Test
    void missingUrlSaysWhatToSet() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class))
                .run((context) -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("spring.datasource.url is not set");
                    assertThat(analysis.getAction()).contains("Set spring.datasource.url");
                });
    }

    @Test
    void passwordNeverAppearsInTheAnalysis() {
        runner.withPropertyValues(
                "spring.datasource.url=jdbc:postgresql://orders:s3cret-pw@db.example/orders?password=s3cret-pw")
                .run((context) -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Property: spring.datasource.url")
                            .doesNotContain("s3cret-pw");
                    assertThat(analysis.getAction()).doesNotContain("s3cret-pw");
                });
    }

    @Test
    void analyzerIsRegisteredForSpringBootsFailureReporting() {
        // Other analyzers need constructor arguments that only Spring Boot's reporter supplies.
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, null,
                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { })))
                .hasAtLeastOneElementOfType(InvalidConfigurationFailureAnalyzer.class);
    }

    private static FailureAnalysis analyze(Throwable failure) {
        FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }
}
