package dev.serverlessmysql.lambdasim.workload;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.lambdasim.service.ContainerKind;
import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.service.InvocationResult;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * One repetition of {@code scale-down} for one kind: the fleet warms up, every container is
 * retired ({@link Fleet#retireIdle}), and the connections the kind's user still has on the server
 * once the sessions that ended have left the processlist are its zombies. The server's
 * {@code Aborted_clients} over the retirement tells sockets closed without {@code COM_QUIT} from
 * clean quits.
 */
public final class ScaleDownRun {

    private static final Logger log = LoggerFactory.getLogger(ScaleDownRun.class);

    /** Lambda's Shutdown phase with an internal extension registered: 500 ms. */
    public static final Duration SHUTDOWN_BUDGET = Duration.ofMillis(500);

    /** The processlist counts as settled when unchanged for this long. */
    private static final Duration SETTLED = Duration.ofMillis(1500);

    /**
     * @param connectionsBefore the kind's connections on the server just before the retirement
     * @param zombies the kind's connections still on the server after it
     * @param abortedClients {@code Aborted_clients} over the retirement: sockets closed without {@code COM_QUIT}
     */
    public record Result(String kind, String description, LifecycleProfile profile, int repetition,
            List<InvocationResult> results, Fleet.Retirements retirements, int connectionsBefore, int zombies,
            long abortedClients) {

        public int invocations() {
            return results.size();
        }

        public int failed() {
            return (int) results.stream().filter(result -> !result.succeeded()).count();
        }

        public Map<String, Integer> failuresByError() {
            return RunResult.failuresByError(results);
        }

        /** Zombies per retired container (NaN when none was retired). */
        public double zombiesPerRetired() {
            return retirements.retired() == 0 ? Double.NaN : (double) zombies / retirements.retired();
        }

        /** Connections that ended with {@code COM_QUIT} during the retirement. */
        public long cleanQuits() {
            return Math.max(0, connectionsBefore - zombies - abortedClients);
        }
    }

    private ScaleDownRun() {
    }

    public static Result run(MySqlTestServer server, Kinds kinds, String kindName, LifecycleProfile profile,
            FleetRun.Settings settings, int repetition) throws Exception {
        try (TestDatabase database = Schema.ordersDatabase(server, "sim" + kindName)) {
            ContainerKind kind = kinds.create(kindName, database);
            log.info("Running {} under {} (repetition {})", kind.name(), profile.label(), repetition);
            Fleet.Settings fleetSettings = new Fleet.Settings(profile.width(), settings.invocationTimeout(),
                    settings.initTimeout(), settings.logRoot().resolve(profile.label()).resolve(kind.name())
                            .resolve(String.valueOf(repetition)));
            Result result;
            try (Fleet fleet = new Fleet(kind, fleetSettings)) {
                List<InvocationResult> results = LoadProfile.burst(profile.width(), profile.waves(), Duration.ofSeconds(1))
                        .run(fleet);
                awaitAllFrozen(fleet);
                int before = settledThreads(database);
                Fleet.Retirements retirements;
                long aborted;
                try (ServerMonitor monitor = new ServerMonitor(() -> FleetRun.admin(server), Duration.ofSeconds(1))) {
                    retirements = fleet.retireIdle(profile.shutdownShare(), SHUTDOWN_BUDGET);
                    int zombies = settledThreads(database);
                    aborted = monitor.stop().delta("Aborted_clients");
                    result = new Result(kind.name(), kind.description(), profile, repetition, results, retirements, before,
                            zombies, aborted);
                }
            }
            log.info("{} / {}: {} invocations, {} failed {}; {}; {} connections before, {} zombies after, {} aborted",
                    result.kind(), profile.label(), result.invocations(), result.failed(), result.failuresByError(),
                    result.retirements(), result.connectionsBefore(), result.zombies(), result.abortedClients());
            FleetRun.awaitDisconnected(database);
            return result;
        }
    }

    /** Every container has asked for its next event and is frozen (bounded: a slow one is retired as it is). */
    private static void awaitAllFrozen(Fleet fleet) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (fleet.frozenStates().containsValue(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /**
     * The user's threads on the server once their number has not changed for {@link #SETTLED}
     * (sessions whose socket closed take a moment to leave the processlist), within 20 s.
     */
    static int settledThreads(TestDatabase database) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int count = database.threads().size();
        long unchangedSince = System.nanoTime();
        while (System.nanoTime() - unchangedSince < SETTLED.toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            int now = database.threads().size();
            if (now != count) {
                count = now;
                unchangedSince = System.nanoTime();
            }
        }
        return count;
    }
}
