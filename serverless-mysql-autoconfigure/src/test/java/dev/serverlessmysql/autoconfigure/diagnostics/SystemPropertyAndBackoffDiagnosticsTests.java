package dev.serverlessmysql.autoconfigure.diagnostics;

import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys and values that Spring Boot's own checks let through or explain in other words than the
 * documentation's: unknown {@code serverless.mysql.*} keys given as {@code -D} system properties,
 * and a backoff policy that is none.
 */
class SystemPropertyAndBackoffDiagnosticsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                    "spring.datasource.username=orders", "spring.datasource.password=s3cret-pw");

    @Test
    void aSystemPropertyTypoFailsStartUpNamingTheNearestKey() {
        runner.withSystemProperties("serverless.mysql.connection-utilisation=0.5").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new UnknownPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: serverless.mysql.connection-utilisation")
                    .contains("did you mean serverless.mysql.connection-utilization?")
                    .contains("Origin: \"serverless.mysql.connection-utilisation\" from property source \"systemProperties\"");
            assertThat(analysis.getAction()).contains("Rename serverless.mysql.connection-utilisation to "
                    + "serverless.mysql.connection-utilization");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "serverless.mysql.zombie.min-timeout", "serverless.mysql.zombie.minTimeout",
            "serverless.mysql.zombie.min_timeout", "serverless.mysql.retry.backoff=decorrelated-jitter",
            "serverless.mysql.enabled=true" })
    void validKeysAsSystemPropertiesInAnyRelaxedFormStart(String property) {
        String assignment = property.contains("=") ? property : property + "=4s";
        runner.withSystemProperties(assignment).run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void otherSystemPropertiesAreNotOurs() {
        runner.withSystemProperties("serverless.other=1", "serverlessmysql.x=1")
                .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void anUnknownBackoffPolicyIsExplainedInTheDocumentedForm() {
        runner.withPropertyValues("serverless.mysql.retry.backoff=exponential").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new BackoffPolicyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: serverless.mysql.retry.backoff")
                    .contains("Value: exponential").contains("Allowed: full-jitter or decorrelated-jitter")
                    .doesNotContain("FULL_JITTER");
            assertThat(analysis.getAction())
                    .contains("Set serverless.mysql.retry.backoff to full-jitter or decorrelated-jitter.");
        });
    }

    @Test
    void otherBindFailuresAreLeftToSpringBoot() {
        runner.withPropertyValues("serverless.mysql.lease-timeout=soon").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(new BackoffPolicyFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
        });
    }
}
