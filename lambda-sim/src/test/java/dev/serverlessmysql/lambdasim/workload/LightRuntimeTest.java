package dev.serverlessmysql.lambdasim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which AppCDS archive each light kind starts from: its own data source's. */
class LightRuntimeTest {

    @Test
    void eachLightKindStartsFromTheArchiveTrainedOnItsDataSource() {
        assertThat(LightRuntime.trainee("light")).isEqualTo("light");
        assertThat(LightRuntime.trainee("light-noext")).isEqualTo("light");
        assertThat(LightRuntime.trainee("light-hikari")).isEqualTo("light-hikari");
        assertThat(LightRuntime.trainee("light-hikari-ext")).isEqualTo("light-hikari");
        assertThat(LightRuntime.trainee("light-hikari-pool")).isEqualTo("light-hikari");
    }
}
