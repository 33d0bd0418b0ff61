package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The extension ends its invoke phase as early before the deadline as the handler's default
 * reserve: a phase that overruns the function's timeout ends the environment like a timeout.
 */
class InvokePhaseMarginTest {

    @Test
    void theMarginIsTheDefaultReserveOfTheFunctionsTimeout() {
        assertThat(InvokePhase.deadlineMargin(3_000)).as("Lambda's default timeout").isEqualTo(Duration.ofMillis(300));
        assertThat(InvokePhase.deadlineMargin(500)).as("at least").isEqualTo(Duration.ofMillis(100));
        assertThat(InvokePhase.deadlineMargin(900_000)).as("at most").isEqualTo(Duration.ofSeconds(1));
        assertThat(InvokePhase.deadlineMargin(0)).as("no deadline seen yet").isEqualTo(Duration.ofMillis(100));
    }
}
