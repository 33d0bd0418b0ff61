package dev.serverlessmysql;

/**
 * The server's connection usage as housekeeping sees it at one invocation end.
 *
 * @param used connections counted against the limit: this user's threads when the per-user limit
 *        applies, else the server-wide {@code Threads_connected}
 * @param limit {@code max_user_connections} when it is set and lower than {@code max_connections},
 *        else {@code max_connections}
 * @param userLimit whether {@code limit} is the per-user limit
 * @param oldestSleepSeconds an upper bound on the processlist {@code TIME} of this user's oldest
 *        sleeping thread other than the own one; exact when {@code fresh}, 0 when none sleeps, and
 *        -1 when unknown (the usage came from the {@code Threads_connected} counter, not the processlist)
 * @param fresh whether the usage was read from the server by this run rather than taken from the cache
 */
record Usage(int used, int limit, boolean userLimit, long oldestSleepSeconds, boolean fresh) {

    /** Strictly above the threshold: exactly at it is not over. */
    boolean isOver(double utilization) {
        return isOver(used, utilization);
    }

    /** How many connections must go for usage to be back at or under the threshold. */
    int excessOver(double utilization) {
        int excess = 0;
        // Counting down with the same comparison as isOver avoids floor(limit * utilization)
        // rounding differently from used / limit (0.57 * 100 is 56.99999999999999 in doubles).
        while (excess < used && isOver(used - excess, utilization)) {
            excess++;
        }
        return excess;
    }

    private boolean isOver(int count, double utilization) {
        return limit > 0 && (double) count / limit > utilization;
    }
}
