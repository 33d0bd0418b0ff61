package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvocationDeadlineTest {

    @ParameterizedTest(name = "{0} ms left -> {1} ms")
    @CsvSource({"3000, 300", "2500, 250", "30000, 1000", "10000, 1000", "9990, 999", "900000, 1000",
            "1000, 100", "999, 100", "500, 100", "0, 100", "-5000, 100"})
    void theDefaultReserveIsATenthOfTheTimeLeftBetween100msAnd1s(long leftMillis, long reserveMillis) {
        assertThat(InvocationDeadline.defaultReserve(Duration.ofMillis(leftMillis))).isEqualTo(Duration.ofMillis(reserveMillis));
    }

    @Test
    void theWaitsEndTheReserveBeforeTheDeadline() {
        InvocationDeadline deadline = InvocationDeadline.in(Duration.ofSeconds(3), 1_000, null);
        assertThat(deadline.reserve()).isEqualTo(Duration.ofMillis(300));
        assertThat(deadline.endNanos()).isEqualTo(1_000 + Duration.ofMillis(2700).toNanos());
    }

    @Test
    void anExplicitReserveOverridesTheDefaultEvenZeroOrLongerThanTheTimeLeft() {
        assertThat(InvocationDeadline.in(Duration.ofSeconds(3), 0, Duration.ZERO).endNanos())
                .isEqualTo(Duration.ofSeconds(3).toNanos());
        InvocationDeadline beyond = InvocationDeadline.in(Duration.ofSeconds(3), 0, Duration.ofSeconds(5));
        assertThat(beyond.reserve()).isEqualTo(Duration.ofSeconds(5));
        assertThat(beyond.endNanos()).isEqualTo(-Duration.ofSeconds(2).toNanos());
    }

    @Test
    void aDeadlineFarAwayOrLongGoneDoesNotOverflow() {
        long now = Long.MAX_VALUE / 2;
        assertThat(InvocationDeadline.in(Duration.ofDays(365_000_000L), now, null).endNanos() - now).isPositive();
        assertThat(InvocationDeadline.in(Duration.ofDays(-365_000_000L), now, null).endNanos() - now).isNegative();
    }

    @Test
    void lateDeadlinesLeaveLeaseTimeoutInChargeAndNearOnesEndTheWait() {
        long[] now = {5_000};
        Clock clock = () -> now[0];
        Wait far = Wait.starting(clock, Duration.ofSeconds(30), InvocationDeadline.in(Duration.ofMinutes(5), now[0], null));
        assertThat(far.endedByDeadline()).isFalse();
        assertThat(far.endNanos()).isEqualTo(5_000 + Duration.ofSeconds(30).toNanos());
        Wait none = Wait.starting(clock, Duration.ofSeconds(30), null);
        assertThat(none.endedByDeadline()).isFalse();
        Wait near = Wait.starting(clock, Duration.ofSeconds(30), InvocationDeadline.in(Duration.ofSeconds(3), now[0], null));
        assertThat(near.endedByDeadline()).isTrue();
        assertThat(near.endNanos()).isEqualTo(5_000 + Duration.ofMillis(2700).toNanos());
        now[0] += Duration.ofSeconds(1).toNanos();
        assertThat(near.nanosLeft()).isEqualTo(Duration.ofMillis(1700).toNanos());
    }

    @Test
    void theReserveIsValidated() {
        assertThatThrownBy(() -> ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example/app").username("app")
                .deadlineReserve(Duration.ofMillis(-1)).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("deadlineReserve").hasMessageContaining("0 to 15m");
        assertThat(ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example/app").username("app")
                .buildConfig().deadlineReserve()).isNull();
    }
}
