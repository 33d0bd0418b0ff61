package dev.serverlessmysql.autoconfigure.diagnostics;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * URLs rejected at start-up because they log in as another user or cannot be read safely: the
 * failure, its analysis and its whole stack trace name the property but never the password.
 */
class UrlSecretsFailureAnalyzerTests {

    private static final String SECRET = "Spring-S3cret-pw";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.username=orders", "spring.datasource.password=" + SECRET);

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://other:" + SECRET + "@db.example/orders",
        "jdbc:mysql:/other:" + SECRET + "@db.example/orders",
        "jdbc:mariadb://db.example/orders?user=other&password=" + SECRET,
        "jdbc:mysql://address=(host=db.example)(user=other)(password=" + SECRET + ")/orders",
        "jdbc:mysql://db.example/orders?password=" + SECRET + "&" + SECRET,
        "jdbc:mysql://orders:" + SECRET + "?x@db.example/orders",
        "jdbc:postgresql:/orders:" + SECRET + "@db.example/orders"})
    void aRejectedUrlIsAnalysedWithoutItsPassword(String url) {
        runner.withPropertyValues("spring.datasource.url=" + url).run((context) -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer().analyze(failure);
            assertThat(analysis).as("analysis of %s", failure).isNotNull();
            assertThat(analysis.getDescription()).contains("spring.datasource.url").doesNotContain(SECRET);
            assertThat(analysis.getAction()).doesNotContain(SECRET);
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).contains("spring.datasource.url").doesNotContain(SECRET);
        });
    }
}
