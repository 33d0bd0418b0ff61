package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Housekeeping after the response, against a fake Lambda Runtime and Extensions API and the real
 * server's general log: each statement the server logged is placed between the fake's records of
 * the runtime's response POST and the extension's event/next calls (all on this machine's clock).
 */
@MySqlTest
class AfterResponseIT {

    /** A fragment every usage read of the embedded MariaDB sends (the limit columns, or the status read). */
    private static final String USAGE_READ = "information_schema.SESSION_STATUS";

    @Test
    void housekeepingReachesTheServerAfterTheResponseAndBeforeTheExtensionsNextAndAThawOnlyPings(TestDatabase db,
            MySqlTestServer server) throws Exception {
        try (FakeExtensionsApi api = new FakeExtensionsApi();
             AutoCloseable log = generalLogOn(server);
             ServerlessMySqlDataSource dataSource = everyRunReadsTheUsage(db, api).build()) {
            assertThat(api.awaitNext(60)).isTrue();
            assertThat(api.calls.get(0).body()).contains("INVOKE");
            AtomicLong connectionId = new AtomicLong();
            Thread runtime = runtime(api, 4, () -> handler(dataSource, connectionId, true));

            long[] invoked = new long[4];
            for (int i = 0; i < 4; i++) {
                if (i == 3) {
                    Thread.sleep(1500); // idle past the thaw threshold
                }
                invoked[i] = FakeExtensionsApi.nowMicros();
                api.invoke("request-" + i, System.currentTimeMillis() + 600_000);
                api.awaitLogged("extension next", i + 2);
            }
            List<Logged> statements = generalLog(server, connectionId.get(), invoked[0]);
            // The first invocation may beat the first INVOKE event to the extension's thread: it is then
            // inline (nothing showed yet that Lambda sends the events). From then on, after the response.
            for (int i = 1; i < 4; i++) {
                long response = api.awaitLogged("response", i + 1);
                long extensionNext = api.awaitLogged("extension next", i + 2);
                assertThat(between(statements, invoked[i], response)).as("invocation %d, before the response: %s %s", i,
                        statements, api.log).noneMatch(s -> s.argument().contains(USAGE_READ))
                        .anyMatch(s -> s.argument().contains("CONNECTION_ID()"));
                assertThat(between(statements, response, extensionNext)).as("invocation %d, after the response: %s", i,
                        statements).anyMatch(s -> s.argument().contains(USAGE_READ));
            }
            assertThat(dataSource.stats().thaws()).isEqualTo(1);
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(4);
            runtime.interrupt();
        }
    }

    /**
     * A warm function whose invocations find nothing to keep (fresh usage sample, no sweep due):
     * from the second such invocation on, the thread that ends each one takes its INVOKE event
     * from the extension's socket and sends the extension's next request, so the extension's
     * thread does nothing while the handler runs; every invoke phase still ends.
     */
    @Test
    void invocationsWithNothingToKeepTakeTheirOwnInvokeEventsAndEveryPhaseEnds(TestDatabase db) throws Exception {
        try (FakeExtensionsApi api = new FakeExtensionsApi();
             ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).lambdaRuntimeApi(api.address())
                     .usedConnectionsCacheTtl(Duration.ofHours(1)).usedConnectionsCacheTtlUnderHalf(Duration.ofHours(1))
                     .build()) {
            assertThat(api.awaitNext(60)).isTrue();
            AtomicLong connectionId = new AtomicLong();
            // 100 ms of work each, so that the extension's thread has read the event and waits in
            // its phase when the invocation ends (a faster handler beats it, and hands the end to it).
            runtime(api, 8, () -> {
                Thread.sleep(100);
                handler(dataSource, connectionId, true);
            });

            invokeInTurn(api, 8);

            // The first invocation reads the usage (after the response, or inline before the first
            // event reached the extension); the next ends the phase the extension's thread is in
            // (it read that event): from then on, each takes its own.
            assertThat(LambdaShutdown.register(api.address(), true).eventsTakenByEndingThreads()).as("%s", api.log)
                    .isGreaterThanOrEqualTo(3);
            assertThat(api.log).filteredOn(l -> l.what().equals("extension next")).hasSize(9);
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(8);
        }
    }

    /**
     * The thaw's ping is the lease's, on the invocation's own thread, as without the extension:
     * neither the extension's wait running out through the pause (how it sees a thaw after
     * invocations that took their own events) nor its reading of the next INVOKE event sends it.
     * (From the extension's thread, beside the runtime taking the event to the handler, it made
     * lambda-sim's invocations slower and cost the container more CPU.)
     */
    @Test
    void theThawsPingIsTheInvocationsOwnNeverTheExtensionsThreads(TestDatabase db) throws Exception {
        List<String> thawedOn = new CopyOnWriteArrayList<>();
        try (FakeExtensionsApi api = new FakeExtensionsApi();
             // Below the wait's round (InvokePhase.QUIET): a round that runs out ends past the threshold.
             ServerlessMySqlDataSource dataSource = nothingToKeep(db, api, thawedOn)
                     .thawThreshold(InvokePhase.QUIET.dividedBy(2)).build()) {
            assertThat(api.awaitNext(60)).isTrue();
            AtomicLong connectionId = new AtomicLong();
            runtime(api, 4, () -> {
                Thread.sleep(100);
                handler(dataSource, connectionId, true);
            });
            invokeInTurn(api, 3);
            long claimed = LambdaShutdown.register(api.address(), true).eventsTakenByEndingThreads();
            long thawsBefore = dataSource.stats().thaws();

            // The extension's rounds run out meanwhile (after two it reads the next event itself):
            // each a moment with the connection idle past the threshold and no invocation running.
            Thread.sleep(InvokePhase.QUIET.toMillis() * 3);
            assertThat(dataSource.stats().thaws()).as("nothing validated between invocations").isEqualTo(thawsBefore);
            api.invoke("request-3", System.currentTimeMillis() + 600_000);
            api.awaitLogged("response", 4);
            api.awaitLogged("extension next", 5);

            assertThat(claimed).as("the invocations took their own events: %s", api.log).isPositive();
            assertThat(dataSource.stats().thaws()).as("the last invocation's lease validated it").isEqualTo(thawsBefore + 1);
            assertThat(thawedOn).isNotEmpty().allMatch(thread -> thread.equals("fake-lambda-runtime"));
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(4);
        }
    }

    @Test
    void whereLambdaRefusesInvokeEventsHousekeepingRunsInlineBeforeTheResponse(TestDatabase db, MySqlTestServer server)
            throws Exception {
        try (FakeExtensionsApi api = new FakeExtensionsApi();
             AutoCloseable log = generalLogOn(server);
             ServerlessMySqlDataSource dataSource = everyRunReadsTheUsage(db, refusingInvoke(api)).build()) {
            assertThat(api.awaitNext(60)).isTrue();
            assertThat(api.calls).filteredOn(call -> call.path().endsWith("/register"))
                    .extracting(FakeExtensionsApi.Call::body).map(body -> body.replace(" ", ""))
                    .containsExactly("{\"events\":[\"INVOKE\"]}", "{\"events\":[]}");
            AtomicLong connectionId = new AtomicLong();
            runtime(api, 1, () -> handler(dataSource, connectionId, true));

            long invoked = FakeExtensionsApi.nowMicros();
            api.invoke("request-0", System.currentTimeMillis() + 600_000);
            long response = api.awaitLogged("response", 1);

            assertThat(between(generalLog(server, connectionId.get(), invoked), invoked, response))
                    .anyMatch(s -> s.argument().contains(USAGE_READ));
            assertThat(api.log).as("the extension gets no events").filteredOn(l -> l.what().equals("extension next"))
                    .hasSize(1);
        }
    }

    @Test
    void aFunctionThatNeverEndsItsInvocationCostsTheExtensionOneQuietSpellThenHousekeepingIsInline(TestDatabase db,
            MySqlTestServer server) throws Exception {
        try (FakeExtensionsApi api = new FakeExtensionsApi();
             AutoCloseable log = generalLogOn(server);
             ServerlessMySqlDataSource dataSource = everyRunReadsTheUsage(db, api).build()) {
            assertThat(api.awaitNext(60)).isTrue();
            AtomicLong connectionId = new AtomicLong();
            boolean[] ends = {false, true, true};
            int[] invocation = {0};
            runtime(api, 3, () -> handler(dataSource, connectionId, ends[invocation[0]++]));

            long[] invoked = invokeInTurn(api, 3);
            List<Logged> statements = generalLog(server, connectionId.get(), invoked[0]);
            // The extension gave up waiting (no lease out for a while): invocation 1 ends inline and
            // arms it again; invocation 2 is after its response.
            assertThat(between(statements, invoked[1], api.awaitLogged("response", 2)))
                    .as("%s %s", statements, api.log).anyMatch(s -> s.argument().contains(USAGE_READ));
            assertThat(between(statements, api.awaitLogged("response", 3), api.awaitLogged("extension next", 4)))
                    .as("%s %s", statements, api.log).anyMatch(s -> s.argument().contains(USAGE_READ));
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(2);
        }
    }

    /**
     * A handler that begins its invocation and works longer than the extension's quiet spell before
     * its first lease (a cold start's first call, a call to another service): the begun invocation
     * keeps the extension waiting, so its housekeeping still comes after the response.
     */
    @Test
    void anInvocationThatBeganAndTakesItsFirstLeaseLateStillHasItsHousekeepingAfterTheResponse(TestDatabase db,
            MySqlTestServer server) throws Exception {
        try (FakeExtensionsApi api = new FakeExtensionsApi();
             AutoCloseable log = generalLogOn(server);
             ServerlessMySqlDataSource dataSource = everyRunReadsTheUsage(db, api).build()) {
            assertThat(api.awaitNext(60)).isTrue();
            AtomicLong connectionId = new AtomicLong();
            runtime(api, 3, () -> {
                dataSource.beginInvocation(Instant.now().plusSeconds(600));
                Thread.sleep(InvokePhase.QUIET.toMillis() * 3); // its work before the first lease
                handler(dataSource, connectionId, true);
            });

            long[] invoked = invokeInTurn(api, 3);
            List<Logged> statements = generalLog(server, connectionId.get(), invoked[0]);
            // The first invocation may beat the first INVOKE event to the extension's thread (inline).
            for (int i = 1; i < 3; i++) {
                long response = api.awaitLogged("response", i + 1);
                assertThat(between(statements, invoked[i], response)).as("invocation %d, before the response: %s %s", i,
                        statements, api.log).noneMatch(s -> s.argument().contains(USAGE_READ));
                assertThat(between(statements, response, api.awaitLogged("extension next", i + 2)))
                        .as("invocation %d, after the response: %s", i, statements)
                        .anyMatch(s -> s.argument().contains(USAGE_READ));
            }
        }
    }

    @Test
    void severalDataSourcesEachHandTheirHousekeepingToTheOneExtension(TestDatabase db, MySqlTestServer server)
            throws Exception {
        try (FakeExtensionsApi api = new FakeExtensionsApi();
             AutoCloseable log = generalLogOn(server);
             ServerlessMySqlDataSource first = everyRunReadsTheUsage(db, api).build();
             ServerlessMySqlDataSource second = everyRunReadsTheUsage(db, api).build()) {
            assertThat(api.awaitNext(60)).isTrue();
            assertThat(api.callsTo("/register")).as("one extension per process").isEqualTo(1);
            AtomicLong firstId = new AtomicLong();
            AtomicLong secondId = new AtomicLong();
            runtime(api, 3, () -> {
                try (Connection a = first.getConnection(); Connection b = second.getConnection()) {
                    firstId.set(TestDatabase.connectionId(a));
                    secondId.set(TestDatabase.connectionId(b));
                } finally {
                    first.endInvocation();
                    second.endInvocation();
                }
            });

            long[] invoked = new long[3];
            for (int i = 0; i < 3; i++) {
                invoked[i] = FakeExtensionsApi.nowMicros();
                api.invoke("request-" + i, System.currentTimeMillis() + 600_000);
                api.awaitLogged("extension next", i + 2);
            }
            for (AtomicLong id : List.of(firstId, secondId)) {
                List<Logged> statements = generalLog(server, id.get(), invoked[0]);
                for (int i = 1; i < 3; i++) {
                    assertThat(between(statements, api.awaitLogged("response", i + 1),
                            api.awaitLogged("extension next", i + 2))).as("invocation %d: %s %s", i, statements, api.log)
                            .anyMatch(s -> s.argument().contains(USAGE_READ));
                }
            }
        }
    }

    @Test
    void aLeaseHeldPastTheDeadlineDoesNotHoldTheExtensionPastIt(TestDatabase db) throws Exception {
        try (FakeExtensionsApi api = new FakeExtensionsApi();
             ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).lambdaRuntimeApi(api.address()).build()) {
            assertThat(api.awaitNext(60)).isTrue();
            runtime(api, 1, () -> {
                try (Connection connection = dataSource.getConnection()) {
                    // Past the deadline below, whatever the machine's load: the extension must not wait for this.
                    HousekeepingFixture.sleep(Duration.ofSeconds(5));
                } finally {
                    dataSource.endInvocation();
                }
            });

            api.invoke("request-0", System.currentTimeMillis() + 500);

            assertThat(api.awaitLogged("extension next", 2)).as("the extension's next, before the late response")
                    .isLessThan(api.awaitLogged("response", 1));
        }
    }

    @Test
    void housekeepingHandedOffWithinTheMarginBeforeTheExtensionGivesUpIsLeftToTheNextInvocation(TestDatabase db)
            throws Exception {
        // A 10 s invocation keeps a 1 s margin (the longest), and housekeeping starts only up to 2 s
        // before its deadline: this end comes 1.8 s before it (later on a loaded machine).
        long[] statements = housekeepingAroundAnEndNearTheDeadline(db, 10_000, 1_800);
        assertThat(statements[0]).as("the first invocation's housekeeping read the usage").isPositive();
        assertThat(statements[1]).as("no statement so close to the deadline").isEqualTo(statements[0]);
    }

    @Test
    void theMarginIsTakenFromTheTimeTheInvocationHasNotTheLongestTimeoutSeen(TestDatabase db) throws Exception {
        // A 5 s invocation keeps a 500 ms margin, and housekeeping starts up to 1 s before its
        // deadline: this end, 1.9 s before it, leaves it time (with the 1 s margin of the 10-minute
        // invocation before, it would have been skipped).
        long[] statements = housekeepingAroundAnEndNearTheDeadline(db, 5_000, 1_900);
        assertThat(statements[1]).as("the usage read after the second response").isGreaterThan(statements[0]);
    }

    /**
     * Two invocations with the extension: a 10-minute one, ended at once, then one of
     * {@code timeoutMs}, begun with its deadline (as the Spring Cloud Function integration does,
     * so the extension waits for its end) and ended {@code endsBeforeMs} before it. Returns the
     * housekeeping statements counted after each.
     */
    private static long[] housekeepingAroundAnEndNearTheDeadline(TestDatabase db, long timeoutMs, long endsBeforeMs)
            throws Exception {
        try (FakeExtensionsApi api = new FakeExtensionsApi();
             ServerlessMySqlDataSource dataSource = everyRunReadsTheUsage(db, api).build()) {
            assertThat(api.awaitNext(60)).isTrue();
            AtomicLong connectionId = new AtomicLong();
            AtomicLong deadline = new AtomicLong();
            java.util.concurrent.atomic.AtomicInteger invocation = new java.util.concurrent.atomic.AtomicInteger();
            runtime(api, 2, () -> {
                if (invocation.incrementAndGet() == 1) {
                    handler(dataSource, connectionId, true);
                    return;
                }
                dataSource.beginInvocation(java.time.Instant.ofEpochMilli(deadline.get()));
                try (Connection connection = dataSource.getConnection()) {
                    connectionId.set(TestDatabase.connectionId(connection));
                }
                HousekeepingFixture.sleep(Duration.ofMillis(Math.max(0,
                        deadline.get() - endsBeforeMs - System.currentTimeMillis())));
                dataSource.endInvocation();
            });
            api.invoke("request-0", System.currentTimeMillis() + 600_000);
            api.awaitLogged("extension next", 2);
            api.awaitLogged("response", 1);
            long first = dataSource.stats().housekeepingStatements();

            deadline.set(System.currentTimeMillis() + timeoutMs);
            api.invoke("request-1", deadline.get());
            api.awaitLogged("extension next", 3);
            api.awaitLogged("response", 2);
            return new long[] {first, dataSource.stats().housekeepingStatements()};
        }
    }

    /** The server's general log, into its table, until closed. */
    private static AutoCloseable generalLogOn(MySqlTestServer server) {
        MySqlTestServer.GlobalRestore output = server.setGlobal("log_output", "TABLE");
        MySqlTestServer.GlobalRestore log = server.setGlobal("general_log", 1);
        return () -> {
            log.close();
            output.close();
        };
    }

    /** Usage samples that outlive the test, so that invocations end with nothing to keep; each thaw's thread recorded. */
    private static ServerlessMySqlConfig.Builder nothingToKeep(TestDatabase db, FakeExtensionsApi api, List<String> thawedOn) {
        return LeaseIT.builderFor(db).lambdaRuntimeApi(api.address()).zombieMinTimeout(Duration.ofSeconds(10))
                .usedConnectionsCacheTtl(Duration.ofHours(1)).usedConnectionsCacheTtlUnderHalf(Duration.ofHours(1))
                .listener(new ServerlessMySqlListener() {
                    @Override
                    public void onThaw(Duration idle, boolean survived) {
                        thawedOn.add(Thread.currentThread().getName());
                    }
                });
    }

    private static ServerlessMySqlConfig.Builder everyRunReadsTheUsage(TestDatabase db, FakeExtensionsApi api) {
        return LeaseIT.builderFor(db).lambdaRuntimeApi(api.address()).thawThreshold(Duration.ofSeconds(1))
                .usedConnectionsCacheTtl(Duration.ZERO).usedConnectionsCacheTtlUnderHalf(Duration.ZERO);
    }

    /**
     * Invokes {@code count} times, each once the previous one's response was posted and the
     * extension asked for its next event; returns when each was invoked (micros, the fake's clock).
     */
    private static long[] invokeInTurn(FakeExtensionsApi api, int count) throws Exception {
        long[] invoked = new long[count];
        for (int i = 0; i < count; i++) {
            invoked[i] = FakeExtensionsApi.nowMicros();
            api.invoke("request-" + i, System.currentTimeMillis() + 600_000);
            api.awaitLogged("extension next", i + 2);
            api.awaitLogged("response", i + 1);
        }
        return invoked;
    }

    private static FakeExtensionsApi refusingInvoke(FakeExtensionsApi api) {
        api.refuseInvoke = true;
        return api;
    }

    /** A function's handler: one lease, one statement, and (when {@code end}) the invocation's end. */
    private static void handler(ServerlessMySqlDataSource dataSource, AtomicLong connectionId, boolean end)
            throws SQLException {
        try {
            try (Connection connection = dataSource.getConnection()) {
                connectionId.set(TestDatabase.connectionId(connection));
            }
        } finally {
            if (end) {
                dataSource.endInvocation();
            }
        }
    }

    interface Handler {
        void run() throws Exception;
    }

    /**
     * A runtime's loop on its own thread, as Lambda's Java runtime does it: wait for the next
     * invocation, run the handler, post the response; {@code invocations} times, then wait again.
     */
    private static Thread runtime(FakeExtensionsApi api, int invocations, Handler handler) {
        Thread thread = new Thread(() -> {
            try {
                for (int i = 0; i <= invocations; i++) {
                    HttpURLConnection next = open(api, "/2018-06-01/runtime/invocation/next");
                    String requestId = next.getHeaderField("Lambda-Runtime-Aws-Request-Id");
                    next.getInputStream().readAllBytes();
                    if (i == invocations) {
                        return;
                    }
                    handler.run();
                    HttpURLConnection response = open(api, "/2018-06-01/runtime/invocation/" + requestId + "/response");
                    response.setRequestMethod("POST");
                    response.setDoOutput(true);
                    response.getOutputStream().write("\"ok\"".getBytes(StandardCharsets.UTF_8));
                    response.getResponseCode();
                }
            } catch (Exception e) {
                // The fake closed: the environment is gone.
            }
        }, "fake-lambda-runtime");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * A request of the runtime, on a connection of its own: a kept-alive connection would be probed
     * with a short blocking read before its reuse, which looks like a wait for an answer (Lambda's
     * Java runtime client uses its native HTTP client, which does not).
     */
    private static HttpURLConnection open(FakeExtensionsApi api, String path) throws java.io.IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://" + api.address() + path).toURL().openConnection();
        http.setRequestProperty("Connection", "close");
        return http;
    }

    record Logged(long atMicros, String command, String argument) {
    }

    /** The general log's entries of one connection since {@code sinceMicros}, in order. */
    private static List<Logged> generalLog(MySqlTestServer server, long threadId, long sinceMicros) throws SQLException {
        List<Logged> entries = new ArrayList<>();
        try (Connection admin = server.adminConnection();
             PreparedStatement statement = admin.prepareStatement("SELECT ROUND(UNIX_TIMESTAMP(event_time) * 1000000),"
                     + " command_type, CONVERT(argument USING utf8mb4) FROM mysql.general_log WHERE thread_id = ?"
                     + " AND UNIX_TIMESTAMP(event_time) * 1000000 >= ? ORDER BY event_time")) {
            statement.setLong(1, threadId);
            statement.setLong(2, sinceMicros);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Logged(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return entries;
    }

    private static List<Logged> between(List<Logged> entries, long fromMicros, long toMicros) {
        return entries.stream().filter(e -> e.atMicros() >= fromMicros && e.atMicros() <= toMicros).toList();
    }
}
