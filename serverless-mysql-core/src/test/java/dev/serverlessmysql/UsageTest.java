package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsageTest {

    private static Usage usage(int used, int limit) {
        return new Usage(used, limit, false, 0, true);
    }

    @Test
    void exactlyAtTheThresholdIsNotOver() {
        assertThat(usage(8, 10).isOver(0.8)).isFalse();
        assertThat(usage(4, 5).isOver(0.8)).isFalse();
        assertThat(usage(9, 10).isOver(0.8)).isTrue();
    }

    @Test
    void excessIsWhatBringsUsageBackToTheThreshold() {
        assertThat(usage(10, 10).excessOver(0.8)).isEqualTo(2);
        assertThat(usage(8, 10).excessOver(0.8)).isZero();
        assertThat(usage(151, 151).excessOver(0.8)).isEqualTo(31);
        assertThat(usage(1, 1).excessOver(0.8)).isEqualTo(1);
    }

    @Test
    void excessAgreesWithIsOverWhereFloatingPointRoundsDown() {
        // 0.57 * 100 is 56.99999999999999: floor() would demand one kill too many.
        assertThat(usage(58, 100).excessOver(0.57)).isEqualTo(1);
        assertThat(usage(57, 100).isOver(0.57)).isFalse();
    }

    @Test
    void aLimitOfZeroIsNeverOver() {
        assertThat(usage(5, 0).isOver(0.8)).isFalse();
        assertThat(usage(5, 0).excessOver(0.8)).isZero();
    }
}
