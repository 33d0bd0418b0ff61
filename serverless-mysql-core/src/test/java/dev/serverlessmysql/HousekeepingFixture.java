package dev.serverlessmysql;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.serverlessmysql.test.ServerThread;
import dev.serverlessmysql.test.TestDatabase;

/**
 * A {@link Housekeeping} for one test user, with a clock the test moves and a listener that
 * records every event.
 */
final class HousekeepingFixture {

    private static final Pattern KILL = Pattern.compile("\\bKILL (\\d+)");

    final Counters counters = new Counters();
    final Recorder events = new Recorder();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final UsageLifetime lifetime;
    final Housekeeping housekeeping;

    HousekeepingFixture(TestDatabase user, UnaryOperator<ServerlessMySqlConfig.Builder> settings) {
        this(user, settings, List.of());
    }

    HousekeepingFixture(TestDatabase user, UnaryOperator<ServerlessMySqlConfig.Builder> settings,
                        List<ServerlessMySqlListener> more) {
        ServerlessMySqlConfig config = settings.apply(ServerlessMySqlConfig.builder()
                .jdbcUrl(user.jdbcUrl()).username(user.username()).password(user.password())).buildConfig();
        List<ServerlessMySqlListener> listeners = new ArrayList<>(more);
        listeners.add(events);
        housekeeping = new Housekeeping(config, counters, new Events(listeners), nanos::get, () -> 1.0);
        lifetime = new UsageLifetime(config.connectionUtilization(), config.usedConnectionsCacheTtl().toNanos(),
                config.usedConnectionsCacheTtlUnderHalf().toNanos(), config.maxConnectionsPerEnvironment() == 1);
    }

    /** One run; true when it asks the DataSource to close own connections (over the threshold, nothing killed). */
    boolean run(Connection own) throws SQLException {
        return housekeeping.run(own, java.util.Set.of()).overWithNothingKilled();
    }

    /**
     * How long the last sample lives ({@link UsageLifetime}, this fixture's jitter of 1): the
     * configured lifetime, or longer with more connections counted on the server.
     */
    Duration usageLifetime() {
        Recorder.Sampled last = events.lastSampled();
        return Duration.ofNanos(lifetime.nanos(last.used(), last.limit(), 1.0));
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    long statements() {
        return counters.housekeepingStatements.get();
    }

    /** Every event that housekeeping may send. */
    static final class Recorder implements ServerlessMySqlListener {
        record Sampled(int used, int limit) {
        }

        record KillFailed(long threadId, int errorCode) {
        }

        final List<Sampled> sampled = new CopyOnWriteArrayList<>();
        final List<Long> killed = new CopyOnWriteArrayList<>();
        final List<KillFailed> killsFailed = new CopyOnWriteArrayList<>();

        @Override
        public void onUsageSampled(int used, int limit) {
            sampled.add(new Sampled(used, limit));
        }

        @Override
        public void onZombieKilled(long threadId, long idleSeconds) {
            killed.add(threadId);
        }

        @Override
        public void onKillFailed(long threadId, SQLException cause) {
            killsFailed.add(new KillFailed(threadId, cause.getErrorCode()));
        }

        Sampled lastSampled() {
            return sampled.get(sampled.size() - 1);
        }
    }

    /**
     * The own connection, except that just before each {@code KILL n} it runs {@code beforeKill}
     * with the thread id and then sends {@code KILL} of the id {@code rewrite} returns: a race
     * with another container, or a thread we may not kill, at exactly that moment.
     */
    static Connection interceptingKills(Connection own, LongConsumer beforeKill, LongUnaryOperator rewrite) {
        return interceptingKills(own, beforeKill, rewrite, id -> { });
    }

    /** The same, and when the server refuses the KILL (any SQLException), {@code refused} runs with the original id first. */
    static Connection interceptingKills(Connection own, LongConsumer beforeKill, LongUnaryOperator rewrite,
                                        LongConsumer refused) {
        return (Connection) Proxy.newProxyInstance(HousekeepingFixture.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(own, method, args);
                    if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                        return killIntercepting(statement, beforeKill, rewrite, refused);
                    }
                    return result;
                });
    }

    private static Statement killIntercepting(Statement statement, LongConsumer beforeKill,
                                              LongUnaryOperator rewrite, LongConsumer refused) {
        return (Statement) Proxy.newProxyInstance(HousekeepingFixture.class.getClassLoader(),
                new Class<?>[] {Statement.class}, (proxy, method, args) -> {
                    Matcher kill = args != null && args.length == 1 && args[0] instanceof String sql
                            && method.getName().equals("execute") ? KILL.matcher(sql) : null;
                    if (kill != null && kill.find()) {
                        // A plain KILL, or the KILL inside the reaper's guarded block: only its id is rewritten.
                        String sql = (String) args[0];
                        long id = Long.parseLong(kill.group(1));
                        beforeKill.accept(id);
                        try {
                            return statement.execute(sql.substring(0, kill.start(1)) + rewrite.applyAsLong(id)
                                    + sql.substring(kill.end(1)));
                        } catch (SQLException e) {
                            refused.accept(id);
                            throw e;
                        }
                    }
                    return invoke(statement, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static List<Long> threadIds(TestDatabase user) {
        return user.threads().stream().map(ServerThread::id).toList();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Captures what slf4j-simple writes to System.err while open. */
    static final class CapturedLog implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        CapturedLog() {
            System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }

        long count(String fragment) {
            String text = bytes.toString(StandardCharsets.UTF_8);
            return text.lines().filter(line -> line.contains(fragment)).count();
        }

        @Override
        public void close() {
            System.setErr(original);
            original.print(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
