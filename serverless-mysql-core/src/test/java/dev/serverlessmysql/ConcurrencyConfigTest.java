package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How many connections an environment may hold: the setting, else AWS_LAMBDA_MAX_CONCURRENCY, else 1. */
class ConcurrencyConfigTest {

    private static ServerlessMySqlConfig.Builder builder() {
        return ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example:3306/app").username("app");
    }

    @Test
    void oneConnectionOffManagedInstances() {
        assertThat(builder().lambdaMaxConcurrency(null).buildConfig().maxConnectionsPerEnvironment()).isEqualTo(1);
    }

    @Test
    void theManagedInstancesConcurrencyIsTheDefault() {
        assertThat(builder().lambdaMaxConcurrency("64").buildConfig().maxConnectionsPerEnvironment()).isEqualTo(64);
    }

    @Test
    void theSettingWinsOverTheEnvironment() {
        assertThat(builder().lambdaMaxConcurrency("64").maxConnectionsPerEnvironment(2).buildConfig()
                .maxConnectionsPerEnvironment()).isEqualTo(2);
    }

    @Test
    void impossibleValuesNameTheSettingAndWhereTheValueCameFrom() {
        assertThatThrownBy(() -> builder().maxConnectionsPerEnvironment(0).buildConfig())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("maxConnectionsPerEnvironment").hasMessageContaining("1 to 1000");
        assertThatThrownBy(() -> builder().lambdaMaxConcurrency("lots").buildConfig())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("AWS_LAMBDA_MAX_CONCURRENCY=lots")
                .hasMessageContaining("maxConnectionsPerEnvironment");
    }
}
