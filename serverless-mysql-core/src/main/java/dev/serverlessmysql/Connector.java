package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens physical connections: one attempt through the JDBC driver, retried with backoff while
 * the server reports a capacity or network error, failing at once on anything else.
 */
final class Connector {

    private static final Logger log = LoggerFactory.getLogger(Connector.class);

    private final ServerlessMySqlConfig config;
    private final Counters counters;
    private final Events events;
    private final Supplier<RandomGenerator> random;
    private final Properties driverProperties;
    /**
     * The URL the driver gets: the configured one without {@code sessionVariables}, which the
     * driver properties carry merged (MariaDB's driver lets a URL value win over a property,
     * Connector/J the other way round, so only one place may hold it).
     */
    private final String url;
    /** Whether we set socketTimeout only to bound the handshake, to be lifted once connected. */
    private final boolean handshakeTimeoutOnly;

    Connector(ServerlessMySqlConfig config, Counters counters, Events events, Supplier<RandomGenerator> random) {
        this.config = config;
        this.counters = counters;
        this.events = events;
        this.random = random;
        this.url = JdbcUrls.withoutParameter(config.jdbcUrl(), "sessionVariables");
        this.driverProperties = driverProperties(config);
        this.handshakeTimeoutOnly = !userSets(config, "socketTimeout");
        String timeout = Long.toString(Math.max(1, config.connectTimeout().toMillis()));
        if (!userSets(config, "connectTimeout")) {
            driverProperties.setProperty("connectTimeout", timeout);
        }
        if (handshakeTimeoutOnly) {
            // The connect timeout covers only the TCP connect: a server that accepts the socket
            // but never greets (frozen with SIGSTOP, swamped) would hang the handshake for ever.
            driverProperties.setProperty("socketTimeout", timeout);
        }
    }

    private static boolean userSets(ServerlessMySqlConfig config, String property) {
        return config.driverProperties().containsKey(property)
                || config.jdbcUrl().toLowerCase(Locale.ROOT).contains(property.toLowerCase(Locale.ROOT) + "=");
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
     * The retry budget belongs to this call; retries stop early rather than sleep past
     * {@code deadlineNanos} (a {@link System#nanoTime()} value).
     *
     * @throws SQLException the driver's own exception for errors that waiting cannot heal, or a
     *         {@link SQLTransientConnectionException} when the retries or the time ran out
     */
    Connection connect(long deadlineNanos) throws SQLException {
        long started = System.nanoTime();
        Duration previousDelay = Duration.ZERO;
        for (int attempt = 0; ; attempt++) {
            try {
                Connection connection = open();
                counters.connectionsOpened.incrementAndGet();
                counters.lastConnectFailed = false;
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                log.debug("Connected to {} after {} attempt(s) in {} ms", config.serverAddress(), attempt + 1, elapsed.toMillis());
                events.onConnected(attempt + 1, elapsed);
                return connection;
            } catch (SQLException e) {
                if (ErrorClassifier.classifyConnectFailure(e) == ErrorClassifier.ConnectVerdict.FATAL) {
                    counters.connectFailures.incrementAndGet();
                    counters.lastConnectFailed = true;
                    events.onConnectFailed(attempt + 1, e);
                    throw e;
                }
                Duration delay = attempt < config.maxRetries()
                        ? config.backoff().nextDelay(attempt, previousDelay, random.get()) : null;
                if (delay == null || System.nanoTime() + delay.toNanos() - deadlineNanos > 0) {
                    counters.connectFailures.incrementAndGet();
                    counters.lastConnectFailed = true;
                    events.onConnectFailed(attempt + 1, e);
                    throw exhausted(attempt + 1, Duration.ofNanos(System.nanoTime() - started), delay == null, e);
                }
                counters.connectRetries.incrementAndGet();
                events.onRetry(attempt + 1, delay, e);
                log.debug("Connect attempt {} to {} failed with {} ({}); retrying in {} ms", attempt + 1,
                        config.serverAddress(), ErrorClassifier.vendorCode(e), e.getMessage(), delay.toMillis());
                sleep(delay, e);
                previousDelay = delay;
            }
        }
    }

    /**
     * The driver named by {@code spring.datasource.driver-class-name}, resolved once when the
     * configuration was built; else whichever registered driver accepts the URL.
     */
    private Connection connectThroughDriver(String url, Properties properties) throws SQLException {
        java.sql.Driver driver = config.driver();
        if (driver == null) {
            return DriverManager.getConnection(url, properties);
        }
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new java.sql.SQLNonTransientConnectionException("The driver " + driver.getClass().getName()
                    + " (spring.datasource.driver-class-name) does not accept this URL", "08001");
        }
        return connection;
    }

    /** Opens one connection; a socket timeout set only for the handshake is lifted afterwards. */
    private Connection open() throws SQLException {
        Connection connection;
        try {
            connection = connectThroughDriver(url, driverProperties);
        } catch (SQLException e) {
            // "No suitable driver found for jdbc:...", a driver's URL parse error: the URL, or part
            // of it, in the message. The copy keeps class, SQLState and vendor code.
            throw JdbcUrls.withoutSecrets(e, List.of(config.jdbcUrl(), url), config.password());
        }
        if (handshakeTimeoutOnly) {
            try {
                connection.setNetworkTimeout(Runnable::run, 0);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    private SQLTransientConnectionException exhausted(int attempts, Duration elapsed, boolean retriesUsedUp,
            SQLException last) {
        String budget = retriesUsedUp
                ? "all serverless.mysql.retry.max-retries (" + config.maxRetries() + ") were used"
                : "the next retry would pass serverless.mysql.lease-timeout (" + config.leaseTimeout().toMillis() + " ms)";
        String message = "Could not connect to " + config.serverAddress() + " after " + attempts + " attempts over "
                + elapsed.toMillis() + " ms (" + budget + "); the last error was: " + last.getMessage()
                + " (vendor code " + ErrorClassifier.vendorCode(last) + ", SQLState " + last.getSQLState() + ")."
                + " The server is at its connection limit or unreachable. Raise the server's max_connections,"
                + " lower the function's concurrency, or allow more waiting with serverless.mysql.retry.max-retries"
                + " and serverless.mysql.lease-timeout.";
        return new SQLTransientConnectionException(message, last.getSQLState(), last.getErrorCode(), last);
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
