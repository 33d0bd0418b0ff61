package dev.serverlessmysql.autoconfigure.diagnostics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnknownPropertyFailureAnalyzerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                    "spring.datasource.username=orders", "spring.datasource.password=s3cret-pw");

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "serverless.mysql.zombie.mintimout, serverless.mysql.zombie.min-timeout",
            "serverless.mysql.connection-utilisation, serverless.mysql.connection-utilization",
            "serverless.mysql.retry.max-retry, serverless.mysql.retry.max-retries",
            "serverless.mysql.leaseTimout, serverless.mysql.lease-timeout" })
    void aTypoFailsStartUpNamingTheKeyAndTheNearestValidOne(String typo, String nearest) {
        runner.withPropertyValues(typo + "=5").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: " + typo)
                    .contains("did you mean " + nearest + "?");
            assertThat(analysis.getAction()).startsWith("Consider the following:")
                    .contains("Rename " + typo + " to " + nearest);
        });
    }

    @Test
    void aKeyWithoutItsDashIsARelaxedFormThatAppliesNotATypo() {
        // Spring Boot compares names ignoring dashes: zombie.mintimeout is zombie.min-timeout.
        runner.withPropertyValues("serverless.mysql.zombie.mintimeout=5s").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ServerlessMySqlDataSource.class).config().zombieMinTimeout())
                    .isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void theAnalysisComesBeforeSpringBootsOwnForTheSameFailure() {
        runner.withPropertyValues("serverless.mysql.zombie.mintimout=5s").run((context) -> {
            List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                    null, SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { }));
            FailureAnalysis first = analyzers.stream().map((analyzer) -> analyzer.analyze(context.getStartupFailure()))
                    .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
            assertThat(first.getDescription()).contains("did you mean serverless.mysql.zombie.min-timeout?");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "serverless.mysql.zombie.min-timeout", "serverless.mysql.zombie.minTimeout",
            "serverless.mysql.zombie.min_timeout", "serverless.mysql.zombie.MIN-TIMEOUT" })
    void relaxedFormsOfAValidKeyStayValid(String key) {
        runner.withPropertyValues(key + "=5s").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ServerlessMySqlDataSource.class).config().zombieMinTimeout())
                    .isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void theEnvironmentVariableFormStaysValid() {
        runner.withInitializer((context) -> context.getEnvironment().getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("SERVERLESS_MYSQL_ZOMBIE_MINTIMEOUT", "5s", "SERVERLESS_MYSQL_RETRY_MAXRETRIES", "7"))))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ServerlessMySqlDataSource.class).config().zombieMinTimeout())
                            .isEqualTo(Duration.ofSeconds(5));
                    assertThat(context.getBean(ServerlessMySqlDataSource.class).config().maxRetries()).isEqualTo(7);
                });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void springBootPrintsTheAnalysisWhenStartUpFails(CapturedOutput output) {
        SpringApplication application = new SpringApplication(TypoApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                "--spring.datasource.username=orders", "--serverless.mysql.zombie.min-timout=5s"))
                .hasStackTraceContaining("serverless.mysql.zombie.min-timout");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("did you mean serverless.mysql.zombie.min-timeout?")
                .contains("Rename serverless.mysql.zombie.min-timout to serverless.mysql.zombie.min-timeout");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ ServerlessMySqlAutoConfiguration.class, DataSourceAutoConfiguration.class })
    static class TypoApplication {
    }

    @Test
    void theValidKeysAreReadFromThePropertiesClass() {
        assertThat(ServerlessMySqlPropertyNames.of(ServerlessMySqlProperties.class, "serverless.mysql."))
                .contains("serverless.mysql.enabled", "serverless.mysql.lease-timeout", "serverless.mysql.retry.backoff",
                        "serverless.mysql.retry.max-retries", "serverless.mysql.zombie.max-kills-per-invocation")
                .doesNotContain("serverless.mysql.retry", "serverless.mysql.zombie");
    }

    private static FailureAnalysis analyze(Throwable failure) {
        FailureAnalysis analysis = new UnknownPropertyFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }
}
