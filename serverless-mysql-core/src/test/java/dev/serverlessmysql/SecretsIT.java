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
             IdleConnections filler = db.newUser().openIdleConnections(10 - server.threadsConnected());
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
