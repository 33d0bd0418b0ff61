package dev.serverlessmysql.lambdasim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfSmallAndLargeSamples() {
        assertThat(Percentiles.nearestRank(List.of(4.0, 1.0, 3.0, 2.0), 50)).isEqualTo(2.0);
        assertThat(Percentiles.nearestRank(List.of(4.0, 1.0, 3.0, 2.0), 100)).isEqualTo(4.0);
        assertThat(Percentiles.nearestRank(List.of(7.0), 99)).isEqualTo(7.0);
        List<Double> hundred = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            hundred.add((double) i);
        }
        assertThat(Percentiles.nearestRank(hundred, 99)).isEqualTo(99.0);
        assertThat(Percentiles.nearestRank(hundred, 50)).isEqualTo(50.0);
    }

    @Test
    void unmeasuredValuesAreLeftOut() {
        assertThat(Percentiles.nearestRank(List.of(Double.NaN, 5.0, Double.NaN), 50)).isEqualTo(5.0);
        assertThat(Percentiles.nearestRank(List.of(Double.NaN), 50)).isNaN();
        assertThat(Percentiles.mean(List.of(0.0, 10.0, Double.NaN, 20.0))).isEqualTo(10.0);
        assertThat(Percentiles.mean(List.of())).isNaN();
        assertThatThrownBy(() -> Percentiles.nearestRank(List.of(1.0), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
