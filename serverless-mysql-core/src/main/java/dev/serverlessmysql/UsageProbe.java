package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Reads the connection usage, cached for its lifetime, in one round trip when stale, with the
 * connection limit in the same statement once the limit is older than its own lifetime
 * ({@code max-connections-cache-ttl}); the limit is never read on its own.
 *
 * <p>The limit: the session value of {@code max_user_connections} is the account's own limit
 * ({@code ALTER USER ... WITH MAX_USER_CONNECTIONS n}) when it has one, else the global value, on
 * both MySQL and MariaDB, and any user may read it.
 *
 * <p>The usage reads only what the limit needs. Against the server-wide limit it is the status
 * counter {@code Threads_connected}, which the server keeps: no processlist is listed. Against the
 * per-user limit it is this user's threads in the processlist, the only place a server exposes them
 * to an unprivileged user: {@code performance_schema.processlist} on MySQL 8.0.22+ (no global
 * mutex), else {@code information_schema.PROCESSLIST}, which shows an unprivileged user its own
 * threads only. That count comes with the age of this user's oldest other sleeping thread, so that
 * housekeeping lists threads only when one may be killable. Before the limit is first known, both
 * are read. The user name is always a bind parameter, compared byte for byte.
 *
 * <p>A usage sample lives as {@link UsageLifetime} says: not at all near the threshold, long with
 * headroom (longer as more connections share the server, so that a fleet's reads per second stay
 * bounded), jittered.
 *
 * <p>With several connections per environment, each usage read also carries the server-wide
 * {@code Aborted_connects} (in the same statement): whether other clients failed to connect since
 * the previous sample (on a full server: were refused), which an environment that holds
 * connections while another starves has no other way to learn.
 */
final class UsageProbe {

    private static final String LIMIT_COLUMNS =
            "@@SESSION.max_user_connections AS max_user_connections, @@GLOBAL.max_connections AS max_connections,"
                    + " @@SESSION.wait_timeout AS wait_timeout";
    private static final String USER_COLUMNS = "p.user_threads, p.oldest_sleep";
    private static final String USER_FROM = " FROM (SELECT COUNT(*) AS user_threads,"
            + " MAX(CASE WHEN COMMAND = 'Sleep' AND ID <> CONNECTION_ID() THEN TIME END) AS oldest_sleep"
            + " FROM %s WHERE CAST(USER AS BINARY) = CAST(? AS BINARY)) p";
    private static final String SHOW_THREADS_CONNECTED = "SHOW GLOBAL STATUS LIKE 'Threads_connected'";
    /** Table access denied, no such table, database access denied, PROCESS needed. */
    private static final Set<Integer> UNREADABLE = Set.of(1142, 1146, 1044, 1227);
    /** ER_UNKNOWN_STMT_HANDLER: a server-side prepared statement the session no longer has. */
    private static final int UNKNOWN_STATEMENT = 1243;

    private final String username;
    private final long limitTtlNanos;
    private final UsageLifetime lifetime;
    private final DoubleSupplier jitter;
    private final Counters counters;
    private final Clock clock;
    /** Whether usage reads carry the server's failed-connect counter (several connections per environment). */
    private final boolean countFailed;

    // Written only under the housekeeping lock (the DataSource's Steward: one run or clear at a
    // time, on whichever thread), so no update is lost (connectionsGone's read-modify-write among
    // them); volatile because usageStale() and sessionWaitTimeoutSeconds() read them without it.
    private volatile ServerDialect dialect;
    private volatile LimitSample limitSample;
    private volatile UsageSample usageSample;
    // Under the housekeeping lock too: the usage statements prepared on the connection the last read
    // ran on, for that dialect, by what they read (the key's bits: the limit, the server count, the
    // user count, the failed connects).
    private Connection preparedOn;
    private ServerDialect preparedFor;
    private final PreparedStatement[] prepared = new PreparedStatement[16];

    UsageProbe(ServerlessMySqlConfig config, Counters counters, Clock clock, DoubleSupplier jitter) {
        this.username = config.username();
        this.limitTtlNanos = config.maxConnectionsCacheTtl().toNanos();
        this.lifetime = new UsageLifetime(config.connectionUtilization(), nanos(config.usedConnectionsCacheTtl()),
                nanos(config.usedConnectionsCacheTtlUnderHalf()), config.maxConnectionsPerEnvironment() == 1);
        this.jitter = jitter;
        this.counters = counters;
        this.clock = clock;
        this.countFailed = config.maxConnectionsPerEnvironment() > 1;
    }

    /** Whether the next run would read the usage from the server. */
    boolean usageStale() {
        return expired(usageSample, clock.nanoTime());
    }

    /** Whether {@code usage} is missing or older than the lifetime it was given when read. */
    private static boolean expired(UsageSample usage, long now) {
        return usage == null || now - usage.atNanos >= usage.ttlNanos;
    }

    /** The server kind as detected at the first read (null before): the reaper asks it rather than detect it again. */
    ServerDialect dialect() {
        return dialect;
    }

    /** What housekeeping sees of a sample: the count against the limit that applies. */
    private static Usage usage(UsageSample usage, LimitSample limit, long oldestSleepSeconds, boolean fresh) {
        return new Usage(clamp(usage.counted(limit)), clamp(limit.applying()), limit.userLimitApplies(),
                oldestSleepSeconds, fresh);
    }

    /**
     * Limit and usage, from the cache when fresh, else read in one statement on {@code own}. A
     * limit older than its lifetime is read again with the next usage read, never on its own: a
     * container invoked every few seconds read it alone at every third invocation or so (15 s
     * against a usage sample that lives 25-50 s at 83 % of the threshold in a fleet of 300), a
     * round trip spent on a value that changes when an administrator changes it. Until the usage
     * is read again, the cached limit is what that usage is measured against, so the two stay
     * consistent.
     */
    Usage sample(Connection own) throws SQLException {
        long now = clock.nanoTime();
        LimitSample limit = limitSample;
        UsageSample usage = usageSample;
        boolean fresh = expired(usage, now) || limit == null;
        if (fresh) {
            read(own, now, limit == null || now - limit.atNanos >= limitTtlNanos);
        }
        limit = limitSample;
        usage = usageSample;
        return usage(usage, limit, usage.oldestSleepBound(now), fresh);
    }

    /** Takes connections that went away (killed, or the own one released) off the cached usage. */
    void connectionsGone(int count) {
        UsageSample usage = usageSample;
        if (usage != null && count > 0) {
            usageSample = new UsageSample(less(usage.threadsConnected, count), less(usage.userThreads, count),
                    usage.oldestSleepSeconds, usage.failedConnects, usage.atNanos, usage.ttlNanos);
        }
    }

    void clear() {
        closePrepared();
        dialect = null;
        limitSample = null;
        usageSample = null;
    }

    /**
     * The server's {@code Aborted_connects} at the last usage read, or -1 when
     * not read (one connection per environment, or no sample yet).
     */
    long failedConnects() {
        UsageSample usage = usageSample;
        return usage == null ? -1 : usage.failedConnects;
    }

    /** The own session's {@code wait_timeout} as last read, or -1. */
    long sessionWaitTimeoutSeconds() {
        LimitSample limit = limitSample;
        return limit == null ? -1 : limit.waitTimeoutSeconds;
    }

    /** Reads the usage, and the limit too when {@code readLimit}, in one statement as a rule. */
    private void read(Connection own, long now, boolean readLimit) throws SQLException {
        LimitSample previous = limitSample;
        // The last limit known says which count matters; before the first one, both are read.
        boolean countUser = previous == null || previous.userLimitApplies();
        boolean countServer = previous == null || !previous.userLimitApplies();
        Row row = query(own, now, readLimit, countServer, countUser, countFailed);
        LimitSample limit = readLimit ? row.limit : previous;
        long threadsConnected = row.threadsConnected;
        long userThreads = row.userThreads;
        long oldestSleep = row.oldestSleep;
        // The limit read just now may have changed sides (ALTER USER, SET GLOBAL): fetch what it needs.
        if (limit.userLimitApplies() && userThreads < 0) {
            Row more = query(own, now, false, false, true, false);
            userThreads = more.userThreads;
            oldestSleep = more.oldestSleep;
        } else if (!limit.userLimitApplies() && threadsConnected < 0) {
            threadsConnected = query(own, now, false, true, false, false).threadsConnected;
        }
        if (readLimit) {
            limitSample = limit;
        }
        long counted = limit.userLimitApplies() ? userThreads : threadsConnected;
        usageSample = new UsageSample(threadsConnected, userThreads, oldestSleep, row.failedConnects, now,
                lifetime.nanos(counted, limit.applying(), jitter.getAsDouble()));
    }

    private Row query(Connection own, long now, boolean readLimit, boolean countServer, boolean countUser,
                      boolean countFailed) throws SQLException {
        ServerDialect current = dialect(own);
        try {
            Row row = query(own, current, now, readLimit, countServer, countUser, countFailed);
            // performance_schema off: its tables answer, empty, yet the own thread is always there.
            if (countUser && row.userThreads == 0 && current.fallback() != current) {
                dialect = current.fallback();
                return query(own, dialect, now, readLimit, countServer, countUser, countFailed);
            }
            return row;
        } catch (SQLException e) {
            if (!countUser || current.fallback() == current || !UNREADABLE.contains(e.getErrorCode())) {
                throw e;
            }
            dialect = current.fallback();
            return query(own, dialect, now, readLimit, countServer, countUser, countFailed);
        }
    }

    private Row query(Connection own, ServerDialect dialect, long now, boolean readLimit, boolean countServer,
                      boolean countUser, boolean countFailed) throws SQLException {
        counters.housekeepingStatements.incrementAndGet();
        int key = (readLimit ? 1 : 0) | (countServer ? 2 : 0) | (countUser ? 4 : 0) | (countFailed ? 8 : 0);
        if (preparedOn != own || preparedFor != dialect) {
            closePrepared();
            preparedOn = own;
            preparedFor = dialect;
        }
        boolean reused = prepared[key] != null;
        PreparedStatement statement = statement(own, dialect, key, readLimit, countServer, countUser, countFailed);
        try {
            return query(own, statement, now, readLimit, countServer, countUser, countFailed);
        } catch (SQLException e) {
            // Not reused after a failure; a server-side statement the session lost (a session reset
            // with useServerPrepStmts) is prepared again once.
            closePrepared(key);
            if (!reused || e.getErrorCode() != UNKNOWN_STATEMENT) {
                throw e;
            }
            statement = statement(own, dialect, key, readLimit, countServer, countUser, countFailed);
            return query(own, statement, now, readLimit, countServer, countUser, countFailed);
        }
    }

    private Row query(Connection own, PreparedStatement statement, long now, boolean readLimit, boolean countServer,
                      boolean countUser, boolean countFailed) throws SQLException {
        if (countUser) {
            statement.setString(1, username);
        }
        long threadsConnected = -1;
        long userThreads = -1;
        long oldestSleep = -1;
        long refused = -1;
        LimitSample limit = null;
        boolean showNeeded = false;
        // Columns by position, in sql()'s order: the failed connects, the three limit columns, the
        // server count, the user count and the oldest sleep (by label the driver looks each up).
        int column = 1;
        try (ResultSet row = statement.executeQuery()) {
            row.next();
            if (countFailed) {
                long value = row.getLong(column++);
                refused = row.wasNull() ? -1 : value;
            }
            if (readLimit) {
                limit = new LimitSample(row.getLong(column + 1), row.getLong(column), row.getLong(column + 2), now);
                column += 3;
            }
            if (countServer) {
                threadsConnected = row.getLong(column++);
                showNeeded = row.wasNull();
            }
            if (countUser) {
                userThreads = row.getLong(column++);
                long oldest = row.getLong(column);
                oldestSleep = row.wasNull() ? -1 : oldest;
            }
        }
        if (showNeeded) {
            threadsConnected = showThreadsConnected(own);
        }
        return new Row(limit, threadsConnected, userThreads, oldestSleep, refused);
    }

    /**
     * The statement that reads what the key's bits ask for, prepared on {@code own} once and reused
     * by every later read on it: {@code prepareStatement} scans the whole SQL text (about 500
     * characters) in the driver at each call, code a Lambda JVM (C1 only, housekeeping runs a few
     * times in its life) may still interpret: measured with Connector/J 9.7 against MariaDB 11.4,
     * that scan took 250 us of a read's 0.85 ms of client CPU once compiled (C1), 4.7 ms of 6 ms
     * interpreted ({@code -Xint}); reused, a read took 0.6 ms and 1.2 ms. The cache holds the
     * statements of {@link #preparedOn} for {@link #preparedFor} only.
     */
    private PreparedStatement statement(Connection own, ServerDialect dialect, int key, boolean readLimit,
                                        boolean countServer, boolean countUser, boolean countFailed) throws SQLException {
        PreparedStatement statement = prepared[key];
        if (statement == null) {
            statement = own.prepareStatement(sql(dialect, readLimit, countServer, countUser, countFailed));
            prepared[key] = statement;
        }
        return statement;
    }

    /** Closes every statement prepared for usage reads (the connection they are on is replaced, or the caches cleared). */
    private void closePrepared() {
        for (int key = 0; key < prepared.length; key++) {
            closePrepared(key);
        }
        preparedOn = null;
        preparedFor = null;
    }

    private void closePrepared(int key) {
        PreparedStatement statement = prepared[key];
        prepared[key] = null;
        if (statement != null) {
            try {
                statement.close();
            } catch (SQLException e) {
                // its connection is gone: so is the statement
            }
        }
    }

    private ServerDialect dialect(Connection own) throws SQLException {
        ServerDialect known = dialect;
        if (known == null) {
            known = ServerDialect.of(own.getMetaData());
            dialect = known;
        }
        return known;
    }

    /**
     * One statement for what is asked: the limit, the server-wide count, this user's count (with
     * the oldest sleeper's age), in any combination but none.
     */
    static String sql(ServerDialect dialect, boolean limit, boolean countServer, boolean countUser) {
        return sql(dialect, limit, countServer, countUser, false);
    }

    /** The same, with the server's failed-connect counter ({@code Aborted_connects}) when {@code countFailed}. */
    static String sql(ServerDialect dialect, boolean limit, boolean countServer, boolean countUser,
                      boolean countFailed) {
        StringBuilder sql = new StringBuilder("SELECT ");
        String separator = "";
        if (countFailed) {
            sql.append(dialect.failedConnectsSubquery()).append(" AS failed_connects");
            separator = ", ";
        }
        if (limit) {
            sql.append(separator).append(LIMIT_COLUMNS);
            separator = ", ";
        }
        if (countServer) {
            sql.append(separator).append(dialect.threadsConnectedSubquery()).append(" AS threads_connected");
            separator = ", ";
        }
        if (countUser) {
            sql.append(separator).append(USER_COLUMNS).append(String.format(USER_FROM, dialect.processlistTable()));
        }
        return sql.toString();
    }

    /** MySQL with performance_schema off has an empty global_status; SHOW still answers. */
    private long showThreadsConnected(Connection own) throws SQLException {
        counters.housekeepingStatements.incrementAndGet();
        try (Statement statement = own.createStatement();
             ResultSet row = statement.executeQuery(SHOW_THREADS_CONNECTED)) {
            return row.next() ? row.getLong(2) : 0;
        }
    }

    private static long nanos(java.time.Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long less(long count, int gone) {
        return count < 0 ? count : Math.max(0, count - gone);
    }

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, value));
    }

    private record Row(LimitSample limit, long threadsConnected, long userThreads, long oldestSleep,
                       long failedConnects) {
    }

    private record LimitSample(long maxConnections, long maxUserConnections, long waitTimeoutSeconds, long atNanos) {
        boolean userLimitApplies() {
            return maxUserConnections > 0 && maxUserConnections < maxConnections;
        }

        /** The limit that applies: the per-user one when it does, else the server's. */
        long applying() {
            return userLimitApplies() ? maxUserConnections : maxConnections;
        }
    }

    /**
     * -1 for a count not read; {@code oldestSleepSeconds} is -1 when none sleeps or the user count was
     * not read; {@code failedConnects} is the server's {@code Aborted_connects}.
     */
    private record UsageSample(long threadsConnected, long userThreads, long oldestSleepSeconds, long failedConnects,
                               long atNanos, long ttlNanos) {
        /** The count against {@code limit}: this user's threads or the server's; -1 when not read. */
        long counted(LimitSample limit) {
            return limit.userLimitApplies() ? userThreads : threadsConnected;
        }

        /**
         * The processlist TIME the oldest sleeper can show by now, or -1 when the processlist was
         * not read: a thread asleep at sampling has aged by the time passed since (rounded up, as
         * TIME counts whole seconds); one that fell asleep later is younger than that time.
         */
        long oldestSleepBound(long now) {
            if (userThreads < 0) {
                return -1;
            }
            long elapsedNanos = Math.max(0, now - atNanos);
            if (oldestSleepSeconds < 0) {
                return TimeUnit.NANOSECONDS.toSeconds(elapsedNanos);
            }
            return oldestSleepSeconds + (elapsedNanos + 999_999_999L) / 1_000_000_000L;
        }
    }
}
