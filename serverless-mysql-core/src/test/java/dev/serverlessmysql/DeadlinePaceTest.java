package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In a starved environment (a small function's share of a core; many on one host) a refused
 * connect takes long on the wall clock, and the last attempt, begun just before the wait's end,
 * ended after the invocation's deadline: Lambda timed the invocation out. With the deadline known,
 * an attempt starts only when one as slow as this wait's slowest so far still ends in time and
 * leaves the function four times as long to answer. A fake driver refuses each attempt as a full server does,
 * and moves a fake clock by the attempt's length: pure logic, no server.
 */
class DeadlinePaceTest {

    /** The DataSource's clock, moved only by the driver's attempts. */
    static final AtomicLong NOW = new AtomicLong();
    /** How long each attempt takes on that clock. */
    static volatile long attemptNanos;
    /** How long the first attempt takes (a cold JVM loading the driver's classes); 0: as the others. */
    static volatile long firstAttemptNanos;
    /** How long the second attempt takes; 0: as the others. */
    static volatile long secondAttemptNanos;
    /** When each attempt ended, on that clock. */
    static final List<Long> ENDED = new CopyOnWriteArrayList<>();

    /** Refuses every connect with 1040 after {@link #attemptNanos} of the fake clock. */
    public static final class SlowFullServerDriver implements Driver {
        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            long length = ENDED.isEmpty() && firstAttemptNanos > 0 ? firstAttemptNanos
                    : ENDED.size() == 1 && secondAttemptNanos > 0 ? secondAttemptNanos : attemptNanos;
            ENDED.add(NOW.addAndGet(length));
            throw new SQLNonTransientConnectionException("Too many connections", "08004", 1040);
        }

        @Override
        public boolean acceptsURL(String url) {
            return true;
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("test");
        }
    }

    @BeforeEach
    void reset() {
        NOW.set(0);
        ENDED.clear();
        firstAttemptNanos = 0;
        secondAttemptNanos = 0;
    }

    private static ServerlessMySqlDataSource dataSource(Duration reserve) {
        return dataSource(reserve, new RecordingListener());
    }

    private static ServerlessMySqlDataSource dataSource(Duration reserve, RecordingListener listener) {
        return new ServerlessMySqlDataSource(ServerlessMySqlConfig.builder().jdbcUrl("jdbc:mysql://127.0.0.1:3306/app")
                .listener(listener)
                .username("app").password("secret").driverClassName(SlowFullServerDriver.class.getName())
                // Delays of at most 10 ms (1 ms, grown tenfold while the server is full): the
                // attempts' count depends on their length alone.
                .retryBase(Duration.ofMillis(1)).retryCap(Duration.ofMillis(1)).deadlineReserve(reserve)
                .lambdaShutdownEnabled(false).buildConfig(), NOW::get);
    }

    @Test
    void noAttemptOutlastsTheWaitWhenAttemptsAreSlow() throws Exception {
        attemptNanos = Duration.ofMillis(400).toNanos();
        Duration reserve = Duration.ofMillis(300);
        try (ServerlessMySqlDataSource dataSource = dataSource(reserve)) {
            dataSource.beginInvocation(Instant.now().plusMillis(2700));
            // The wait ends at about 2.4 s on the fake clock (the deadline less the reserve, less
            // the real time between here and beginInvocation's own clock reading).
            long waitEnd = Duration.ofMillis(2400).toNanos();
            assertThatThrownBy(dataSource::getConnection).isInstanceOfSatisfying(SQLTransientConnectionException.class,
                    e -> assertThat(e.getMessage()).contains("the invocation's deadline was reached")
                            .contains("the last took 400ms").doesNotContain("secret"));
            // 400 ms each, and 400 + 1,300 (what four attempts take beyond the reserve: the
            // function's time to answer) to spare before starting another: the second ends at
            // 0.8 s and no third starts (0.8 + 1.7 is past the wait's end; the first attempt, which
            // loads the driver, sets no pace). With two attempts kept for the answer four were
            // made, ending at 1.6 s; with one a fifth, ending at 2.0 s; without any pace a sixth,
            // ending at the wait's very end with nothing left for the function to answer in a
            // starved environment.
            assertThat(ENDED).hasSize(2);
            assertThat(ENDED.get(ENDED.size() - 1)).isLessThanOrEqualTo(waitEnd);
            dataSource.endInvocation();
        }
    }

    @Test
    void whileTheServerIsFullEachSleepIsAtLeastFourTimesTheAttemptBeforeIt() throws Exception {
        // 30 ms attempts on the fake clock; the backoff alone sleeps at most 10 ms (real time).
        attemptNanos = Duration.ofMillis(30).toNanos();
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = dataSource(Duration.ofMillis(300), listener)) {
            dataSource.beginInvocation(Instant.now().plusMillis(700));
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);
            dataSource.endInvocation();
        }
        List<Duration> delays = listener.retryDelays;
        assertThat(delays).as("retried").hasSizeGreaterThan(2);
        // The first retry follows the DataSource's first attempt (it loads the driver: no pace).
        assertThat(delays.subList(1, delays.size())).as("a starved waiter attempts at most a fifth of its wait")
                .allSatisfy(delay -> assertThat(delay).isGreaterThanOrEqualTo(Duration.ofMillis(120)));
    }

    @Test
    void theSlowestAttemptOfTheWaitSetsThePaceNotTheLast() throws Exception {
        // A starved environment's pace is uneven: after one 600 ms attempt, 100 ms ones.
        firstAttemptNanos = Duration.ofMillis(100).toNanos();
        secondAttemptNanos = Duration.ofMillis(600).toNanos();
        attemptNanos = Duration.ofMillis(100).toNanos();
        // The wait ends at about 2.4 s; the pace is 600 + (2,400 - 300) = 2.7 s, so no attempt
        // starts after the 600 ms one: the last ends by 1.0 s. Paced by the last attempt (100 ms)
        // they went on until about 2.3 s.
        assertThat(lastAttemptEndedWithDeadlineIn(2700)).isLessThanOrEqualTo(Duration.ofMillis(1000).toNanos());
    }

    @Test
    void aSlowFirstAttemptLoadingTheDriverDoesNotSetThePace() throws Exception {
        firstAttemptNanos = Duration.ofMillis(1500).toNanos();
        attemptNanos = Duration.ofMillis(50).toNanos();
        // Paced by the 50 ms attempts after it, not by the first one's 1.5 s: attempts go on
        // close to the wait's end (2.2 s); with the first as the pace they stopped at 1.5 s.
        assertThat(lastAttemptEndedWithDeadlineIn(2500)).isGreaterThan(Duration.ofMillis(1900).toNanos())
                .isLessThanOrEqualTo(Duration.ofMillis(2200).toNanos());
    }

    @Test
    void quickAttemptsGoOnUntilTheWaitsEnd() throws Exception {
        attemptNanos = Duration.ofMillis(5).toNanos();
        // About 700 ms of fake time to wait in, moved only by the attempts (5 ms each; the delays
        // between them, at most 10 ms, are real sleeps, not on this clock): the attempts went on
        // close to its end.
        assertThat(lastAttemptEndedWithDeadlineIn(1000)).isGreaterThan(Duration.ofMillis(500).toNanos());
    }

    /**
     * With a 300 ms reserve and the deadline {@code deadlineMs} away, getConnection() fails with
     * the deadline's exception; returns when the last attempt ended, on the fake clock.
     */
    private static long lastAttemptEndedWithDeadlineIn(long deadlineMs) throws Exception {
        try (ServerlessMySqlDataSource dataSource = dataSource(Duration.ofMillis(300))) {
            dataSource.beginInvocation(Instant.now().plusMillis(deadlineMs));
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);
            dataSource.endInvocation();
            return ENDED.get(ENDED.size() - 1);
        }
    }

    @Test
    void withoutADeadlineThePaceIsNotApplied() {
        Clock clock = () -> 0;
        Wait leaseOnly = Wait.starting(clock, Duration.ofSeconds(30), null);
        assertThat(Connector.paceNanos(leaseOnly, Duration.ofSeconds(1).toNanos())).isZero();
        Wait withDeadline = Wait.starting(clock, Duration.ofSeconds(30),
                new InvocationDeadline(Duration.ofSeconds(2).toNanos(), Duration.ofMillis(300)));
        assertThat(Connector.paceNanos(withDeadline, Duration.ofMillis(200).toNanos()))
                .as("four attempts longer than the reserve by 500 ms: its length and that").isEqualTo(Duration.ofMillis(700).toNanos());
        assertThat(Connector.paceNanos(withDeadline, Duration.ofMillis(75).toNanos()))
                .as("four within the reserve: its own length").isEqualTo(Duration.ofMillis(75).toNanos());
        assertThat(Connector.paceNanos(withDeadline, Duration.ofMillis(500).toNanos()))
                .as("longer: its length, and what four exceed the reserve by").isEqualTo(Duration.ofMillis(2200).toNanos());
    }
}
