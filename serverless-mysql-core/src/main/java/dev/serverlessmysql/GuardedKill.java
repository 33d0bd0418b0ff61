package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One guarded KILL for the {@link ZombieReaper}: right before it the candidate is checked again to
 * be asleep at least as long as its listing required and, when that listing saw transactions,
 * outside one; a thread that woke up since is spared. On MariaDB the re-check and the KILL are one
 * anonymous {@code BEGIN NOT ATOMIC} block (one round trip; the window left is the server's own
 * time between the condition and the KILL), on MySQL, which has no anonymous blocks, the re-check
 * is the statement right before the KILL (a window of one round trip). A KILL statement carries
 * {@code long}s read from the server and nothing else.
 *
 * <p>Guards: none needed; it keeps no state (the counters are atomic). It runs on the thread of a
 * housekeeping run, on that run's own connection.
 */
final class GuardedKill {

    /** The re-check's answers: the thread is gone, may still be killed (and was, by a KILL), or woke up. */
    static final int GONE = 0;
    static final int STILL_ASLEEP = 1;
    static final int WOKE_UP = 2;

    private final Counters counters;

    GuardedKill(Counters counters) {
        this.counters = counters;
    }

    /**
     * Re-checks the candidate and kills it when it still sleeps, as {@code dialect} sends it:
     * {@link #GONE}, {@link #STILL_ASLEEP} (killed) or {@link #WOKE_UP} (spared).
     */
    int kill(Connection own, Sleeper sleeper, ServerDialect dialect) throws SQLException {
        return dialect == ServerDialect.MARIADB ? recheckAndKill(own, sleeper) : recheckThenKill(own, sleeper);
    }

    /**
     * MariaDB: the re-check and the KILL in one anonymous block, one round trip. The window left
     * is the server's own time between evaluating the condition and killing, microseconds.
     */
    private int recheckAndKill(Connection own, Sleeper sleeper) throws SQLException {
        counters.housekeepingStatements.incrementAndGet();
        String sql = "BEGIN NOT ATOMIC DECLARE st INT; SET st = (" + recheck(sleeper, Long.toString(sleeper.id()))
                + "); IF st = " + STILL_ASLEEP + " THEN KILL " + sleeper.id() + "; END IF; SELECT st; END";
        try (Statement statement = own.createStatement()) {
            boolean rows = statement.execute(sql);
            while (!rows && statement.getUpdateCount() != -1) {
                rows = statement.getMoreResults();
            }
            if (!rows) {
                return GONE;
            }
            try (ResultSet result = statement.getResultSet()) {
                return state(result);
            }
        }
    }

    /**
     * MySQL, which has no anonymous blocks: the re-check in the statement right before the KILL.
     * The window left is one round trip.
     */
    private int recheckThenKill(Connection own, Sleeper sleeper) throws SQLException {
        int state = recheck(own, sleeper);
        if (state == STILL_ASLEEP) {
            counters.housekeepingStatements.incrementAndGet();
            try (Statement statement = own.createStatement()) {
                statement.execute("KILL " + sleeper.id());
            }
        }
        return state;
    }

    /** The re-check on its own, one statement: {@link #GONE}, {@link #STILL_ASLEEP} or {@link #WOKE_UP}. */
    int recheck(Connection own, Sleeper sleeper) throws SQLException {
        counters.housekeepingStatements.incrementAndGet();
        try (PreparedStatement statement = own.prepareStatement(recheck(sleeper, "?"))) {
            statement.setLong(1, sleeper.id());
            try (ResultSet result = statement.executeQuery()) {
                return state(result);
            }
        }
    }

    private static int state(ResultSet result) throws SQLException {
        if (!result.next()) {
            return GONE;
        }
        int state = result.getInt(1);
        return result.wasNull() ? GONE : state;
    }

    /**
     * One row or none: {@value #STILL_ASLEEP} when the thread still meets what the listing asked
     * for, {@value #WOKE_UP} when not, NULL when it is gone. Only numbers are spliced in.
     */
    private static String recheck(Sleeper sleeper, String id) {
        boolean transactions = sleeper.maxTime() >= 0;
        return "SELECT MAX(CASE WHEN p.COMMAND = 'Sleep' AND p.TIME >= " + sleeper.minTime()
                + (transactions ? " AND (t.trx_mysql_thread_id IS NULL OR p.TIME > " + sleeper.maxTime() + ")" : "")
                + " THEN " + STILL_ASLEEP + " ELSE " + WOKE_UP + " END) FROM information_schema.PROCESSLIST p"
                + (transactions ? " LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID" : "")
                + " WHERE p.ID = " + id + " AND p.ID <> CONNECTION_ID()";
    }

    /** A candidate, with the TIME bounds its listing used (maxTime -1: transactions not checked). */
    record Sleeper(long id, long seconds, long minTime, long maxTime) {
    }
}
