package dev.serverlessmysql.lambdasim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.serverlessmysql.lambdasim.service.ContainerKind;
import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.service.InvocationResult;
import dev.serverlessmysql.lambdasim.service.ManagedFleet;
import dev.serverlessmysql.lambdasim.workload.Kinds;
import dev.serverlessmysql.lambdasim.workload.LightRuntime;
import dev.serverlessmysql.lambdasim.workload.LoadProfile;
import dev.serverlessmysql.lambdasim.workload.Schema;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * The emulator beyond freeze and thaw, with real light containers (the plain-Java handler under
 * AWS's runtime interface client): the Extensions API and the Shutdown phase of a retired
 * container, an extension that only takes INVOKE events ({@code light-hikari-ext}), the spaced
 * warm-up's heap collection, and several {@code /next} polls at once on Lambda Managed Instances. Counts only:
 * the Shutdown phase gets a budget far above Lambda's 500 ms, so a slow JVM on a loaded machine
 * still exits within it, and every wait is bounded but generous.
 */
class LifecycleIT {

    private static final Duration GENEROUS_BUDGET = Duration.ofSeconds(20);

    private static MySqlTestServer server;
    private static Kinds kinds;
    private static Path logs;

    @BeforeAll
    static void prepare() throws Exception {
        server = MySqlTestServer.get();
        Path work = Path.of(System.getProperty("lambda.work", "target/lambda-sim-it"));
        logs = work.resolve("logs").resolve("lifecycle");
        kinds = new Kinds(null, null, LightRuntime.prepare(work.resolve("light-runtime")));
    }

    @AfterAll
    static void nothing() {
        // the server is shared by the module's tests
    }

    @Test
    void aContainerWithTheExtensionGetsSigtermOnRetirementAndClosesItsSessionOneWithoutLeavesItOpen()
            throws Exception {
        try (TestDatabase with = server.createDatabase("simext"); TestDatabase without = server.createDatabase("simnoext")) {
            createSchema(with);
            createSchema(without);
            try (Fleet extension = fleet(kinds.create("light", with), "light");
                 Fleet noExtension = fleet(kinds.create("light-noext", without), "light-noext")) {
                warm(extension);
                warm(noExtension);
                assertThat(with.threads()).hasSize(2);
                assertThat(without.threads()).hasSize(2);
                // The register call was answered (the core logs a WARN per container otherwise).
                assertThat(extension.extensionsRegistered()).isEqualTo(2);
                assertThat(noExtension.extensionsRegistered()).isZero();
                long abortedBefore = abortedClients();

                Fleet.Retirements shutDown = extension.retireIdle(1.0, GENEROUS_BUDGET);
                Fleet.Retirements frozen = noExtension.retireIdle(1.0, GENEROUS_BUDGET);

                // SIGTERM made both runtimes run their shutdown hook and exit: their sessions ended
                // with COM_QUIT, not by a socket the kernel closed (which the server counts as aborted).
                assertThat(shutDown.exitedInBudget()).isEqualTo(2);
                awaitThreads(with, 0);
                assertThat(with.threads()).isEmpty();
                assertThat(abortedClients()).isEqualTo(abortedBefore);
                assertThat(extension.livePids()).isEmpty();
                // Without an extension Lambda sends no SIGTERM: frozen, both connections stay (zombies).
                assertThat(frozen.frozenWithoutExtension()).isEqualTo(2);
                assertThat(noExtension.livePids()).hasSize(2);
                assertThat(without.threads()).hasSize(2);
            }
        }
    }

    @Test
    void theNullExtensionRegistersForInvokeAndEndsEveryInvokePhaseOfItsHikariContainer() throws Exception {
        try (TestDatabase database = server.createDatabase("simnull")) {
            createSchema(database);
            try (Fleet fleet = fleet(kinds.create("light-hikari-ext", database), "light-hikari-ext")) {
                // Frozen after their invocation: each invoke phase ended, which takes the extension's /next too.
                warm(fleet);
                assertThat(fleet.extensionsRegistered()).isEqualTo(2);
                List<InvocationResult> again = LoadProfile.burst(2, 1, Duration.ZERO).run(fleet);
                assertThat(again).allSatisfy(result -> assertThat(result.succeeded()).as("%s", result).isTrue());
                awaitFrozen(fleet);
            }
        }
    }

    /**
     * The spaced warm-up ends with an order after which each light container collects its heap,
     * so that every kind begins its measured invocations from an emptied heap: seen in the JVM's
     * own GC log, one collection that {@code System.gc()} asked for per container, none at the cold start.
     */
    @Test
    void theSpacedWarmUpEndsWithOneCollectionOfEachLightContainersHeap() throws Exception {
        try (TestDatabase database = server.createDatabase("simgc")) {
            createSchema(database);
            ContainerKind light = kinds.create("light", database);
            List<String> command = new ArrayList<>(light.command());
            command.add(1, "-Xlog:gc:stdout");
            ContainerKind logged = new ContainerKind(light.name(), light.description(), command, light.environment(),
                    light.handler(), light.workingDirectory());
            Benchmark.clear(logs.resolve("gc")); // an earlier run's logs
            List<Fleet> fleets = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    fleets.add(new Fleet(logged, new Fleet.Settings(1, Duration.ofSeconds(60), Duration.ofSeconds(120),
                            logs.resolve("gc").resolve("c" + i))));
                }
                List<InvocationResult> results = LoadProfile.spaced(2, Duration.ofSeconds(2), 4, 1).warmUp(fleets);
                assertThat(results).hasSize(4).allSatisfy(result -> assertThat(result.succeeded()).as("%s", result).isTrue());
            } finally {
                fleets.forEach(Fleet::close);
            }
            for (int i = 0; i < 2; i++) {
                StringBuilder log = new StringBuilder();
                try (Stream<Path> files = Files.list(logs.resolve("gc").resolve("c" + i))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                        log.append(Files.readString(file));
                    }
                }
                assertThat(log.toString().split("Pause Full \\(System\\.gc\\(\\)\\)", -1)).as("container %d: %s", i, log)
                        .hasSize(2);
            }
        }
    }

    @Test
    void aManagedInstancesEnvironmentPollsNextWithEveryRequestThreadAndServesThemAtOnce() throws Exception {
        int concurrency = 4;
        try (TestDatabase database = server.createDatabase("simmulti")) {
            createSchema(database);
            ContainerKind kind = kinds.create("light", database);
            try (ManagedFleet fleet = new ManagedFleet(kind, new ManagedFleet.Settings(1, concurrency,
                    Duration.ofSeconds(60), Duration.ofSeconds(120), logs.resolve("multi")))) {
                assertThat(fleet.start()).isEqualTo(1);
                // The runtime interface client starts AWS_LAMBDA_MAX_CONCURRENCY loops, each waiting on /next.
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (fleet.counts().mostOutstandingNext() < concurrency && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(fleet.counts().mostOutstandingNext()).isEqualTo(concurrency);

                List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
                for (int i = 0; i < 4 * concurrency; i++) {
                    results.add(fleet.invoke(LoadProfile.placeOrderEvent()));
                }
                assertThat(results).allSatisfy(result -> assertThat(result.join().succeeded())
                        .as("%s", result.join()).isTrue());
                assertThat(fleet.counts().initFailures()).isZero();
            }
            try (var connection = database.connect(); var statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT COUNT(*) FROM orders")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(4 * concurrency);
            }
        }
    }

    private static Fleet fleet(ContainerKind kind, String name) throws Exception {
        return new Fleet(kind, new Fleet.Settings(2, Duration.ofSeconds(60), Duration.ofSeconds(120), logs.resolve(name)));
    }

    /** Two containers, each of which has served an invocation and is frozen on /next. */
    private static void warm(Fleet fleet) throws Exception {
        List<InvocationResult> results = LoadProfile.burst(2, 1, Duration.ZERO).run(fleet);
        assertThat(results).allMatch(InvocationResult::succeeded);
        awaitFrozen(fleet);
    }

    /** Both containers frozen on /next: their invoke phases ended. */
    private static void awaitFrozen(Fleet fleet) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (fleet.frozenStates().containsValue(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(fleet.frozenStates()).hasSize(2).doesNotContainValue(false);
    }

    private static void createSchema(TestDatabase database) throws Exception {
        try (var connection = database.connect(); var statement = connection.createStatement()) {
            statement.execute(Schema.ORDERS);
        }
    }

    private static void awaitThreads(TestDatabase database, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (database.threads().size() != count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static long abortedClients() throws Exception {
        try (var admin = server.adminConnection(); var statement = admin.createStatement();
             var rows = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Aborted_clients'")) {
            rows.next();
            return rows.getLong(2);
        }
    }
}
