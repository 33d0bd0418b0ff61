package dev.serverlessmysql.lambdasim.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.service.InvocationResult;

/**
 * A load pattern run against one kind: the same {@code placeOrder} events for every container
 * kind, so their results compare.
 *
 * @param name {@code burst}, {@code zombie-flood}, {@code steady} or {@code spaced}
 * @param width concurrent invocations per wave and the fleet's concurrency limit; {@code spaced}:
 *        the containers
 * @param waves waves of {@code width} concurrent invocations ({@code steady}, {@code spaced}: 1)
 * @param pause time between waves; in {@code zombie-flood} the time the expired containers stay
 *        frozen before the next cycle's wave
 * @param sequential sequential invocations ({@code steady}); invocations per repetition, warm-up left out ({@code spaced}); 1
 *        for the others
 * @param expireEvery {@code zombie-flood}: every idle container expires frozen before every
 *        {@code expireEvery}-th wave (the others are warm waves on the cycle's containers); 0: never
 * @param meanInterval {@code spaced}: the mean time between two invocations of one container
 *        (exponential, so each container's arrivals are a Poisson process)
 * @param seed {@code spaced}: the arrivals' random seed
 * @param functionTimeout the function's timeout, or {@code null} for the run's default (30 s, so the
 *        figures of the older profiles stay comparable)
 * @param multiple {@code timeout}: the fleet as a multiple of {@code max_connections} (its label); 0 for the others
 */
public record LoadProfile(String name, int width, int waves, Duration pause, int sequential, int expireEvery,
        Duration meanInterval, long seed, Duration functionTimeout, int multiple) {

    /** Lambda's default function timeout, that of the {@code timeout} profiles. */
    public static final Duration LAMBDA_DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private static final AtomicLong orderNumbers = new AtomicLong();
    private static final Duration WARM_WAVE_PAUSE = Duration.ofSeconds(1);

    /** Waves of {@code width} concurrent invocations; containers stay warm between waves. */
    public static LoadProfile burst(int width, int waves, Duration pause) {
        return new LoadProfile("burst", width, waves, pause, 1, 0, Duration.ZERO, 0, null, 0);
    }

    /**
     * A wave, then every container expires frozen (its connection a zombie on the server) for
     * {@code frozen}, then a wave of new containers; repeated {@code waves - 1} times.
     */
    public static LoadProfile zombieFlood(int width, int waves, Duration frozen) {
        return new LoadProfile("zombie-flood", width, waves, frozen, 1, 1, Duration.ZERO, 0, null, 0);
    }

    /**
     * {@code cycles} times: every idle container expires frozen for {@code frozen} (not before the
     * first), a wave of {@code width} new containers, then {@code warmWaves} waves on them, 1 s
     * apart. The zombies of every earlier cycle stay on the server.
     */
    public static LoadProfile zombieFlood(int width, int cycles, int warmWaves, Duration frozen) {
        return new LoadProfile("zombie-flood", width, cycles * (1 + warmWaves), frozen, 1, 1 + warmWaves, Duration.ZERO, 0,
                null, 0);
    }

    /** One warm container, {@code invocations} sequential invocations. */
    public static LoadProfile steady(int invocations) {
        return new LoadProfile("steady", 1, 1, Duration.ZERO, invocations, 0, Duration.ZERO, 0, null, 0);
    }

    /**
     * {@code containers} containers, each invoked at its own Poisson arrivals averaging
     * {@code meanInterval} apart (seeded), {@code invocations} in each repetition, all on warm
     * containers (their cold starts are a warm-up before the first repetition: {@link #warmUp}).
     */
    public static LoadProfile spaced(int containers, Duration meanInterval, int invocations, long seed) {
        return new LoadProfile("spaced", containers, 1, Duration.ZERO, invocations, 0, meanInterval, seed, null, 0);
    }

    /**
     * Waves of {@code multiple × maxConnections} concurrent invocations, 1 s apart, on a fleet warmed
     * by two uncounted waves, the first of cold starts ({@link #warmUpWaves}), under a function timeout of
     * {@code functionTimeout}: what a function with Lambda's default timeout meets when the server is
     * full. An invocation that overruns it fails and leaves its container as Lambda does, ended
     * without a Shutdown phase (its connections open: zombies); the next event for that slot is a
     * cold start, under the function timeout like the rest.
     */
    public static LoadProfile timeout(int multiple, int maxConnections, int waves, Duration functionTimeout) {
        return new LoadProfile("timeout", multiple * maxConnections, waves, Duration.ofSeconds(1), 1, 0, Duration.ZERO, 0,
                functionTimeout, multiple);
    }

    /**
     * Whether the fleet is warmed first, uncounted, under the run's own timeout ({@code timeout}:
     * {@link #warmUpWaves} waves): 50 or 100 JVMs starting at once on a few shared cores cannot
     * answer within 3 s whatever library they use, which would measure this machine, not the library.
     */
    public boolean warmsUpFirst() {
        return warmUpWaves() > 0;
    }

    /**
     * How many uncounted waves warm the fleet: for {@code timeout}, two. The first starts every
     * container; a JVM frozen right after its first invocation still owes its start-up's work (the
     * compiler's queue, the first collections), and 50 or 100 of them thawed at once on 2 cores paid
     * it in the first measured wave, whose invocations then timed out by the dozen, in the first
     * wave of a repetition and hardly after it: a second warm-up wave pays it, as each Lambda
     * environment does on its own CPU. 0 for the other profiles.
     */
    public int warmUpWaves() {
        return name.equals("timeout") ? 2 : 0;
    }

    /** One wave of {@code width} concurrent invocations, also the warm-up ({@link #warmsUpFirst}). */
    public List<InvocationResult> wave(Fleet fleet) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            events.add(placeOrderEvent());
        }
        return fleet.invokeAll(events).stream().map(CompletableFuture::join).toList();
    }

    /** This profile's function timeout, else {@code otherwise} (the run's default). */
    public Duration functionTimeoutOr(Duration otherwise) {
        return functionTimeout == null ? otherwise : functionTimeout;
    }

    /**
     * The name with the fleet size where it varies: {@code burst-50}, {@code zombie-flood-100},
     * {@code spaced-100}; {@code timeout-5x} (5 × {@code max_connections}).
     */
    public String label() {
        if (name.equals("timeout")) {
            return name + "-" + multiple + "x";
        }
        return name.equals("burst") || name.equals("zombie-flood") || name.equals("spaced") ? name + "-" + width : name;
    }

    /** Whether the profile runs one fleet of concurrency 1 per container ({@link #warmUp}, {@link #runArrivals}). */
    public boolean perContainerFleets() {
        return name.equals("spaced");
    }

    /** Runs the profile and returns every invocation's result, in submission order. */
    public List<InvocationResult> run(Fleet fleet) throws InterruptedException {
        if (perContainerFleets()) {
            throw new IllegalArgumentException("spaced runs one fleet per container: FleetRun.runSpaced");
        }
        List<InvocationResult> results = new ArrayList<>();
        for (int wave = 0; wave < waves; wave++) {
            if (wave > 0) {
                boolean expire = expireEvery > 0 && wave % expireEvery == 0;
                if (expire) {
                    fleet.expireIdle();
                }
                Thread.sleep((expire || expireEvery == 0 ? pause : WARM_WAVE_PAUSE).toMillis());
            }
            if (sequential > 1) {
                for (int i = 0; i < sequential; i++) {
                    results.add(fleet.invoke(placeOrderEvent()).join());
                }
            } else {
                results.addAll(wave(fleet));
            }
        }
        return results;
    }

    /**
     * {@code spaced}, the warm-up: every container's cold start, all at once, answered before any
     * repetition starts (no repetition counts it: {@code spaced} measures a fleet of warm containers),
     * then one more order each that a light container answers and then collects its heap after
     * ({@link #placeOrderEventThenCollect}). One fleet per container (concurrency 1 each, so an
     * event goes to its own container, as a fleet that keeps its most recently used container warm
     * would not do).
     *
     * <p>Why the collection: a light container's JVM collects its young generation every 4 MB or
     * so, about 10 ms of CPU (and, on a busy host, a pause of about 35 ms), while a spaced run
     * measures about 20 invocations per container of some 30 KB each. Without it each kind began
     * its measured invocations wherever its start-up had left its heap (the driver's first
     * connection, 2.5 MB, comes at HikariCP's init but at this DataSource's first invocation): a
     * kind whose next collection fell inside the window read about 0.5 ms more CPU per invocation
     * and a p99 of a pause, whatever it allocated per invocation. After it every Java kind starts
     * from an emptied heap.
     */
    public List<InvocationResult> warmUp(List<Fleet> fleets) {
        List<InvocationResult> results = new ArrayList<>(oneEach(fleets, LoadProfile::placeOrderEvent));
        results.addAll(oneEach(fleets, LoadProfile::placeOrderEventThenCollect));
        return results;
    }

    /** One event to each fleet, all at once; returns when every one has answered. */
    private static List<InvocationResult> oneEach(List<Fleet> fleets, Supplier<String> event) {
        List<CompletableFuture<InvocationResult>> submitted = new ArrayList<>();
        for (Fleet fleet : fleets) {
            submitted.add(fleet.invoke(event.get()));
        }
        return submitted.stream().map(CompletableFuture::join).toList();
    }

    /**
     * {@code spaced}, one repetition on warm containers: each container invoked at its seeded
     * Poisson arrivals ({@link #arrivals}), {@code sequential} invocations in all; an event that
     * arrives while its container is still busy waits for it. Returns when every one has answered.
     */
    public List<InvocationResult> runArrivals(List<Fleet> fleets, int repetition) throws InterruptedException {
        return replay(fleets, arrivals(fleets.size(), repetition));
    }

    /**
     * Invokes each arrival's container at its time after now ({@code spaced}); an event that arrives
     * while its container is still busy waits for it. Returns when every invoke phase has ended.
     */
    public static List<InvocationResult> replay(List<Fleet> fleets, List<Arrival> arrivals) throws InterruptedException {
        List<CompletableFuture<InvocationResult>> submitted = new ArrayList<>();
        long start = System.nanoTime();
        for (Arrival arrival : arrivals) {
            long wait = start + arrival.atNanos() - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            submitted.add(fleets.get(arrival.container()).invoke(placeOrderEvent()));
        }
        return submitted.stream().map(CompletableFuture::join).toList();
    }

    /** An invocation of {@code container} at {@code atNanos} after the repetition's start. */
    public record Arrival(int container, long atNanos) {
    }

    /**
     * The first {@code sequential} arrivals of a repetition over {@code containers} containers,
     * in time order: per container a Poisson process of mean interval {@code meanInterval}, from
     * the seed {@code seed + repetition - 1} (so repetition 1 uses the profile's seed, and each
     * repetition its own arrivals).
     */
    public List<Arrival> arrivals(int containers, int repetition) {
        List<Arrival> arrivals = new ArrayList<>();
        double meanNanos = meanInterval.toNanos();
        // One generator per container, split from the repetition's: java.util.Random seeded with
        // neighbouring numbers (seed * k + container) draws nearly the same first value for every
        // container, which put every container's first arrival at the same instant (a burst).
        SplittableRandom repetitionRandom = new SplittableRandom(seed + repetition - 1);
        for (int container = 0; container < containers; container++) {
            SplittableRandom random = repetitionRandom.split();
            long at = (long) (-Math.log(1 - random.nextDouble()) * meanNanos);
            // More arrivals per container than can be taken, then the earliest overall.
            for (int i = 0; i <= sequential / containers * 2 + 10; i++) {
                arrivals.add(new Arrival(container, at));
                at += (long) (-Math.log(1 - random.nextDouble()) * meanNanos);
            }
        }
        arrivals.sort(Comparator.comparingLong(Arrival::atNanos));
        return List.copyOf(arrivals.subList(0, Math.min(sequential, arrivals.size())));
    }

    /**
     * The member of an order event that asks a light container to collect its heap
     * ({@code System.gc()}) after it answered: the spaced warm-up's last order ({@link #warmUp}).
     */
    public static final String COLLECT = "lambdaSimCollect";

    /** An order ({@link #placeOrderEvent}) after which a light container collects its heap ({@link #COLLECT}). */
    public static String placeOrderEventThenCollect() {
        String order = placeOrderEvent();
        return order.substring(0, order.length() - 1) + ",\"" + COLLECT + "\":true}";
    }

    /** The sample's {@code placeOrder} input with a fresh idempotency key. */
    public static String placeOrderEvent() {
        long number = orderNumbers.incrementAndGet();
        return "{\"idempotencyKey\":\"" + UUID.randomUUID() + "\",\"customer\":\"customer-" + (number % 50)
                + "\",\"item\":\"item-" + (number % 7) + "\",\"quantity\":" + (1 + number % 5)
                + ",\"unitPrice\":12.50}";
    }
}
