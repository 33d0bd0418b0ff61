package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens physical connections: one attempt through the JDBC driver, retried with backoff while
 * the server reports a capacity or network error, failing at once on anything else. The error a
 * failed connect ends with is worded by {@link ConnectErrors}.
 *
 * <p>Guards: none needed. Its fields are final and set in the constructor; each connect's state
 * lives on the calling thread's stack (any caller's thread: a leasing caller, one at a time when
 * the {@link Opener} serialises them, or a nested call beside it).
 */
final class Connector {

    private static final Logger log = LoggerFactory.getLogger(Connector.class);
    private static final String SOCKET_TIMEOUT = "socketTimeout";
    private static final String CONNECT_TIMEOUT = "connectTimeout";

    private final ServerlessMySqlConfig config;
    private final Counters counters;
    private final Events events;
    private final Supplier<RandomGenerator> random;
    private final Clock clock;
    /** Whether no connect attempt was made yet: the first one loads the driver's classes. */
    private final AtomicBoolean firstAttempt = new AtomicBoolean(true);
    private final ConnectErrors errors;
    private final Properties driverProperties;
    /**
     * The URL the driver gets: the configured one without {@code sessionVariables},
     * {@code connectTimeout} and {@code socketTimeout}, which the driver properties carry (MariaDB's
     * driver lets a URL value win over a property, Connector/J the other way round, so only one
     * place may hold them, and each attempt's timeouts must be ours to bound).
     */
    private final String url;
    /** The user's {@code socketTimeout} (URL or driver properties) in ms, applied once connected; -1 when unset. */
    private final long userSocketTimeout;
    /** The user's {@code connectTimeout} in ms (0: none of its own); -1 when unset: {@code connect-timeout} rules. */
    private final long userConnectTimeout;

    Connector(ServerlessMySqlConfig config, Counters counters, Events events, Supplier<RandomGenerator> random,
            Clock clock) {
        this.config = config;
        this.clock = clock;
        this.counters = counters;
        this.events = events;
        this.random = random;
        this.errors = new ConnectErrors(config);
        this.url = JdbcUrls.withoutParameter(JdbcUrls.withoutParameter(JdbcUrls.withoutParameter(config.jdbcUrl(),
                "sessionVariables"), SOCKET_TIMEOUT), CONNECT_TIMEOUT);
        this.driverProperties = driverProperties(config);
        this.userSocketTimeout = userTimeout(config, SOCKET_TIMEOUT);
        this.userConnectTimeout = userTimeout(config, CONNECT_TIMEOUT);
        driverProperties.keySet().removeIf(key -> key instanceof String name
                && (name.equalsIgnoreCase(SOCKET_TIMEOUT) || name.equalsIgnoreCase(CONNECT_TIMEOUT)));
    }

    /** The user's timeout in ms, validated by the configuration; -1 when unset. */
    private static long userTimeout(ServerlessMySqlConfig config, String key) {
        Long millis = JdbcUrls.timeoutMillis(config.jdbcUrl(), config.driverProperties(), key);
        return millis == null ? -1 : millis;
    }

    private static Properties driverProperties(ServerlessMySqlConfig config) {
        Properties properties = new Properties();
        properties.putAll(config.driverProperties());
        properties.setProperty("user", config.username());
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        // One setting, applied by the driver in the SET it sends during its own connection set-up.
        // The wait_timeout comes first, so that one the user sets explicitly wins (the last
        // assignment of a SET counts).
        List<String> sessionVariables = new ArrayList<>();
        long waitTimeout = config.sessionWaitTimeout().toSeconds();
        if (waitTimeout > 0) {
            // The server reaps a connection whose container died frozen, even if no peer ever kills it.
            sessionVariables.add("wait_timeout=" + waitTimeout);
        }
        String fromUrl = JdbcUrls.parameter(config.jdbcUrl(), "sessionVariables");
        if (fromUrl != null && !fromUrl.isBlank()) {
            sessionVariables.add(fromUrl.trim());
        }
        String fromProperties = properties.getProperty("sessionVariables");
        if (fromProperties != null && !fromProperties.isBlank()) {
            sessionVariables.add(fromProperties.trim());
        }
        properties.remove("sessionVariables");
        if (!sessionVariables.isEmpty()) {
            properties.setProperty("sessionVariables", String.join(",", sessionVariables));
        }
        return properties;
    }

    /**
     * Opens a connection, retrying capacity and network errors with the configured backoff.
     * The retry budget belongs to the wait and is time: retries go on until the next one would
     * pass its end ({@code lease-timeout}, or the invocation's deadline less its reserve),
     * {@code max-retries} being an extra bound, and each attempt is bounded by the time left.
     *
     * @throws SQLException the driver's error, explained, for errors that waiting cannot heal, or
     *         a {@link SQLTransientConnectionException} when the retries or the time ran out
     */
    Connection connect(Wait wait) throws SQLException {
        return connect(wait, () -> false, true).orElseThrow();
    }

    /**
     * The same, except that a refusal because the server is full ends the attempts at once, with
     * no connection, when {@code shareInstead} says so at that moment (the environment has
     * another open connection its caller can wait for).
     *
     * @return the connection; empty when the full server refused it and the caller shares instead
     */
    Optional<Connection> connectOrShare(Wait wait, BooleanSupplier shareInstead) throws SQLException {
        return connect(wait, shareInstead, false);
    }

    /**
     * @param growWhenFull whether the delays between attempts refused by a full server may grow
     *        past {@code retry.cap} over a long wait ({@link ServerlessMySqlConfig#backoffWhenFull}):
     *        true with one connection per environment, where a large fleet's refused connects would
     *        otherwise swamp the server; false with several, where the other waiting callers of the
     *        environment hold back and one retries, and a grown delay would hand each connection
     *        another environment gives up to the newest waiter rather than to the one that waited
     *        longest
     */
    private Optional<Connection> connect(Wait wait, BooleanSupplier shareInstead, boolean growWhenFull)
            throws SQLException {
        long started = clock.nanoTime();
        long deadlineNanos = wait.endNanos();
        Duration previousDelay = Duration.ZERO;
        boolean warned = false;
        // The previous attempt's cause: a last attempt that the deadline cut short (it had less than
        // connect-timeout left, perhaps a few ms) may time out whatever the server's state, and must
        // not turn "full" into "unreachable", nor "refused" into "timed out".
        ErrorClassifier.ConnectCause previousCause = null;
        SQLException previousError = null;
        // The slowest refused attempt of this wait so far (the DataSource's first left out): the pace.
        long slowestAttemptNanos = 0;
        if (wait.endedByDeadline() && wait.nanosLeft() <= 0) {
            // Not even one attempt: it could only overrun the time the function keeps to answer.
            throw wait.deadlineReached("no time was left to connect to " + config.serverAddress(),
                    "Make the connection earlier in the invocation, or leave it more time.", null);
        }
        for (int attempt = 0; ; attempt++) {
            boolean cutShort = cutShort(deadlineNanos);
            long attemptStarted = clock.nanoTime();
            try {
                Connection connection = open(deadlineNanos);
                counters.connectionsOpened.incrementAndGet();
                counters.lastConnectFailed = false;
                Duration elapsed = Duration.ofNanos(clock.nanoTime() - started);
                if (warned) {
                    log.info("Connected to {} after {} attempts in {}", config.serverAddress(), attempt + 1,
                            Durations.formatElapsed(elapsed));
                } else {
                    log.debug("Connected to {} after {} attempt(s) in {} ms", config.serverAddress(), attempt + 1,
                            elapsed.toMillis());
                }
                events.onConnected(attempt + 1, elapsed);
                return Optional.of(connection);
            } catch (SQLException e) {
                long attemptNanos = clock.nanoTime() - attemptStarted;
                // The pace of this environment now; but this DataSource's first attempt loads the
                // driver's classes: its length says little of the next one's (seconds in a cold JVM
                // starved of CPU, milliseconds after).
                long paceSampleNanos = firstAttempt.compareAndSet(true, false) ? 0 : attemptNanos;
                slowestAttemptNanos = Math.max(slowestAttemptNanos, paceSampleNanos);
                ErrorClassifier.ConnectCause cause = ErrorClassifier.connectCause(e);
                counters.failedConnectAttempts.incrementAndGet();
                if (cause == ErrorClassifier.ConnectCause.SERVER_FULL) {
                    counters.refusedFull.incrementAndGet();
                    if (wait.firstFullRefusal()) {
                        warnFull(wait, e);
                    }
                    if (shareInstead.getAsBoolean()) {
                        log.debug("Connect attempt {} to {} refused: the server is full ({}); sharing this environment's"
                                + " open connections instead", attempt + 1, config.serverAddress(),
                                ErrorClassifier.vendorCode(e));
                        return Optional.empty();
                    }
                }
                if (!cause.retryable()) {
                    counters.connectFailures.incrementAndGet();
                    counters.lastConnectFailed = true;
                    events.onConnectFailed(attempt + 1, e);
                    throw errors.explained(cause, e);
                }
                Backoff backoff = cause == ErrorClassifier.ConnectCause.SERVER_FULL && growWhenFull
                        ? config.backoffWhenFull(deadlineNanos - clock.nanoTime()) : config.backoff();
                Duration delay = attempt < config.maxRetries()
                        ? backoff.nextDelay(attempt, previousDelay, random.get()) : null;
                long sleepFloorNanos = FULL_SLEEP_PER_ATTEMPT * paceSampleNanos;
                if (delay != null && cause == ErrorClassifier.ConnectCause.SERVER_FULL && growWhenFull
                        && delay.toNanos() < sleepFloorNanos) {
                    delay = Duration.ofNanos(sleepFloorNanos);
                }
                if (delay == null || clock.nanoTime() + delay.toNanos() + paceNanos(wait, slowestAttemptNanos)
                        - deadlineNanos > 0) {
                    counters.connectFailures.incrementAndGet();
                    counters.lastConnectFailed = true;
                    events.onConnectFailed(attempt + 1, e);
                    // A cut-short last attempt that failed on the network says less than the one
                    // before it: its timeout may be ours (a few ms were left), where the previous
                    // said "full" or "refused".
                    boolean reportPrevious = cutShort && cause == ErrorClassifier.ConnectCause.UNREACHABLE
                            && previousError != null;
                    ErrorClassifier.ConnectCause reported = reportPrevious ? previousCause : cause;
                    SQLException last = reportPrevious ? previousError : e;
                    if (delay != null && wait.endedByDeadline()) {
                        throw errors.deadlineReached(wait, reported, attempt + 1, Duration.ofNanos(attemptNanos), last);
                    }
                    throw errors.exhausted(reported, attempt + 1, Duration.ofNanos(clock.nanoTime() - started),
                            delay == null, last);
                }
                previousCause = cause;
                previousError = e;
                counters.connectRetries.incrementAndGet();
                events.onRetry(attempt + 1, delay, e);
                if (cause == ErrorClassifier.ConnectCause.UNREACHABLE && !warned) {
                    // Once per acquisition: a restart and a wrong port look alike from here, and the
                    // function's own timeout may end the wait before our message could say so.
                    warned = true;
                    log.warn("Could not reach {} ({}); retrying until {}", config.serverAddress(),
                            ErrorClassifier.rootMessage(e), wait.end());
                }
                log.debug("Connect attempt {} to {} failed with {} ({}); retrying in {} ms", attempt + 1,
                        config.serverAddress(), ErrorClassifier.vendorCode(e), e.getMessage(), delay.toMillis());
                sleep(delay, e);
                previousDelay = delay;
            }
        }
    }

    /**
     * While the server refuses as full, the sleep before the next attempt is at least this many
     * times the last attempt's length (the DataSource's first attempt, which loads the driver,
     * aside). A refused attempt is a connect, a handshake, an authentication and an exception:
     * milliseconds of CPU, and in a starved environment (a small function's share of a core, many
     * environments on one host) hundreds of milliseconds of wall time, during which it competes
     * with whoever holds the server's connections. So a starved waiter spends at most a fifth of
     * its wait attempting; an unstarved one (attempts of a few ms) sleeps as its backoff says.
     */
    static final int FULL_SLEEP_PER_ATTEMPT = 4;

    /**
     * How many times the slowest attempt the function keeps to answer, when that is longer than
     * the deadline's reserve: throwing, the function's catch and its runtime posting the answer are
     * an exception and a round trip, as a refused connect is, and a starved environment's pace is
     * uneven (lambda-sim's containers took 60 to 300 ms for consecutive attempts), so one attempt's
     * length is not enough. Two were not either: in lambda-sim's 10x timeout profile (100
     * environments on 2 cores) the runtime posted answers 300 to 500 ms after the function's
     * thread had ended its invocation, 25 of 900 past the deadline; with four, none in 900.
     */
    static final int ANSWER_ATTEMPTS = 4;

    /**
     * The time a next attempt must have before the wait's end, besides its delay, when the
     * invocation's deadline ends the wait: as long as the slowest attempt of this wait took, and,
     * where {@value #ANSWER_ATTEMPTS} such attempts are longer than the deadline's reserve, the
     * difference, so that the function keeps at least that long to answer. A starved environment (a
     * small function's share of a core, many environments on one host) runs slowly, and unevenly:
     * one attempt takes 60 ms, the next 300 ms. An attempt that would end after the wait, or leave the
     * function less time to answer than it needs, lets Lambda time the invocation out (its
     * environment ended without a Shutdown phase, its connection a zombie) where failing now lets
     * the function answer. 0 without a deadline: each attempt is bounded by the time left, and
     * overrunning {@code lease-timeout} by a little harms nothing.
     */
    static long paceNanos(Wait wait, long slowestAttemptNanos) {
        if (!wait.endedByDeadline()) {
            return 0;
        }
        return slowestAttemptNanos + Math.max(0, ANSWER_ATTEMPTS * slowestAttemptNanos - wait.reserve().toNanos());
    }

    /**
     * Once per wait, at the first refusal by a full server: otherwise a wait that the deadline, the
     * lease timeout or Lambda itself ends would go unexplained in the log.
     */
    private void warnFull(Wait wait, SQLException e) {
        log.warn("The server at {} is full: it refused a connection ({}). Every connection it allows (max_connections,"
                + " or this user's max_user_connections) is taken by other clients; this request waits for room, retrying"
                + " or for one of this environment's own connections, until {}, and fails then. If this lasts, raise the"
                + " server's max_connections, lower the functions' concurrency, or look for connections left by crashed or"
                + " timed-out functions (SHOW PROCESSLIST).", config.serverAddress(), ErrorClassifier.rootMessage(e),
                wait.end());
    }

    /**
     * The driver named by {@code spring.datasource.driver-class-name}, resolved once when the
     * configuration was built; else whichever registered driver accepts the URL.
     */
    private Connection connectThroughDriver(String url, Properties properties) throws SQLException {
        Driver driver = config.driver();
        if (driver == null) {
            return DriverManager.getConnection(url, properties);
        }
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLNonTransientConnectionException("The driver " + driver.getClass().getName()
                    + " (spring.datasource.driver-class-name) does not accept this URL", "08001");
        }
        return connection;
    }

    /**
     * Opens one connection; the socket timeout that bounded the handshake is replaced afterwards
     * by the user's {@code socketTimeout}, or none.
     */
    private Connection open(long deadlineNanos) throws SQLException {
        Connection connection;
        try {
            connection = AuthenticatedConnect.connect(config.credentialsProvider(), boundedBy(deadlineNanos),
                    properties -> connectThroughDriver(url, properties));
        } catch (SQLException e) {
            // "No suitable driver found for jdbc:...", a driver's URL parse error: the URL, or part
            // of it, in the message. The copy keeps class, SQLState and vendor code.
            throw SecretScrubber.withoutSecrets(e, List.of(config.jdbcUrl(), url), config.password());
        }
        try {
            connection.setNetworkTimeout(DirectExecutor.INSTANCE, (int) Math.max(0, userSocketTimeout));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * The driver properties for one attempt, whose timeouts no URL or driver property may lengthen
     * beyond the time left in the wait (see {@link Wait}): the TCP connect is bounded by the user's
     * {@code connectTimeout} (else {@code connect-timeout}) and the time left; the handshake, which
     * the connect timeout does not cover (a server that accepts but never greets, frozen or swamped,
     * would hang it for ever), by {@code connect-timeout}, the time left and the user's
     * {@code socketTimeout} when shorter. The user's {@code socketTimeout} governs statements once
     * connected ({@link #open}).
     */
    private Properties boundedBy(long deadlineNanos) {
        long leftMillis = millisLeft(deadlineNanos);
        long connectTimeout = Math.max(1, config.connectTimeout().toMillis());
        long tcp = userConnectTimeout > 0 ? userConnectTimeout : userConnectTimeout == 0 ? leftMillis : connectTimeout;
        long handshake = Math.min(connectTimeout, userSocketTimeout > 0 ? userSocketTimeout : Long.MAX_VALUE);
        Properties bounded = new Properties();
        bounded.putAll(driverProperties);
        bounded.setProperty(CONNECT_TIMEOUT, Long.toString(Math.min(tcp, leftMillis)));
        bounded.setProperty(SOCKET_TIMEOUT, Long.toString(Math.min(handshake, leftMillis)));
        return bounded;
    }

    /** Whether an attempt starting now has less than {@code connect-timeout} left before the deadline. */
    private boolean cutShort(long deadlineNanos) {
        return shorterThanConnectTimeout(millisLeft(deadlineNanos));
    }

    private boolean shorterThanConnectTimeout(long leftMillis) {
        return leftMillis < Math.max(1, config.connectTimeout().toMillis());
    }

    private long millisLeft(long deadlineNanos) {
        return Math.max(1, (deadlineNanos - clock.nanoTime() + 999_999) / 1_000_000);
    }

    private static void sleep(Duration delay, SQLException cause) throws SQLException {
        try {
            Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            SQLException interrupted = new SQLTransientConnectionException(
                    "Interrupted while waiting to retry a connect after: " + cause.getMessage(), cause.getSQLState(),
                    cause.getErrorCode(), e);
            interrupted.addSuppressed(cause);
            throw interrupted;
        }
    }
}
