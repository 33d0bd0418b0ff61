package dev.serverlessmysql;

import static dev.serverlessmysql.LeaseIT.builderFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * The failure cases, with everything they print captured: log output (SLF4J simple logs to
 * System.err), exception messages and stack traces, toString() and stats. No password anywhere.
 */
@MySqlTest
class SecretsIT {

    private static final String WRONG_PASSWORD = "Wr0ng-S3cret-Passw0rd";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final List<Object> seen = new ArrayList<>();
    private PrintStream originalErr;
    private PrintStream originalOut;

    @BeforeEach
    void capture() {
        originalErr = System.err;
        originalOut = System.out;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        System.setOut(tee);
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        System.setOut(originalOut);
    }

    @Test
    void noPasswordInAnyOutputOfTheFailureCases(TestDatabase db, MySqlTestServer server) throws Exception {
        RecordingListener listener = new RecordingListener();

        // Wrong password: fails at once.
        try (ServerlessMySqlDataSource wrong = builderFor(db).password(WRONG_PASSWORD).listener(listener).build()) {
            seen.add(catchThrowable(wrong::getConnection));
            seen.add(wrong);
            seen.add(wrong.config());
            seen.add(wrong.stats());
        }

        // Passwords inside URLs, in a URL that is not MySQL and in one that is.
        seen.add(catchThrowable(() -> ServerlessMySqlDataSource.builder()
                .jdbcUrl("jdbc:postgresql://app:" + db.password() + "@db.example/app").username("app").build()));
        try (ServerlessMySqlDataSource inUrl = ServerlessMySqlDataSource.builder()
                .jdbcUrl(db.jdbcUrl() + "&password=" + db.password()).username(db.username()).build()) {
            seen.add(inUrl);
            seen.add(inUrl.config());
        }

        // Retries exhausted on a full server, with the right password.
        try (var restore = server.setGlobal("max_connections", 10);
             IdleConnections filler = db.newUser().fillServer(0);
             ServerlessMySqlDataSource full = builderFor(db).maxRetries(3).retryCap(Duration.ofMillis(2))
                     .listener(listener).build()) {
            seen.add(catchThrowable(full::getConnection));
        }

        // Housekeeping failing on a connection killed under it (logged at WARN).
        try (ServerlessMySqlDataSource killed = builderFor(db).build()) {
            try (Connection connection = killed.getConnection()) {
                db.killThread(TestDatabase.connectionId(connection));
            }
            killed.endInvocation();
            seen.add(killed.stats());
        }

        seen.add(listener.events);
        String everything = captured.toString(StandardCharsets.UTF_8) + render(seen);
        assertThat(everything).contains("Access denied", "Could not connect", "housekeeping failed");
        assertThat(everything).doesNotContain(db.password()).doesNotContain(WRONG_PASSWORD);
    }

    /**
     * Every URL shape of both drivers' documentation with a password in it, through build(), a
     * failing or succeeding getConnection() with retries, housekeeping, toString() and stats,
     * with the library's loggers at DEBUG: the password shows nowhere, in no form.
     */
    @Test
    void noPasswordFromAnyUrlShapeAnywhereWithTheLogAtDebug(TestDatabase db) throws Exception {
        String host = db.jdbcUrl().substring("jdbc:mysql://".length(), db.jdbcUrl().indexOf('/', "jdbc:mysql://".length()));
        String user = db.username();
        String pw = db.password();
        String query = "?useSSL=false&allowPublicKeyRetrieval=true";
        String dbName = db.name();
        List<String> shapes = List.of(
                // user-info, two slashes, one slash, none; Connector/J logs in with it
                "jdbc:mysql://" + user + ":" + pw + "@" + host + "/" + dbName + query,
                "jdbc:mysql:/" + user + ":" + pw + "@" + host + "/" + dbName + query,
                "jdbc:mysql:" + user + ":" + pw + "@" + host + "/" + dbName + query,
                // MariaDB's driver refuses these, quoting the URL or part of it
                "jdbc:mariadb:/" + user + ":" + pw + "@" + host + "/" + dbName + query,
                "jdbc:mariadb://" + user + ":" + pw + "@" + host + "/" + dbName + query,
                // parameters, both drivers
                "jdbc:mysql://" + host + "/" + dbName + query + "&password=" + pw,
                "jdbc:mysql://" + host + "/" + dbName + query + "&PASSWORD=" + pw,
                "jdbc:mysql://" + host + "/" + dbName + query + "&pass%77ord=" + pw,
                "jdbc:mysql://" + host + "/" + dbName + query + "&pwd=" + pw,
                "jdbc:mysql://" + host + "/" + dbName + query + "&password1=" + pw,
                "jdbc:mysql://" + host + "/" + dbName + query + "&user=" + user + "&password=" + pw,
                "jdbc:mariadb://" + host + "/" + dbName + query + "&password=" + pw,
                "jdbc:mariadb://" + host + "/" + dbName + query + "&pwd=" + pw,
                "jdbc:mariadb://" + host + "/" + dbName + query + "&password=" + pw + "&keyStore=/nonexistent"
                        + "&keyStorePassword=" + pw + "&trustStorePassword=" + pw,
                "jdbc:mysql://" + host + "/" + dbName + query + "&trustCertificateKeyStorePassword=" + pw
                        + "&clientCertificateKeyStorePassword=" + pw,
                // host lists and descriptions
                "jdbc:mysql://address=(host=" + host.replace(":", ")(port=") + ")(user=" + user + ")(password=" + pw
                        + ")/" + dbName + query,
                "jdbc:mysql://(host=" + host.replace(":", ",port=") + ",user=" + user + ",password=" + pw + ")/"
                        + dbName + query,
                "jdbc:mysql:replication://" + host + "," + host + "/" + dbName + query + "&password=" + pw,
                "jdbc:mysql:loadbalance://" + host + "," + host + "/" + dbName + query + "&password=" + pw,
                "jdbc:mariadb:sequential://" + host + "," + host + "/" + dbName + query + "&password=" + pw,
                "jdbc:mariadb://address=(host=" + host.replace(":", ")(port=") + ")(type=primary)/" + dbName + query
                        + "&password=" + pw,
                // no driver accepts it: DriverManager's "No suitable driver found for <URL>"
                "jdbc:mysql:nosuchkind://" + host + "/" + dbName + query + "&password=" + pw,
                // a connect that is refused and retried: nothing listens on port 1
                "jdbc:mysql://127.0.0.1:1/" + dbName + query + "&password=" + pw,
                "jdbc:mariadb://127.0.0.1:1/" + dbName + query + "&password=" + pw,
                // rejected at build(): unreadable, or another user
                "jdbc:mysql://" + user + ":" + pw + "?x@" + host + "/" + dbName,
                "jdbc:mysql://" + host + "/" + dbName + query + "&password=" + pw + "&" + pw,
                "jdbc:mysql://" + host + "/" + dbName + query + "&user=someoneelse&password=" + pw,
                "jdbc:mysql://someoneelse:" + pw + "@" + host + "/" + dbName + query,
                "jdbc:postgresql://" + user + ":" + pw + "@" + host + "/" + dbName + "?password=" + pw);
        RecordingListener listener = new RecordingListener();
        int built = 0;
        int connected = 0;
        try (DebugLog debug = new DebugLog(Connector.class, ZombieReaper.class, ServerlessMySqlDataSource.class,
                Housekeeping.class, UsageProbe.class, Events.class)) {
            for (String url : shapes) {
                Object rejected = catchThrowable(() -> {
                    ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(url)
                            .username(user).maxRetries(2).retryCap(Duration.ofMillis(2))
                            .connectTimeout(Duration.ofSeconds(2)).leaseTimeout(Duration.ofSeconds(5))
                            .listener(listener).build();
                    dataSource.close();
                });
                if (rejected != null) {
                    seen.add(rejected);
                    continue;
                }
                built++;
                try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(url)
                        .username(user).maxRetries(2).retryCap(Duration.ofMillis(2))
                        .connectTimeout(Duration.ofSeconds(2)).leaseTimeout(Duration.ofSeconds(5))
                        .listener(listener).build()) {
                    seen.add(dataSource);
                    seen.add(dataSource.config());
                    Throwable failed = catchThrowable(() -> {
                        try (Connection connection = dataSource.getConnection()) {
                            seen.add(connection);
                        }
                    });
                    if (failed == null) {
                        connected++;
                        dataSource.endInvocation();
                    } else {
                        seen.add(failed);
                    }
                    seen.add(dataSource.stats());
                }
            }
        }
        seen.add(listener.events);
        listener.retryCauses.forEach(seen::add);
        String everything = captured.toString(StandardCharsets.UTF_8) + render(seen);
        // The shapes were tried: some built, some logged in, some were refused and retried at DEBUG.
        assertThat(built).isGreaterThan(10);
        assertThat(connected).isGreaterThan(5);
        assertThat(everything).contains("Connect attempt 1", "No suitable driver", "spring.datasource.username",
                "(allowed: a URL that can be read");
        assertThat(everything).doesNotContain(pw);
        assertThat(everything.replace("%2D", "-").replace("%2d", "-")).doesNotContain(pw);
    }

    /** The given loggers at DEBUG while open (slf4j-simple fixes a logger's level when it is created). */
    static final class DebugLog implements AutoCloseable {
        private final List<org.slf4j.simple.SimpleLogger> loggers = new ArrayList<>();
        private final List<Integer> levels = new ArrayList<>();
        private final java.lang.reflect.Field level;

        DebugLog(Class<?>... classes) throws ReflectiveOperationException {
            level = org.slf4j.simple.SimpleLogger.class.getDeclaredField("currentLogLevel");
            level.setAccessible(true);
            for (Class<?> type : classes) {
                if (org.slf4j.LoggerFactory.getLogger(type) instanceof org.slf4j.simple.SimpleLogger logger) {
                    loggers.add(logger);
                    levels.add(level.getInt(logger));
                    level.setInt(logger, org.slf4j.spi.LocationAwareLogger.DEBUG_INT);
                }
            }
        }

        @Override
        public void close() throws IllegalAccessException {
            for (int i = 0; i < loggers.size(); i++) {
                level.setInt(loggers.get(i), levels.get(i));
            }
        }
    }

    private static String render(List<Object> things) {
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out);
        for (Object thing : things) {
            if (thing instanceof Throwable throwable) {
                throwable.printStackTrace(writer);
            } else {
                writer.println(thing);
            }
        }
        writer.flush();
        return out.toString();
    }
}
