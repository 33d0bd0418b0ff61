package dev.serverlessmysql.lambdasim.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function on Lambda Managed Instances: a fixed number of execution environments, each serving
 * up to {@code concurrencyPerEnvironment} requests at once ({@code AWS_LAMBDA_MAX_CONCURRENCY} in
 * its environment), never frozen between requests. The environments are initialised before any
 * request is routed (Managed Instances start them ahead of traffic); a request goes to the ready
 * environment with the fewest in flight, below its limit, else waits in a queue. The runtime polls
 * {@code /next} with several threads at once; each poll takes the next event routed to it.
 *
 * <p>An environment whose init fails or whose process exits is not replaced: its requests in flight
 * fail, and the others go to the remaining environments. A request past its timeout fails; the
 * environment is left running (its other requests go on).
 */
public final class ManagedFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagedFleet.class);

    /**
     * @param environments execution environments started
     * @param concurrencyPerEnvironment requests one environment serves at once ({@code AWS_LAMBDA_MAX_CONCURRENCY})
     * @param invocationTimeout the function timeout, from routing to the response
     * @param initTimeout how long the environments may take to initialise
     * @param logDirectory where each environment's stdout and stderr go
     */
    public record Settings(int environments, int concurrencyPerEnvironment, Duration invocationTimeout,
            Duration initTimeout, Path logDirectory) {
    }

    /**
     * @param ready environments that finished init
     * @param initFailures environments whose init failed (or that exited before it ended)
     * @param exited environments whose process exited after init
     * @param timeouts requests past their timeout
     * @param mostOutstandingNext the most {@code /next} polls one environment had outstanding at once
     */
    public record Counts(int ready, int initFailures, int exited, int timeouts, int mostOutstandingNext) {
    }

    private final ContainerKind kind;
    private final Settings settings;
    private final String functionArn;
    private final ScheduledExecutorService timer;
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    // Guarded by this.
    private final List<Environment> environments = new ArrayList<>();
    private final Deque<Invocation> pending = new ArrayDeque<>();
    private int timeouts;
    private boolean closed;

    /** One execution environment and what it is doing. Guarded by the fleet. */
    private static final class Environment {
        final Container container;
        int inFlight;
        boolean ready;
        boolean initFailed;
        boolean dead;

        Environment(Container container) {
            this.container = container;
        }

        boolean usable() {
            return ready && !dead;
        }
    }

    public ManagedFleet(ContainerKind kind, Settings settings) throws IOException {
        this.kind = kind;
        this.settings = settings;
        this.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + kind.name();
        Files.createDirectories(settings.logDirectory());
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "managed-fleet-timer-" + kind.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts every environment at once and waits until each has finished its init (asked for its
     * first event) or failed it, for at most the init timeout.
     *
     * @return environments ready
     */
    public int start() throws IOException, InterruptedException {
        for (int i = 1; i <= settings.environments(); i++) {
            String id = kind.name() + "-env" + i;
            Events events = new Events();
            Container container = new Container(id, functionArn,
                    new RuntimeApiEndpoint.Function(kind.name(), "$LATEST", kind.handler()), events);
            Environment environment = new Environment(container);
            events.environment = environment;
            synchronized (this) {
                environments.add(environment);
            }
            Map<String, String> variables = new HashMap<>(Fleet.lambdaEnvironment(kind, container));
            variables.put("AWS_LAMBDA_MAX_CONCURRENCY", String.valueOf(settings.concurrencyPerEnvironment()));
            container.start(kind, variables, settings.logDirectory().resolve(id + ".log"));
            container.process().onExit().thenAccept(process -> exited(environment, process.exitValue()));
        }
        long deadline = System.nanoTime() + settings.initTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (environments.stream().allMatch(environment -> environment.ready || environment.dead)) {
                    break;
                }
            }
            Thread.sleep(50);
        }
        return counts().ready();
    }

    /** Submits one request; the future completes with its result, never exceptionally. */
    public CompletableFuture<InvocationResult> invoke(String payload) {
        Invocation invocation = new Invocation(payload.getBytes(StandardCharsets.UTF_8));
        Environment target;
        synchronized (this) {
            if (closed) {
                invocation.fail("fleet closed", null);
                return invocation.result();
            }
            if (environments.stream().noneMatch(Environment::usable)) {
                invocation.fail("no environment ready", null);
                return invocation.result();
            }
            target = leastBusy();
            if (target == null) {
                pending.addLast(invocation);
                return invocation.result();
            }
            assign(target, invocation);
        }
        target.container.thawAndDeliver(invocation);
        return invocation.result();
    }

    // Guarded by this.
    private Environment leastBusy() {
        Environment best = null;
        for (Environment environment : environments) {
            if (environment.usable() && environment.inFlight < settings.concurrencyPerEnvironment()
                    && (best == null || environment.inFlight < best.inFlight)) {
                best = environment;
            }
        }
        return best;
    }

    // Guarded by this.
    private void assign(Environment target, Invocation invocation) {
        target.inFlight++;
        long timeout = settings.invocationTimeout().toMillis();
        invocation.routedTo(target.container, false, System.currentTimeMillis() + timeout);
        inFlight.put(invocation.requestId(), invocation);
        timer.schedule(() -> timedOut(invocation), timeout, TimeUnit.MILLISECONDS);
    }

    /** Completes a request and hands its environment's free slot to the next queued one. */
    private void finish(Invocation invocation, String error, String detail) {
        if (inFlight.remove(invocation.requestId()) == null) {
            return; // already finished (timed out, or its environment died)
        }
        if (error == null) {
            invocation.succeed(detail);
        } else {
            invocation.fail(error, detail);
        }
        List<Map.Entry<Environment, Invocation>> next = new ArrayList<>();
        synchronized (this) {
            for (Environment environment : environments) {
                if (environment.container == invocation.container()) {
                    environment.inFlight--;
                }
            }
            Environment target;
            while (!pending.isEmpty() && (target = leastBusy()) != null) {
                Invocation queued = pending.pollFirst();
                assign(target, queued);
                next.add(Map.entry(target, queued));
            }
        }
        for (Map.Entry<Environment, Invocation> entry : next) {
            entry.getKey().container.thawAndDeliver(entry.getValue());
        }
    }

    /** The runtime posted a response ({@code error} null) or an error for a request. */
    private void answered(String requestId, String error, String detail) {
        Invocation invocation = inFlight.get(requestId);
        if (invocation != null) {
            finish(invocation, error, detail);
        }
    }

    private void timedOut(Invocation invocation) {
        if (invocation.result().isDone()) {
            return;
        }
        synchronized (this) {
            timeouts++;
        }
        finish(invocation, "timeout", "no response before the deadline");
    }

    private void exited(Environment environment, int exitCode) {
        List<Invocation> orphans = new ArrayList<>();
        List<Invocation> stranded = new ArrayList<>();
        synchronized (this) {
            if (!environment.ready) {
                environment.initFailed = true;
            }
            environment.dead = true;
            for (Invocation invocation : inFlight.values()) {
                if (invocation.container() == environment.container) {
                    orphans.add(invocation);
                }
            }
            if (environments.stream().noneMatch(Environment::usable)) {
                stranded.addAll(pending);
                pending.clear();
            }
        }
        Path logFile = settings.logDirectory().resolve(environment.container.id() + ".log");
        if (!closed) {
            log.info("Environment {} exited with {} ({}); see {}", environment.container.id(), exitCode,
                    environment.ready ? "after init" : "during init", logFile);
        }
        String category = ErrorCategory.ofExit(logFile, exitCode);
        for (Invocation invocation : orphans) {
            finish(invocation, category, "exit code " + exitCode + "; see " + logFile);
        }
        for (Invocation invocation : stranded) {
            invocation.fail("no environment ready", null);
        }
        environment.container.kill();
    }

    /** Environments ready, init failures, exits, timeouts, and the most concurrent {@code /next} polls seen. */
    public synchronized Counts counts() {
        int ready = 0;
        int initFailures = 0;
        int exited = 0;
        int most = 0;
        for (Environment environment : environments) {
            if (environment.ready && !environment.dead) {
                ready++;
            }
            if (environment.initFailed) {
                initFailures++;
            } else if (environment.dead) {
                exited++;
            }
            most = Math.max(most, environment.container.mostOutstandingNext());
        }
        return new Counts(ready, initFailures, exited, timeouts, most);
    }

    /** Ends every process and fails what is still open. */
    @Override
    public void close() {
        List<Environment> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(environments);
            for (Invocation invocation : pending) {
                invocation.fail("run ended", null);
            }
            pending.clear();
        }
        for (Environment environment : all) {
            environment.container.kill();
        }
        for (Invocation invocation : inFlight.values()) {
            invocation.fail("run ended", null);
        }
        timer.shutdownNow();
    }

    /** The Runtime API calls of one environment. */
    private final class Events implements RuntimeApiEndpoint.Listener {
        private volatile Environment environment;

        @Override
        public void waitingForNext() {
            synchronized (ManagedFleet.this) {
                environment.container.servingStarted();
                environment.ready = true;
            }
        }

        @Override
        public void responded(String requestId, String body) {
            answered(requestId, null, body);
        }

        @Override
        public void invocationFailed(String requestId, String errorType, String errorMessage) {
            answered(requestId, ErrorCategory.of(errorType, errorMessage), errorType + ": " + errorMessage);
        }

        @Override
        public void initFailed(String errorType, String errorMessage) {
            log.info("Environment {} failed its init: {}: {}", environment.container.id(), errorType, errorMessage);
            synchronized (ManagedFleet.this) {
                environment.initFailed = true;
            }
            Thread reaper = new Thread(environment.container::kill, "retire-" + environment.container.id());
            reaper.setDaemon(true);
            reaper.start();
        }
    }
}
