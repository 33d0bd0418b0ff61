package dev.serverlessmysql.lambdasim.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda service for one function: routes each event to an idle container or starts a new
 * one (a cold start) up to the concurrency limit, queues the rest, freezes a container with
 * SIGSTOP as soon as it asks for an event and none is queued, thaws it with SIGCONT when one is
 * routed to it, and ends a container whose invocation runs past the timeout as Lambda does: the
 * invocation fails, the container is stopped without a Shutdown phase (its sockets stay open on the
 * server: a zombie) and never used again, and the next event its slot takes is a cold start.
 *
 * <p>{@link #expireIdle()} expires the idle containers the way Lambda reclaims sandboxes: they
 * are never used again, and they stay frozen with their sockets open until the fleet is closed,
 * which ends every process it started.
 */
public final class Fleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    private final ContainerKind kind;
    private final Settings settings;
    private final String functionArn;
    private final ScheduledExecutorService timer;
    /** Starts cold containers' processes, in the order their events came, off the submitting thread. */
    private final ExecutorService starter;
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger containerNumbers = new AtomicInteger();
    // Guarded by this.
    private final List<Container> containers = new ArrayList<>();
    private final Deque<Container> idle = new ArrayDeque<>();
    private final Deque<Invocation> pending = new ArrayDeque<>();
    private int coldStarts;
    private int expired;
    private int timeouts;
    /** Timeouts whose freed slot no cold start has taken yet. */
    private int slotsFreedByTimeouts;
    private int coldStartsAfterTimeouts;
    /** The function's timeout for invocations routed from now on: the settings', until {@link #functionTimeout} changes it. */
    private volatile Duration invocationTimeout;
    private final List<Container> timedOut = new ArrayList<>();
    private boolean closed;

    /**
     * @param concurrency most containers that may be alive and not expired at once
     * @param invocationTimeout the function timeout, from routing to the response
     * @param initTimeout added to the timeout of an invocation that starts a container
     * @param logDirectory where each container's stdout and stderr go
     */
    public record Settings(int concurrency, Duration invocationTimeout, Duration initTimeout, Path logDirectory) {
    }

    public Fleet(ContainerKind kind, Settings settings) throws IOException {
        this.kind = kind;
        this.settings = settings;
        this.invocationTimeout = settings.invocationTimeout();
        this.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + kind.name();
        Files.createDirectories(settings.logDirectory());
        this.starter = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "fleet-start-" + kind.name());
            thread.setDaemon(true);
            return thread;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "fleet-timer-" + kind.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Submits one event; the future completes with its result, never exceptionally. */
    public CompletableFuture<InvocationResult> invoke(String payload) {
        return invokeAll(List.of(payload)).get(0);
    }

    /**
     * Submits events that arrive at once, as N concurrent requests reach Lambda: every one is routed
     * (to an idle container, a new one, or the queue) before any is delivered, so no container that
     * answers one of them goes idle in time to take another, and N events find N containers.
     * (Submitted one by one, a runtime that starts and answers fast, Node's, served several events
     * of one wave while the wave was still being submitted, and faced a smaller fleet.) The futures
     * complete with the results, never exceptionally.
     */
    public List<CompletableFuture<InvocationResult>> invokeAll(List<String> payloads) {
        List<Invocation> invocations = new ArrayList<>();
        List<Routed> routed = new ArrayList<>();
        synchronized (this) {
            for (String payload : payloads) {
                Invocation invocation = new Invocation(payload.getBytes(StandardCharsets.UTF_8));
                invocations.add(invocation);
                if (closed) {
                    invocation.fail("fleet closed", null);
                    continue;
                }
                Container target = idle.pollFirst();
                boolean cold = false;
                if (target == null && alive() < settings.concurrency()) {
                    target = newContainer();
                    cold = target != null;
                    if (target == null) {
                        invocation.fail("container start failed", null);
                        continue;
                    }
                }
                if (target == null) {
                    pending.addLast(invocation);
                    continue;
                }
                assign(target, invocation, cold);
                routed.add(new Routed(target, invocation, cold));
            }
        }
        for (Routed route : routed) {
            dispatch(route.target(), route.invocation(), route.cold());
        }
        return invocations.stream().map(Invocation::result).toList();
    }

    private record Routed(Container target, Invocation invocation, boolean cold) {
    }

    // Guarded by this.
    private int alive() {
        int count = 0;
        for (Container container : containers) {
            if (container.state() == Container.State.BUSY || container.state() == Container.State.IDLE) {
                count++;
            }
        }
        return count;
    }

    // Guarded by this.
    private Container newContainer() {
        String id = kind.name() + "-" + containerNumbers.incrementAndGet();
        try {
            Events events = new Events();
            Container container = new Container(id, functionArn,
                    new RuntimeApiEndpoint.Function(kind.name(), "$LATEST", kind.handler()), events);
            events.container = container;
            containers.add(container);
            coldStarts++;
            if (slotsFreedByTimeouts > 0) {
                slotsFreedByTimeouts--;
                coldStartsAfterTimeouts++;
            }
            return container;
        } catch (IOException e) {
            log.warn("Could not open a Runtime API endpoint for {}: {}", id, e.toString());
            return null;
        }
    }

    // Guarded by this.
    private void assign(Container target, Invocation invocation, boolean cold) {
        target.state(Container.State.BUSY);
        target.current(invocation);
        // A cold start: the init's time too, until its invoke phase begins (invokeBegins).
        Duration timeout = cold ? invocationTimeout.plus(settings.initTimeout()) : invocationTimeout;
        invocation.routedTo(target, cold, System.currentTimeMillis() + timeout.toMillis());
        inFlight.put(invocation.requestId(), invocation);
        timer.schedule(() -> timedOut(invocation, 0), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A cold start's init ended: its invoke phase begins, and with it the function's timeout, as on
     * Lambda (the Runtime API's deadline header and the INVOKE event carry the new deadline).
     */
    private void invokeBegins(Invocation invocation) {
        long timeout = invocationTimeout.toMillis();
        long deadline = System.currentTimeMillis() + timeout;
        invocation.invokeBegins(deadline);
        timer.schedule(() -> timedOut(invocation, deadline), timeout, TimeUnit.MILLISECONDS);
    }

    private void dispatch(Container target, Invocation invocation, boolean cold) {
        if (!cold) {
            // Frozen, so its CPU time stands still until the thaw.
            invocation.cpuAtDelivery(target.cpuMillis());
            target.thawAndDeliver(invocation);
            return;
        }
        invocation.cpuAtDelivery(0); // a new process: its CPU time starts at 0
        target.deliverFirst(invocation);
        // Off the submitting thread (invokeAll has routed the whole wave already): the wave's deliveries
        // to warm containers do not wait behind the process starts of its cold ones.
        try {
            starter.execute(() -> start(target, invocation));
        } catch (RejectedExecutionException e) {
            finish(invocation, "run ended", null); // the fleet closed meanwhile
            retire(target);
        }
    }

    private void start(Container target, Invocation invocation) {
        try {
            if (target.start(kind, environment(target), settings.logDirectory().resolve(target.id() + ".log"))) {
                target.process().onExit().thenAccept(process -> exited(target, process.exitValue()));
            }
        } catch (IOException e) {
            finish(invocation, "container start failed", e.toString());
            retire(target);
        }
    }

    private Map<String, String> environment(Container target) {
        return lambdaEnvironment(kind, target);
    }

    /** What Lambda sets in a sandbox's environment, with the kind's own settings. */
    static Map<String, String> lambdaEnvironment(ContainerKind kind, Container target) {
        Map<String, String> environment = new HashMap<>(kind.environment());
        environment.put("AWS_LAMBDA_RUNTIME_API", target.runtimeApi());
        environment.put("_HANDLER", kind.handler());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", kind.name());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + kind.name());
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", target.id());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_DEFAULT_REGION", "us-east-1");
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_lambda-sim");
        environment.put("LAMBDA_TASK_ROOT", kind.workingDirectory() == null ? "." : kind.workingDirectory().toString());
        return environment;
    }

    /**
     * Expires every idle container: it stays frozen, its connections stay open on the server,
     * and it is never routed to again. Busy containers are left alone.
     *
     * @return how many expired
     */
    public synchronized int expireIdle() {
        int count = 0;
        for (Container container : idle) {
            container.state(Container.State.EXPIRED);
            container.freezeIfIdle();
            count++;
        }
        idle.clear();
        expired += count;
        return count;
    }

    /**
     * Retires every idle container, as Lambda scales a function down. The first
     * {@code round(shutdownShare × idle)} of them (most recently used first) go through the Shutdown
     * phase ({@link Container#retire}: SIGTERM and {@code budget} to exit, where an extension is
     * registered), all at once; the others are retired without one, frozen with their sockets
     * open, as after a crash or a timeout. Busy containers are left alone.
     */
    public Retirements retireIdle(double shutdownShare, Duration budget) {
        List<Container> retiring;
        synchronized (this) {
            retiring = new ArrayList<>(idle);
            idle.clear();
            for (Container container : retiring) {
                container.state(Container.State.EXPIRED);
            }
            expired += retiring.size();
        }
        int withShutdown = (int) Math.round(Math.max(0, Math.min(1, shutdownShare)) * retiring.size());
        List<CompletableFuture<Container.Retirement>> outcomes = new ArrayList<>();
        // One thread per container: Lambda retires sandboxes independently (the common pool may have one thread).
        ExecutorService threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "retire-" + kind.name());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < retiring.size(); i++) {
            Container container = retiring.get(i);
            boolean shutdownPhase = i < withShutdown;
            outcomes.add(CompletableFuture.supplyAsync(() -> container.retire(shutdownPhase, budget), threads));
        }
        threads.shutdown();
        Map<Container.Retirement, Integer> counts = new EnumMap<>(Container.Retirement.class);
        int extensions = 0;
        for (int i = 0; i < retiring.size(); i++) {
            Container.Retirement outcome = outcomes.get(i).join();
            counts.merge(outcome, 1, Integer::sum);
            if (retiring.get(i).extensionRegistered()) {
                extensions++;
            }
        }
        Retirements retirements = new Retirements(retiring.size(), withShutdown, extensions,
                counts.getOrDefault(Container.Retirement.EXITED_IN_BUDGET, 0),
                counts.getOrDefault(Container.Retirement.STOPPED_AFTER_BUDGET, 0),
                counts.getOrDefault(Container.Retirement.FROZEN_WITHOUT_EXTENSION, 0),
                counts.getOrDefault(Container.Retirement.FROZEN_WITHOUT_SHUTDOWN, 0));
        log.info("Retired {} containers of {}: {}", retiring.size(), kind.name(), retirements);
        return retirements;
    }

    /**
     * What {@link #retireIdle} did.
     *
     * @param retired containers retired
     * @param shutdownPhases of them, retirements with a Shutdown phase
     * @param extensionsRegistered of them, containers whose runtime had registered an extension
     * @param exitedInBudget got SIGTERM and exited within the budget (sockets closed)
     * @param stoppedAfterBudget got SIGTERM and were stopped after the budget (sockets open)
     * @param frozenWithoutExtension Shutdown phase, but no extension so no SIGTERM: frozen (sockets open)
     * @param frozenWithoutShutdown no Shutdown phase: frozen (sockets open)
     */
    public record Retirements(int retired, int shutdownPhases, int extensionsRegistered, int exitedInBudget,
            int stoppedAfterBudget, int frozenWithoutExtension, int frozenWithoutShutdown) {
    }

    /** How many containers' runtimes registered an extension so far. */
    public synchronized int extensionsRegistered() {
        int count = 0;
        for (Container container : containers) {
            if (container.extensionRegistered()) {
                count++;
            }
        }
        return count;
    }

    /** Cold starts, expired containers and timeouts so far (zombies from timeouts: not counted, 0). */
    /** The function's timeout from now on (the invocations already routed keep theirs): a new deployment's. */
    public void functionTimeout(Duration timeout) {
        this.invocationTimeout = timeout;
    }

    public synchronized Counts counts() {
        return new Counts(coldStarts, expired, timeouts, alive(), coldStartsAfterTimeouts, 0);
    }

    /**
     * The connections to {@code serverPort} still established by the containers a timeout ended:
     * the zombies the timeouts left, as long as the server has not killed them (a killed one is
     * closed by the server, and its client end is no longer established).
     */
    public int zombiesFromTimeouts(int serverPort) {
        List<Container> ended;
        synchronized (this) {
            ended = new ArrayList<>(timedOut);
        }
        int zombies = 0;
        for (Container container : ended) {
            if (container.process() != null && container.process().isAlive()) {
                zombies += Sockets.establishedTo(container.pid(), serverPort);
            }
        }
        return zombies;
    }

    /**
     * Counters of a fleet.
     *
     * @param timeouts invocations ended by the function timeout (each ended its container)
     * @param alive containers alive and not expired, now
     * @param coldStartsAfterTimeouts cold starts that took a slot a timeout had freed
     * @param zombiesFromTimeouts connections the timed-out containers still held open on the server
     *        when counted ({@link Fleet#zombiesFromTimeouts}), a state like {@code alive}
     */
    public record Counts(int coldStarts, int expired, int timeouts, int alive, int coldStartsAfterTimeouts,
            int zombiesFromTimeouts) {

        /** What was counted since {@code earlier} (alive and zombies: now). */
        public Counts since(Counts earlier) {
            return new Counts(coldStarts - earlier.coldStarts, expired - earlier.expired, timeouts - earlier.timeouts, alive,
                    coldStartsAfterTimeouts - earlier.coldStartsAfterTimeouts, zombiesFromTimeouts);
        }

        public Counts withZombiesFromTimeouts(int zombies) {
            return new Counts(coldStarts, expired, timeouts, alive, coldStartsAfterTimeouts, zombies);
        }

        /** The sum of two fleets' counts. */
        public Counts plus(Counts other) {
            return new Counts(coldStarts + other.coldStarts, expired + other.expired, timeouts + other.timeouts,
                    alive + other.alive, coldStartsAfterTimeouts + other.coldStartsAfterTimeouts,
                    zombiesFromTimeouts + other.zombiesFromTimeouts);
        }
    }

    /** The frozen state of every container, for tests: id to frozen. */
    public synchronized Map<String, Boolean> frozenStates() {
        Map<String, Boolean> states = new HashMap<>();
        for (Container container : containers) {
            if (container.state() != Container.State.DEAD) {
                states.put(container.id(), container.frozen());
            }
        }
        return states;
    }

    /** The process ids of every container that is still alive, for tests. */
    public synchronized List<Long> livePids() {
        List<Long> pids = new ArrayList<>();
        for (Container container : containers) {
            if (container.process() != null && container.process().isAlive()) {
                pids.add(container.pid());
            }
        }
        return pids;
    }

    /**
     * The invoke phase ended (the runtime and every {@code INVOKE}-subscribed extension ask for their
     * next event): the container takes a queued event or is frozen, and the invocation it ran
     * completes with its billed duration and its CPU time, read once the container is frozen.
     */
    private void waitingForNext(Container container) {
        long phaseEndNanos = System.nanoTime(); // the legs diagnostic's mark of the phase end, taken before the freeze
        container.servingStarted();
        Invocation next;
        Invocation ended;
        synchronized (this) {
            if (container.state() != Container.State.BUSY || container.hasQueuedEvent()) {
                return;
            }
            ended = container.current();
            container.current(null);
            next = pending.pollFirst();
            if (next != null) {
                assign(container, next, false);
            } else {
                container.state(Container.State.IDLE);
                idle.addFirst(container); // most recently used first, as Lambda keeps warm ones warm
            }
        }
        if (next == null) {
            container.freezeIfIdle();
        }
        long cpu = ended == null && next == null ? -1 : container.cpuMillis();
        if (ended != null) {
            inFlight.remove(ended.requestId());
            ended.phaseEnded(cpu);
            Legs.write(settings.logDirectory(), ended, phaseEndNanos);
        }
        if (next != null) {
            next.cpuAtDelivery(cpu);
            container.thawAndDeliver(next);
        }
    }

    private void finish(Invocation invocation, String error, String detail) {
        inFlight.remove(invocation.requestId());
        if (error == null) {
            invocation.succeed(detail);
        } else {
            invocation.fail(error, detail);
        }
    }

    /**
     * @param deadline the deadline this timer was set for, or 0 for the bound set when routed (the
     *        init's time included); a timer for a deadline no longer current is ignored
     */
    private void timedOut(Invocation invocation, long deadline) {
        if (invocation.result().isDone() || deadline != 0 && deadline != invocation.deadlineEpochMillis()) {
            return;
        }
        Container container = invocation.container();
        synchronized (this) {
            if (container.current() != invocation) {
                // Its invoke phase ended first: the container was let go of it (waitingForNext, under
                // this lock), and only freezing it and reading its CPU time stood between that and the
                // result completing, which on a busy machine takes long enough for this timer to run.
                return;
            }
            log.info("Invocation {} on {} ({}) timed out; the container ends without a Shutdown phase, its sockets open."
                    + " {}; {}", invocation.requestId(), container, invocation.coldStart() ? "cold start" : "warm",
                    invocation.responseTrace(), container.phaseTrace(invocation.deadlineEpochMillis()));
            timeouts++;
            slotsFreedByTimeouts++;
            idle.remove(container);
            timedOut.add(container);
        }
        container.abandon(); // state EXPIRED: its slot is free for a cold start
        // Counted before the caller learns of it.
        finish(invocation, "timeout", "no response before the deadline");
        drainPendingIntoNewContainers();
    }

    private void exited(Container container, int exitCode) {
        Invocation current = container.current();
        if (current != null && !current.result().isDone()) {
            Path log = settings.logDirectory().resolve(container.id() + ".log");
            String category = ErrorCategory.ofExit(log, exitCode);
            // A runtime that exits before it asked for its first event failed its init, as Lambda reports it.
            finish(current, (container.startedServing() ? "" : "init: ") + category,
                    "exit code " + exitCode + "; see " + log);
        }
        retire(container);
    }

    /** Takes a container out of service for good and kills it. */
    private void retire(Container container) {
        synchronized (this) {
            idle.remove(container);
            container.state(Container.State.DEAD);
        }
        container.kill();
        drainPendingIntoNewContainers();
    }

    /** After a container died, a queued event may start a replacement. */
    private void drainPendingIntoNewContainers() {
        while (true) {
            Container target;
            Invocation invocation;
            synchronized (this) {
                if (closed || pending.isEmpty() || alive() >= settings.concurrency()) {
                    return;
                }
                target = newContainer();
                if (target == null) {
                    return;
                }
                invocation = pending.pollFirst();
                assign(target, invocation, true);
            }
            dispatch(target, invocation, true);
        }
    }

    /** Ends every process this fleet started (frozen ones included) and fails what is still open. */
    @Override
    public void close() {
        List<Container> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(containers);
            for (Invocation invocation : pending) {
                invocation.fail("run ended", null);
            }
            pending.clear();
            idle.clear();
        }
        for (Container container : all) {
            Invocation current = container.current();
            container.kill();
            if (current != null) {
                current.fail("run ended", null);
            }
        }
        for (Invocation invocation : inFlight.values()) {
            invocation.fail("run ended", null);
        }
        starter.shutdownNow();
        timer.shutdownNow();
    }

    /** The Runtime API calls of one container. */
    private final class Events implements RuntimeApiEndpoint.Listener {
        private volatile Container container;

        private Container container() {
            return container;
        }

        @Override
        public void waitingForNext() {
            Fleet.this.waitingForNext(container());
        }

        @Override
        public void invokeBegins(Invocation invocation) {
            Fleet.this.invokeBegins(invocation);
        }

        @Override
        public void responded(String requestId, String body) {
            Invocation invocation = inFlight.get(requestId);
            if (invocation != null) {
                // The caller has it now; the result completes when the invoke phase ends (waitingForNext).
                invocation.responded(null, body);
            }
        }

        @Override
        public void invocationFailed(String requestId, String errorType, String errorMessage) {
            Invocation invocation = inFlight.get(requestId);
            if (invocation != null) {
                String category = ErrorCategory.of(errorType, errorMessage);
                if (errorType != null && errorType.endsWith(category)) {
                    // Counted by its type alone: the text says what happened.
                    log.info("Invocation {} failed with an error of no known category: {}: {}", requestId, errorType,
                            errorMessage);
                }
                invocation.responded(category, errorType + ": " + errorMessage);
            }
        }

        @Override
        public void initFailed(String errorType, String errorMessage) {
            Container container = container();
            Invocation current = container.current();
            if (current != null) {
                finish(current, "init: " + ErrorCategory.of(errorType, errorMessage), errorType + ": " + errorMessage);
            }
            // Lambda ends a sandbox whose init failed; the next event starts a new one.
            Thread reaper = new Thread(() -> retire(container), "retire-" + container.id());
            reaper.setDaemon(true);
            reaper.start();
        }
    }
}
