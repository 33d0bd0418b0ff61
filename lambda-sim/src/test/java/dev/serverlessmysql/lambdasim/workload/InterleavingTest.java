package dev.serverlessmysql.lambdasim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class InterleavingTest {

    private static final LoadProfile SPACED = LoadProfile.spaced(100, Duration.ofSeconds(2), 667, 14);

    @Test
    void everyKindReplaysTheWholeScheduleInRoundsWhoseOrderRotates() {
        List<LoadProfile.Arrival> schedule = SPACED.arrivals(100, 1);

        List<Interleaving.Block> blocks = Interleaving.blocks(schedule, 2, 10);

        assertThat(blocks).hasSize(20);
        assertThat(blocks.stream().map(Interleaving.Block::kind).toList())
                .containsExactly(0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0);
        for (int kind = 0; kind < 2; kind++) {
            int k = kind;
            List<LoadProfile.Arrival> replayed = blocks.stream().filter(block -> block.kind() == k)
                    .flatMap(block -> block.arrivals().stream()).toList();
            assertThat(replayed).hasSize(667);
            assertThat(replayed.stream().map(LoadProfile.Arrival::container).toList())
                    .isEqualTo(schedule.stream().map(LoadProfile.Arrival::container).toList());
        }
        // Block sizes differ by at most one; both kinds' blocks of a round are the same arrivals.
        assertThat(blocks.stream().mapToInt(block -> block.arrivals().size()).max().getAsInt()
                - blocks.stream().mapToInt(block -> block.arrivals().size()).min().getAsInt()).isLessThanOrEqualTo(1);
        assertThat(blocks.get(2).arrivals()).isEqualTo(blocks.get(3).arrivals());
    }

    @Test
    void aBlockKeepsTheSchedulesGapsFromThePreviousBlocksLastArrival() {
        List<LoadProfile.Arrival> schedule = List.of(new LoadProfile.Arrival(0, 100), new LoadProfile.Arrival(1, 250),
                new LoadProfile.Arrival(2, 300), new LoadProfile.Arrival(0, 1_000));

        List<Interleaving.Block> blocks = Interleaving.blocks(schedule, 3, 2);

        assertThat(blocks.stream().map(Interleaving.Block::kind).toList()).containsExactly(0, 1, 2, 1, 2, 0);
        assertThat(blocks.get(0).arrivals()).containsExactly(new LoadProfile.Arrival(0, 100), new LoadProfile.Arrival(1, 250));
        assertThat(blocks.get(3).arrivals()).containsExactly(new LoadProfile.Arrival(2, 50), new LoadProfile.Arrival(0, 750));
    }

    @Test
    void oneKindRunsItsScheduleInOneBlock() {
        List<LoadProfile.Arrival> schedule = SPACED.arrivals(100, 2);

        List<Interleaving.Block> blocks = Interleaving.blocks(schedule, 1, 10);

        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).arrivals()).isEqualTo(schedule);
        assertThat(new ArrayList<>(blocks.get(0).arrivals())).hasSize(667);
    }
}
