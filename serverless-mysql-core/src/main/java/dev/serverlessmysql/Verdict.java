package dev.serverlessmysql;

/**
 * What one housekeeping run found and did: the answer of {@link Housekeeping#run}, read by the
 * {@link SharingPolicy} to decide what the environment does with its connections.
 *
 * @param usage the connection usage the run acted on (fresh or cached)
 * @param room whether the usage was at or under {@code connection-utilization}
 * @param overWithNothingKilled the server stays over the threshold and no zombie could be killed:
 *        the environment should close own connections
 * @param othersRefused the run's fresh sample showed the server over the threshold and other
 *        clients' connect attempts failing since the previous sample (refused, as a rule); false
 *        after a run whose kills made room
 * @param othersRefusedInARow how many fresh samples in a row, up to this run's, showed it: one
 *        refused attempt is a probe, refusals sample after sample someone starving
 * @param killed zombie connections gone by this run's kills
 */
record Verdict(Usage usage, boolean room, boolean overWithNothingKilled, boolean othersRefused,
               int othersRefusedInARow, int killed) {

    /** Whether the run read the usage from the server rather than from the cache. */
    boolean sampled() {
        return usage.fresh();
    }
}
