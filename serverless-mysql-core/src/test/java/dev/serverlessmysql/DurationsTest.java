package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "PT0.5S, 500ms", "PT1S, 1s", "PT15M, 15m", "PT-1S, -1s", "PT0S, 0s", "PT1H, 1h", "PT8760H, 365d",
            "PT1.5S, 1500ms", "PT90S, 90s", "PT0.000001S, 1us", "PT0.000000001S, 1ns", "PT-0.002S, -2ms", "PT24H, 1d" })
    void aDurationIsWrittenAsAUserWritesIt(String iso, String written) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(written);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "PT0.123S, 123ms", "PT9.999S, 9999ms", "PT12.345S, 12.3s", "PT30S, 30.0s" })
    void anElapsedTimeIsRoundedForReading(String iso, String written) {
        assertThat(Durations.formatElapsed(Duration.parse(iso))).isEqualTo(written);
    }
}
