package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reads the connection limit and usage, each cached for its own lifetime, with one round trip
 * for whatever is stale. The usage part also asks how long this user's oldest other thread has
 * been asleep, so that housekeeping lists threads only when one may be killable.
 *
 * <p>The limit: the session value of {@code max_user_connections} is the account's own limit
 * ({@code ALTER USER ... WITH MAX_USER_CONNECTIONS n}) when it has one, else the global value, on
 * both MySQL and MariaDB, and any user may read it. The usage: {@code information_schema.PROCESSLIST}
 * shows an unprivileged user its own threads only, and a user with PROCESS everyone's; the user
 * name is always a bind parameter.
 */
final class UsageProbe {

    private static final String LIMIT_COLUMNS =
            "@@SESSION.max_user_connections AS max_user_connections, @@GLOBAL.max_connections AS max_connections,"
                    + " @@SESSION.wait_timeout AS wait_timeout";
    private static final String USAGE_COLUMNS = "p.user_threads, p.oldest_sleep";
    private static final String USAGE_FROM = " FROM (SELECT COUNT(*) AS user_threads,"
            + " MAX(CASE WHEN COMMAND = 'Sleep' AND ID <> CONNECTION_ID() THEN TIME END) AS oldest_sleep"
            + " FROM information_schema.PROCESSLIST WHERE USER = ?) p";
    private static final String SHOW_THREADS_CONNECTED = "SHOW GLOBAL STATUS LIKE 'Threads_connected'";

    private final String username;
    private final long limitTtlNanos;
    private final long usageTtlNanos;
    private final Counters counters;
    private final LongSupplier nanoClock;

    // Written by the housekeeping run under the lease; cleared by afterRestore() from any thread.
    private volatile ServerDialect dialect;
    private volatile LimitSample limitSample;
    private volatile UsageSample usageSample;

    UsageProbe(ServerlessMySqlConfig config, Counters counters, LongSupplier nanoClock) {
        this.username = config.username();
        this.limitTtlNanos = config.maxConnectionsCacheTtl().toNanos();
        this.usageTtlNanos = config.usedConnectionsCacheTtl().toNanos();
        this.counters = counters;
        this.nanoClock = nanoClock;
    }

    /** Limit and usage, from the cache when fresh, else read in one statement on {@code own}. */
    Usage sample(Connection own) throws SQLException {
        long now = nanoClock.getAsLong();
        LimitSample limit = limitSample;
        UsageSample usage = usageSample;
        boolean readLimit = limit == null || now - limit.atNanos >= limitTtlNanos;
        boolean readUsage = usage == null || now - usage.atNanos >= usageTtlNanos;
        if (readLimit || readUsage) {
            ServerDialect dialect = dialect(own);
            try (PreparedStatement statement = own.prepareStatement(sql(dialect, readLimit, readUsage))) {
                if (readUsage) {
                    statement.setString(1, username);
                }
                counters.housekeepingStatements.incrementAndGet();
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    if (readLimit) {
                        limit = new LimitSample(row.getLong("max_connections"), row.getLong("max_user_connections"),
                                row.getLong("wait_timeout"), now);
                        limitSample = limit;
                    }
                    if (readUsage) {
                        long threadsConnected = row.getLong("threads_connected");
                        if (row.wasNull()) {
                            threadsConnected = showThreadsConnected(own);
                        }
                        long oldest = row.getLong("oldest_sleep");
                        usage = new UsageSample(threadsConnected, row.getLong("user_threads"),
                                row.wasNull() ? -1 : oldest, now);
                        usageSample = usage;
                    }
                }
            }
        }
        boolean userLimit = limit.userLimitApplies();
        long used = userLimit ? usage.userThreads : usage.threadsConnected;
        return new Usage(clamp(used), clamp(userLimit ? limit.maxUserConnections : limit.maxConnections), userLimit,
                usage.oldestSleepBound(now), readUsage);
    }

    /** Takes connections that went away (killed, or the own one released) off the cached usage. */
    void connectionsGone(int count) {
        UsageSample usage = usageSample;
        if (usage != null && count > 0) {
            usageSample = new UsageSample(Math.max(0, usage.threadsConnected - count),
                    Math.max(0, usage.userThreads - count), usage.oldestSleepSeconds, usage.atNanos);
        }
    }

    void clear() {
        dialect = null;
        limitSample = null;
        usageSample = null;
    }

    /** The own session's {@code wait_timeout} as last read, or -1. */
    long sessionWaitTimeoutSeconds() {
        LimitSample limit = limitSample;
        return limit == null ? -1 : limit.waitTimeoutSeconds;
    }

    private ServerDialect dialect(Connection own) throws SQLException {
        ServerDialect known = dialect;
        if (known == null) {
            known = ServerDialect.of(own.getMetaData());
            dialect = known;
        }
        return known;
    }

    static String sql(ServerDialect dialect, boolean limit, boolean usage) {
        StringBuilder sql = new StringBuilder("SELECT ");
        if (limit) {
            sql.append(LIMIT_COLUMNS);
        }
        if (usage) {
            sql.append(limit ? ", " : "").append(dialect.threadsConnectedSubquery()).append(" AS threads_connected, ")
                    .append(USAGE_COLUMNS).append(USAGE_FROM);
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

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, value));
    }

    private record LimitSample(long maxConnections, long maxUserConnections, long waitTimeoutSeconds, long atNanos) {
        boolean userLimitApplies() {
            return maxUserConnections > 0 && maxUserConnections < maxConnections;
        }
    }

    private record UsageSample(long threadsConnected, long userThreads, long oldestSleepSeconds, long atNanos) {
        /**
         * The processlist TIME the oldest sleeper can show by now: a thread asleep at sampling has
         * aged by the time passed since (rounded up, as TIME counts whole seconds); one that fell
         * asleep later is younger than that time.
         */
        long oldestSleepBound(long now) {
            long elapsedNanos = Math.max(0, now - atNanos);
            if (oldestSleepSeconds < 0) {
                return TimeUnit.NANOSECONDS.toSeconds(elapsedNanos);
            }
            return oldestSleepSeconds + (elapsedNanos + 999_999_999L) / 1_000_000_000L;
        }
    }
}
