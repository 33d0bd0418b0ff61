package dev.serverlessmysql.lambdasim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void medianOfAnOddAndAnEvenNumberOfRepetitions() {
        assertThat(Spread.of(List.of(30.0, 10.0, 20.0))).isEqualTo(new Spread(20, 10, 30, 3));
        assertThat(Spread.of(List.of(40.0, 10.0, 20.0, 30.0)).median()).isEqualTo(25);
    }

    @Test
    void flagsASpreadAboveAQuarterOfTheMedianOnly() {
        assertThat(Spread.of(List.of(100.0, 110.0, 125.0)).flagged()).isFalse(); // 25 / 110
        assertThat(Spread.of(List.of(100.0, 110.0, 130.0)).flagged()).isTrue(); // 30 / 110
        assertThat(Spread.of(List.of(100.0, 110.0, 130.0)).text()).isEqualTo("110 (100–130) **!**");
        assertThat(Spread.of(List.of(100.0)).flagged()).isFalse();
    }

    @Test
    void leavesUnmeasuredValuesOut() {
        Spread spread = Spread.of(List.of(Double.NaN, 4.0, 6.0));
        assertThat(spread.repetitions()).isEqualTo(2);
        assertThat(spread.median()).isEqualTo(5);
        assertThat(Spread.of(List.of(Double.NaN)).text()).isEqualTo("–");
    }
}
