package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code housekeeping.enabled}, and {@code zombie.enabled} kept working as its deprecated alias. */
@ExtendWith(OutputCaptureExtension.class)
class HousekeepingPropertyTests {

    private static final String DEPRECATED = "serverless.mysql.zombie.enabled is deprecated";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                    "spring.datasource.username=orders");

    @Test
    void housekeepingIsOnByDefaultWithoutAWarning(CapturedOutput output) {
        runner.run((context) -> assertThat(housekeeping(context)).isTrue());
        assertThat(output).doesNotContain(DEPRECATED);
    }

    @Test
    void housekeepingEnabledFalseTurnsItOff(CapturedOutput output) {
        runner.withPropertyValues("serverless.mysql.housekeeping.enabled=false")
                .run((context) -> assertThat(housekeeping(context)).isFalse());
        assertThat(output).doesNotContain(DEPRECATED);
    }

    @Test
    void deprecatedZombieEnabledStillTurnsHousekeepingOffAndWarnsNamingTheReplacement(CapturedOutput output) {
        runner.withPropertyValues("serverless.mysql.zombie.enabled=false")
                .run((context) -> assertThat(housekeeping(context)).isFalse());
        assertThat(output).contains(DEPRECATED).contains("serverless.mysql.housekeeping.enabled=false");
    }

    @Test
    void whenBothAreSetTheNewKeyWinsAndTheOldOneIsReportedAsIgnored(CapturedOutput output) {
        runner.withPropertyValues("serverless.mysql.zombie.enabled=false", "serverless.mysql.housekeeping.enabled=true")
                .run((context) -> assertThat(housekeeping(context)).isTrue());
        assertThat(output).contains("serverless.mysql.zombie.enabled (false) is deprecated and ignored");
    }

    private static boolean housekeeping(org.springframework.context.ApplicationContext context) {
        return context.getBean(ServerlessMySqlDataSource.class).config().housekeepingEnabled();
    }
}
