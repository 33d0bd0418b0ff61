package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.GuardedKill.Sleeper;

/**
 * Finds and kills this account's zombie connections: threads of the configured user asleep long
 * enough, oldest first, never the own connection, and never one inside an open transaction before
 * {@code zombie.max-timeout} when the server lets us see transactions.
 *
 * <p>An account is a user name and a host pattern: only threads whose client host matches the own
 * account's host pattern ({@code CURRENT_USER()}) are candidates, and {@link OwnAccount} spares
 * those that may belong to another account of the same name.
 *
 * <p>Only rows whose {@code USER} equals, byte for byte, both the configured user name (a bind
 * parameter) and the user the server says this session logged in as are candidates, so a user
 * with PROCESS, who sees everyone's threads, still kills only its own, and not those of an
 * account whose name differs only in case ({@code PROCESSLIST.USER} compares case-insensitively,
 * account names do not).
 *
 * <p>Each KILL is guarded ({@link GuardedKill}): right before it, in the same statement on MariaDB
 * (an anonymous {@code BEGIN NOT ATOMIC} block) and in the statement before it on MySQL, the
 * candidate is checked again to be asleep at least as long as the listing required and, when
 * transactions are visible, outside one; a thread that woke up since the listing is spared. A KILL
 * statement carries {@code long}s read from the server and nothing else.
 *
 * <p>Guards: what it learns of the server (whether transactions are visible, whether killing was
 * refused, the dialect, the {@link OwnAccount}) is written by housekeeping runs, one at a time under
 * the {@link Steward}'s lock; volatile, so that a later run on another thread (a caller's or the
 * Lambda extension's) reads it.
 */
final class ZombieReaper {

    private static final Logger log = LoggerFactory.getLogger(ZombieReaper.class);

    static final int UNKNOWN_THREAD = 1094;
    static final int NOT_OWNER = 1095;
    /** "Access denied; you need (at least one of) the PROCESS privilege(s)". */
    private static final int SPECIFIC_ACCESS_DENIED = 1227;
    private static final int TABLE_ACCESS_DENIED = 1142;

    private static final String SLEEPERS = "SELECT p.ID, p.TIME, CONNECTION_ID() AS own_id" + OwnAccount.COLUMNS
            + " FROM information_schema.PROCESSLIST p";
    /** The user part of {@code USER()}: everything before the last {@code @} (a user name may hold one). */
    private static final String SESSION_USER = "SUBSTRING(USER(), 1, CHAR_LENGTH(USER()) - LOCATE('@', REVERSE(USER())))";
    private static final String SLEEPING = " WHERE CAST(p.USER AS BINARY) = CAST(? AS BINARY)"
            + " AND CAST(p.USER AS BINARY) = CAST(" + SESSION_USER + " AS BINARY)"
            + OwnAccount.MATCHES_OWN_PATTERN
            + " AND p.COMMAND = 'Sleep' AND p.TIME >= ? AND p.ID <> CONNECTION_ID()";
    /**
     * After a 1095, the pauses before each check whether the thread is gone: four checks within
     * 400 ms, once per DataSource at most when the refusal is real (killing stops after it).
     */
    private static final long[] REFUSAL_CHECK_PAUSES_MILLIS = {0, 50, 100, 250};
    private static final String OLDEST_FIRST = " ORDER BY p.TIME DESC, p.ID LIMIT ?";
    /** Any sleeping thread at least this old: the fallback without transaction state, and the sweep's listing. */
    static final String ASLEEP_SQL = SLEEPERS + SLEEPING + OLDEST_FIRST;
    /**
     * A join rather than NOT EXISTS: MariaDB checks the privilege for a joined INNODB_TRX even when
     * no row matches, so the answer does not depend on whether there was a candidate.
     */
    private static final String ASLEEP_OUTSIDE_TRANSACTION_SQL = SLEEPERS
            + " LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID"
            + SLEEPING + " AND (t.trx_mysql_thread_id IS NULL OR p.TIME > ?)" + OLDEST_FIRST;

    private final String username;
    private final OwnAccount account;
    private final long minSeconds;
    private final long maxSeconds;
    private final int maxKills;
    private final Counters counters;
    private final Events events;
    private final GuardedKill guardedKill;
    private final AtomicBoolean noProcessWarned = new AtomicBoolean();

    /** null until the first listing that needed it; then whether INNODB_TRX is readable. */
    private volatile Boolean transactionsVisible;
    /** Whether a KILL was refused as "not owner" (1095); written once, to true. */
    private volatile boolean killingRefused;
    /** null until the first KILL; then how the re-check is sent. */
    private volatile ServerDialect dialect;
    /** Runs right before each guarded KILL with the thread id; does nothing but in tests. */
    private final LongConsumer beforeKill;

    ZombieReaper(ServerlessMySqlConfig config, Counters counters, Events events) {
        this(config, counters, events, null, id -> { });
    }

    /**
     * A reaper that sends its re-checks as {@code dialect} says (null: as the server says at the
     * first KILL) and runs {@code beforeKill} right before each guarded KILL: tests use these to
     * take the MySQL path on MariaDB and to wake a thread between the listing and its KILL.
     */
    ZombieReaper(ServerlessMySqlConfig config, Counters counters, Events events, ServerDialect dialect,
            LongConsumer beforeKill) {
        this.dialect = dialect;
        this.beforeKill = beforeKill;
        this.username = config.username();
        this.account = new OwnAccount(username);
        // The processlist counts whole seconds: "at least 3.5 s" needs TIME >= 4.
        this.minSeconds = ceilSeconds(config.zombieMinTimeout().toNanos());
        this.maxSeconds = config.zombieMaxTimeout().toSeconds();
        this.maxKills = config.zombieMaxKillsPerInvocation();
        this.counters = counters;
        this.events = events;
        this.guardedKill = new GuardedKill(counters);
    }

    /** The processlist TIME from which a sleeping thread may be killed over the threshold. */
    long minSeconds() {
        return minSeconds;
    }

    /** Sleeping threads whose processlist TIME is above this are always killed. */
    long maxSeconds() {
        return maxSeconds;
    }

    /** Whether a KILL was refused as "not owner" (1095): then this DataSource kills no more. */
    boolean killingRefused() {
        return killingRefused;
    }

    /**
     * Over the threshold: kills up to {@code wanted} sleeping threads asleep for at least
     * {@code zombie.min-timeout}, oldest first, sparing open transactions until
     * {@code zombie.max-timeout} when they are visible, and never one of the environment's other
     * own connections ({@code otherOwn}: server thread ids).
     *
     * @return how many of them are gone (killed by us, or already gone)
     */
    int killForCapacity(Connection own, int wanted, Set<Long> otherOwn) throws SQLException {
        if (wanted <= 0 || killingRefused) {
            return 0;
        }
        // A few more rows than wanted, so that a failed KILL can be made up for within the bound.
        return kill(own, candidatesForCapacity(own, maxKills + otherOwn.size(), otherOwn), Math.min(wanted, maxKills));
    }

    /**
     * Under the threshold: kills threads asleep longer than {@code zombie.max-timeout}, sparing the
     * environment's other own connections.
     */
    int killExpired(Connection own, Set<Long> otherOwn) throws SQLException {
        if (killingRefused) {
            return 0;
        }
        // Past max-timeout even a thread inside a transaction goes: no need to know which are.
        return kill(own, list(own, ASLEEP_SQL, maxSeconds + 1, -1, maxKills + otherOwn.size(), otherOwn), maxKills);
    }

    /** The server kind housekeeping's usage read detected, so that it is detected once; a dialect already set stays. */
    void knowDialect(ServerDialect detected) {
        if (dialect == null) {
            dialect = detected;
        }
    }

    /** Forgets what was learnt about the privileges (after a restore, the account may differ). */
    void clear() {
        transactionsVisible = null;
        dialect = null;
        account.clear();
    }

    /** What this reaper knows of the own account (tests). */
    OwnAccount account() {
        return account;
    }

    private List<Sleeper> candidatesForCapacity(Connection own, int limit, Set<Long> otherOwn) throws SQLException {
        if (!Boolean.FALSE.equals(transactionsVisible)) {
            try {
                List<Sleeper> sleepers = list(own, ASLEEP_OUTSIDE_TRANSACTION_SQL, minSeconds, maxSeconds, limit, otherOwn);
                transactionsVisible = true;
                return sleepers;
            } catch (SQLException e) {
                if (!isAccessDenied(e)) {
                    throw e;
                }
                transactionsVisible = false;
                warnNoProcess();
            }
        }
        return list(own, ASLEEP_SQL, minSeconds, -1, limit, otherOwn);
    }

    private List<Sleeper> list(Connection own, String sql, long minTime, long maxTime, int limit, Set<Long> otherOwn)
            throws SQLException {
        counters.housekeepingStatements.incrementAndGet();
        try (PreparedStatement statement = own.prepareStatement(sql)) {
            int i = 1;
            statement.setString(i++, username);
            statement.setLong(i++, minTime);
            if (maxTime >= 0) {
                statement.setLong(i++, maxTime);
            }
            statement.setInt(i, limit);
            List<Listed> listed = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    listed.add(new Listed(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getString(4),
                            rows.getString(5), rows.getString(6)));
                }
            }
            List<Sleeper> sleepers = new ArrayList<>();
            for (Listed row : listed) {
                // The WHERE clause excludes it already; a KILL of the own thread must be impossible.
                // The environment's other connections (max-connections-per-environment) are its own too.
                // Another account of the same user name is never a zombie of ours.
                if (row.id != row.ownId && !otherOwn.contains(row.id)
                        && account.isOwn(own, counters, row.clientHost, row.ownClientHost, row.ownPattern)) {
                    sleepers.add(new Sleeper(row.id, row.seconds, minTime, maxTime));
                }
            }
            return sleepers;
        }
    }

    /** One row of a listing, read before anything else is sent on the connection. */
    private record Listed(long id, long seconds, long ownId, String clientHost, String ownClientHost, String ownPattern) {
    }

    private int kill(Connection own, List<Sleeper> sleepers, int wanted) throws SQLException {
        int gone = 0;
        int attempts = 0;
        for (Sleeper sleeper : sleepers) {
            if (gone >= wanted || attempts++ >= maxKills || killingRefused) {
                break;
            }
            if (kill(own, sleeper)) {
                gone++;
            }
        }
        return gone;
    }

    /** One guarded KILL; true when the thread is gone afterwards. Throws only when the own connection failed. */
    private boolean kill(Connection own, Sleeper sleeper) throws SQLException {
        beforeKill.accept(sleeper.id());
        int state;
        try {
            state = guardedKill.kill(own, sleeper, dialect(own));
        } catch (SQLException e) {
            return killFailed(own, sleeper, e);
        }
        if (state == GuardedKill.GONE) {
            log.debug("Zombie thread {} of user '{}' was already gone (another container killed it)", sleeper.id(), username);
            return true;
        }
        if (state == GuardedKill.WOKE_UP) {
            log.debug("Zombie candidate thread {} of user '{}' woke up after the listing; it is spared", sleeper.id(), username);
            return false;
        }
        counters.zombiesKilled.incrementAndGet();
        log.debug("Killed zombie connection: thread {} of user '{}', asleep {} s", sleeper.id(), username, sleeper.seconds());
        events.onZombieKilled(sleeper.id(), sleeper.seconds());
        return true;
    }

    private ServerDialect dialect(Connection own) throws SQLException {
        ServerDialect known = dialect;
        if (known == null) {
            known = ServerDialect.of(own.getMetaData());
            dialect = known;
        }
        return known;
    }

    private boolean killFailed(Connection own, Sleeper sleeper, SQLException e) throws SQLException {
        // A failure of our own session, which the DataSource must see, rather than of the KILL.
        if (ErrorClassifier.isConnectionBroken(e)) {
            throw e;
        }
        if (e.getErrorCode() == UNKNOWN_THREAD) {
            log.debug("Zombie thread {} of user '{}' was already gone (another container killed it)", sleeper.id(), username);
            return true;
        }
        if (e.getErrorCode() == NOT_OWNER && endsSoon(own, sleeper)) {
            log.debug("Zombie thread {} of user '{}' was ending when our KILL came (another container killed it):"
                    + " the server answered 1095, and the thread is gone", sleeper.id(), username);
            return true;
        }
        counters.killsFailed.incrementAndGet();
        events.onKillFailed(sleeper.id(), e);
        if (e.getErrorCode() == NOT_OWNER) {
            killingRefused = true;
            log.warn("The server refused to let user '{}' kill its own sleeping thread {} (1095: not owner), so this"
                    + " DataSource stops killing zombie connections until it is restarted. Usually the threads belong"
                    + " to another account of the same name, or a proxy holds the server-side connections; behind RDS"
                    + " Proxy turn housekeeping off: housekeepingEnabled(false)"
                    + " (serverless.mysql.housekeeping.enabled=false).", username, sleeper.id());
        } else {
            log.debug("KILL of zombie thread {} failed: {}", sleeper.id(), e.toString());
        }
        return false;
    }

    /**
     * Whether a thread whose KILL was refused as "not owner" is gone within a moment. MariaDB answers
     * 1095 to a KILL of a thread that is ending because another session killed it (measured: 2 of
     * 300 KILLs of one thread by two sessions at once): that is the race 1094 stands for, not a
     * refusal. A thread still there after {@link #REFUSAL_CHECK_PAUSES_MILLIS} was truly refused.
     * The check is the KILL's own re-check, which sees the threads the listing saw, so an invisible
     * thread cannot pass for gone.
     */
    private boolean endsSoon(Connection own, Sleeper sleeper) throws SQLException {
        for (long pause : REFUSAL_CHECK_PAUSES_MILLIS) {
            if (pause > 0) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (guardedKill.recheck(own, sleeper) == GuardedKill.GONE) {
                return true;
            }
        }
        return false;
    }

    private void warnNoProcess() {
        if (noProcessWarned.compareAndSet(false, true)) {
            log.warn("User '{}' lacks the PROCESS privilege, so housekeeping cannot see which sleeping connections"
                    + " hold an open transaction. Over the connection threshold it kills any of this user's"
                    + " connections asleep for zombieMinTimeout ({} s), rolling back a transaction paused that long."
                    + " Grant PROCESS to the user, or set zombieMinTimeout (serverless.mysql.zombie.min-timeout)"
                    + " above the longest pause your functions make inside a transaction.", username, minSeconds);
        }
    }

    private static boolean isAccessDenied(SQLException e) {
        return e.getErrorCode() == SPECIFIC_ACCESS_DENIED || e.getErrorCode() == TABLE_ACCESS_DENIED;
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
