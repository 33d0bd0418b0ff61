package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.CapturedOutput;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.ServerThread;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Graceful shutdown on Lambda: the DataSource registers a no-op extension during init, and when
 * the environment is retired (SIGTERM) its connection ends with a clean COM_QUIT. The control:
 * the same JVM without the extension ends its session only because the OS closes the socket, which
 * the server counts as an aborted client (on Lambda the socket of a killed environment is not even
 * closed: a zombie).
 */
@MySqlTest
class LambdaShutdownIT {

    @Test
    void onSigtermTheConnectionIsClosedCleanlyAndTheExtensionWasRegisteredDuringInit(TestDatabase db,
            MySqlTestServer server) throws Exception {
        try (FakeExtensionsApi api = new FakeExtensionsApi()) {
            Retired retired = retireChild(db, api, true, server);
            long id = retired.threadId();

            assertThat(abortedClients(server)).as("sessions that ended without COM_QUIT")
                    .isEqualTo(retired.abortedClientsAtSigterm());
            FakeExtensionsApi.Call register = api.calls.get(0);
            assertThat(register.method()).isEqualTo("POST");
            assertThat(register.path()).isEqualTo("/2020-01-01/extension/register");
            assertThat(register.name()).isEqualTo(LambdaShutdown.EXTENSION_NAME);
            // INVOKE: housekeeping after the response (AfterResponseIT); SIGTERM comes with any registration.
            assertThat(register.body().replace(" ", "")).isEqualTo("{\"events\":[\"INVOKE\"]}");
            assertThat(api.calls).anySatisfy(call -> {
                assertThat(call.path()).isEqualTo("/2020-01-01/extension/event/next");
                assertThat(call.identifier()).isEqualTo(FakeExtensionsApi.IDENTIFIER);
            });
            assertThat(db.threads()).extracting(ServerThread::id).doesNotContain(id);
        }
    }

    @Test
    void withoutTheExtensionTheSessionIsAbortedNotClosed(TestDatabase db, MySqlTestServer server) throws Exception {
        try (FakeExtensionsApi api = new FakeExtensionsApi()) {
            Retired retired = retireChild(db, api, false, server);

            awaitAbortedClients(server, retired.abortedClientsAtSigterm() + 1);
            assertThat(api.calls).isEmpty();
        }
    }

    @Test
    void aRegistrationThatFailsIsAWarningAndTheDataSourceWorks(TestDatabase db) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (CapturedOutput err = CapturedOutput.ofStandardError();
             ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db)
                     .lambdaRuntimeApi("127.0.0.1:" + closedPort).build()) {
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
            }
            assertThat(err.text()).contains("WARN").contains("Could not register with the Lambda Extensions API")
                    .contains("serverless.mysql.lambda-shutdown.enabled=false");
        }
    }

    /**
     * A register call left unanswered may have registered the extension all the same; a second
     * registration would add a second extension Lambda waits for. lambda-sim's starved cold starts
     * did that: the emulator's answer came after 1 s, the DataSource registered again without
     * INVOKE, and the first extension's phase never ended (the invocation timed out).
     */
    @Test
    void aRegistrationLeftUnansweredIsNotMadeTwice(TestDatabase db) throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                        accepted.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (CapturedOutput err = CapturedOutput.ofStandardError();
                 ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db)
                         .lambdaRuntimeApi("127.0.0.1:" + silent.getLocalPort()).build()) {
                try (Connection connection = dataSource.getConnection()) {
                    assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
                }
                assertThat(err.text()).contains("WARN").contains("Could not register with the Lambda Extensions API")
                        .contains("SocketTimeoutException");
                assertThat(accepted.get()).as("register calls").isEqualTo(1);
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void afterASnapStartRestoreAWaitCutByTheSnapshotIsSentAgainWithoutRegisteringTwice(TestDatabase db)
            throws Exception {
        try (FakeExtensionsApi api = new FakeExtensionsApi();
             ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).lambdaRuntimeApi(api.address())
                     .registerCheckpointHook(false).build()) {
            assertThat(api.awaitNext(60)).isTrue();
            dataSource.beforeCheckpoint();
            api.cutWaits();
            awaitNoWait(api.address());

            dataSource.afterRestore();

            assertThat(api.awaitNext(60)).isTrue();
            assertThat(api.callsTo("/register")).isEqualTo(1);
            assertThat(api.callsTo("/event/next")).isEqualTo(2);
        }
    }

    @Test
    void offLambdaNothingIsRegistered(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = LeaseIT.builderFor(db).lambdaRuntimeApi(null).build()) {
            assertThat(LambdaShutdown.install(dataSource, null)).isFalse();
            assertThat(dataSource.config().lambdaShutdownEnabled()).isTrue();
        }
    }

    /**
     * The child's connection, and the server-wide {@code Aborted_clients} read just before SIGTERM:
     * read there, not before the child's JVM starts, the count misses fewer of other tests' sessions
     * ending meanwhile (an earlier class's killed threads finish asynchronously).
     */
    private record Retired(long threadId, long abortedClientsAtSigterm) {
    }

    /** Starts the child environment, waits for its invocation, sends SIGTERM and waits for its session to end. */
    private static Retired retireChild(TestDatabase db, FakeExtensionsApi api, boolean shutdownEnabled,
            MySqlTestServer server) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx128m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LambdaShutdownChild.class.getName(),
                db.jdbcUrl(), db.username(), db.password(), Boolean.toString(shutdownEnabled)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
        Process child = builder.start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Long> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    long id = -1;
                    for (String line = output.readLine(); line != null; line = output.readLine()) {
                        System.out.println("[child] " + line);
                        if (line.startsWith("CONNECTION ")) {
                            id = Long.parseLong(line.substring("CONNECTION ".length()).trim());
                        }
                        if (line.equals("READY")) {
                            return id;
                        }
                    }
                    throw new IllegalStateException("The child ended before its invocation");
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long id = ready.get(120, TimeUnit.SECONDS);
            assertThat(db.threads()).extracting(ServerThread::id).contains(id);
            if (shutdownEnabled) {
                assertThat(api.awaitNext(60)).as("the extension waits for events before init ends").isTrue();
            }
            CompletableFuture.runAsync(() -> output.lines().forEach(line -> System.out.println("[child] " + line)));

            long abortedAtSigterm = abortedClients(server);
            child.destroy(); // SIGTERM, as Lambda sends it
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            db.awaitThreadGone(id);
            return new Retired(id, abortedAtSigterm);
        } finally {
            child.destroyForcibly();
        }
    }

    private static long abortedClients(MySqlTestServer server) throws Exception {
        try (Connection admin = server.adminConnection();
             Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Aborted_clients'")) {
            row.next();
            return row.getLong(2);
        }
    }

    private static void awaitAbortedClients(MySqlTestServer server, long atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (abortedClients(server) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Aborted_clients stayed below " + atLeast);
            }
            Thread.sleep(100);
        }
    }

    private static void awaitNoWait(String address) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (LambdaShutdown.register(address).isWaiting()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The cut wait for the next event never ended");
            }
            Thread.sleep(20);
        }
    }
}
