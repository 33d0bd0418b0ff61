package dev.serverlessmysql.lambdasim.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * How {@code spaced} interleaves its kinds within a repetition, so that a busy spell of the shared
 * machine hits every kind alike: every kind replays the same arrivals ({@link LoadProfile#arrivals},
 * the same seed), cut into blocks of consecutive arrivals; the blocks run in rounds, each round one
 * block of every kind, the kinds' order rotated by one each round (kind 0 first in round 0, kind 1
 * first in round 1, ...). A block runs alone and is drained (every invocation's invoke phase ended)
 * before the next begins, so the server's counters and CPU time between a block's start and end
 * are its kind's alone. The machine sees one kind's rate at any time, as when kinds ran one after
 * the other; a container's kind waits while the others' blocks run, so with {@code k} kinds a
 * container is invoked about {@code k} times its schedule's mean interval apart in wall time.
 */
public final class Interleaving {

    private Interleaving() {
    }

    /**
     * One block of one kind.
     *
     * @param kind the kind's index in the list of interleaved kinds
     * @param round the block's number within its kind's schedule, from 0
     * @param arrivals the block's arrivals, each at its time after the block's start: the time since
     *        the previous block's last arrival (the schedule's gaps are kept, the first one included)
     */
    public record Block(int kind, int round, List<LoadProfile.Arrival> arrivals) {
    }

    /**
     * The blocks of one repetition in the order they run.
     *
     * @param schedule the arrivals every kind replays, in time order
     * @param kinds how many kinds are interleaved (1: one block, the whole schedule)
     * @param blocksPerKind how many blocks each kind's schedule is cut into (sizes differ by at most one)
     */
    public static List<Block> blocks(List<LoadProfile.Arrival> schedule, int kinds, int blocksPerKind) {
        if (kinds < 1 || blocksPerKind < 1) {
            throw new IllegalArgumentException("kinds and blocksPerKind must be at least 1: " + kinds + ", " + blocksPerKind);
        }
        int rounds = kinds == 1 ? 1 : Math.max(1, Math.min(blocksPerKind, schedule.size()));
        List<List<LoadProfile.Arrival>> cut = cut(schedule, rounds);
        List<Block> blocks = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int position = 0; position < kinds; position++) {
                blocks.add(new Block((round + position) % kinds, round, cut.get(round)));
            }
        }
        return List.copyOf(blocks);
    }

    /** {@code schedule} in {@code parts} consecutive parts, each part's times since the previous part's last arrival. */
    static List<List<LoadProfile.Arrival>> cut(List<LoadProfile.Arrival> schedule, int parts) {
        List<List<LoadProfile.Arrival>> cut = new ArrayList<>();
        long previousEnd = 0;
        int from = 0;
        for (int part = 0; part < parts; part++) {
            int to = (int) ((long) schedule.size() * (part + 1) / parts);
            List<LoadProfile.Arrival> arrivals = new ArrayList<>();
            for (LoadProfile.Arrival arrival : schedule.subList(from, to)) {
                arrivals.add(new LoadProfile.Arrival(arrival.container(), arrival.atNanos() - previousEnd));
            }
            if (to > from) {
                previousEnd = schedule.get(to - 1).atNanos();
            }
            cut.add(List.copyOf(arrivals));
            from = to;
        }
        return cut;
    }
}
