package dev.serverlessmysql.lambdasim.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One sandbox: a real process with its own Runtime API endpoint. The fleet decides what it does;
 * this class only keeps its state and sends it signals, in an order that never leaves a
 * container frozen with work routed to it.
 */
final class Container {

    enum State {
        /** Running an event (including its cold start). */
        BUSY,
        /** Waiting on {@code /next} with nothing queued: frozen, may be thawed for the next event. */
        IDLE,
        /** Left frozen for the rest of the run: never routed to again; its sockets stay open. */
        EXPIRED,
        /** Killed or exited. */
        DEAD
    }

    private final String id;
    private final RuntimeApiEndpoint endpoint;
    private volatile State state = State.BUSY;
    private volatile Invocation current;
    private volatile boolean serving;
    private volatile Process process;
    // Guarded by this.
    private boolean frozen;
    private boolean killed;
    private boolean abandoned;

    /** How a retired container ended: what its MySQL socket does depends on it. */
    enum Retirement {
        /** Got SIGTERM (it registered an extension) and exited within the budget: its sockets are closed. */
        EXITED_IN_BUDGET,
        /** Got SIGTERM but was still alive after the budget: stopped, its sockets stay open. */
        STOPPED_AFTER_BUDGET,
        /** No extension registered, so no Shutdown phase: left frozen, its sockets stay open. */
        FROZEN_WITHOUT_EXTENSION,
        /** Retired without a Shutdown phase (as after a crash or a timeout): left frozen. */
        FROZEN_WITHOUT_SHUTDOWN
    }

    Container(String id, String functionArn, RuntimeApiEndpoint.Listener listener) throws IOException {
        this(id, functionArn, new RuntimeApiEndpoint.Function(id, "$LATEST", "handler"), listener);
    }

    Container(String id, String functionArn, RuntimeApiEndpoint.Function function, RuntimeApiEndpoint.Listener listener)
            throws IOException {
        this.id = id;
        this.endpoint = new RuntimeApiEndpoint(id, functionArn, function, listener);
    }

    String id() {
        return id;
    }

    State state() {
        return state;
    }

    void state(State state) {
        this.state = state;
    }

    Invocation current() {
        return current;
    }

    void current(Invocation invocation) {
        this.current = invocation;
    }

    /** The runtime asked for an event: its init is over. */
    void servingStarted() {
        serving = true;
    }

    boolean startedServing() {
        return serving;
    }

    String runtimeApi() {
        return endpoint.address();
    }

    boolean hasQueuedEvent() {
        return endpoint.hasQueuedEvent();
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    /** The process's CPU time so far ({@link ProcStat#cpuMillis}), or -1 when not started or gone. */
    long cpuMillis() {
        Process started = process;
        return started == null ? -1 : ProcStat.cpuMillis(started.pid());
    }

    /**
     * Starts the container's process, unless the container was killed first (its event timed out, or
     * the fleet closed, before its turn to start came).
     *
     * @return whether the process was started
     */
    synchronized boolean start(ContainerKind kind, Map<String, String> environment, Path log) throws IOException {
        if (killed || abandoned) {
            return false;
        }
        ProcessBuilder builder = new ProcessBuilder(kind.command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (kind.workingDirectory() != null) {
            builder.directory(kind.workingDirectory().toFile());
        }
        builder.environment().putAll(environment);
        process = builder.start();
        ProcessReaper.track(process);
        return true;
    }

    /** Freezes the process if it is still idle; a racing thaw wins because it sets BUSY first. */
    synchronized void freezeIfIdle() {
        if ((state == State.IDLE || state == State.EXPIRED) && !frozen && process.isAlive()) {
            Signals.stop(process.pid());
            frozen = true;
        }
    }

    /** Thaws the process (if frozen) and hands it the event. */
    synchronized void thawAndDeliver(Invocation invocation) {
        if (frozen) {
            Signals.resume(process.pid());
            frozen = false;
        }
        invocation.thawed();
        endpoint.deliver(invocation);
    }

    /** Delivers the first event before the process starts, so its first {@code /next} answers at once. */
    void deliverFirst(Invocation invocation) {
        endpoint.deliver(invocation);
    }

    synchronized boolean frozen() {
        return frozen;
    }

    /** Who asked for the next event since the last one was handed out, relative to {@code deadline}. */
    String phaseTrace(long deadline) {
        return endpoint.phaseTrace(deadline);
    }

    /** The most {@code /next} polls the runtime had outstanding at once. */
    int mostOutstandingNext() {
        return endpoint.mostOutstandingNext();
    }

    /** Whether the runtime registered an extension with the Extensions API. */
    boolean extensionRegistered() {
        return endpoint.extensionRegistered();
    }

    /**
     * Retires the container. With {@code shutdownPhase} and an extension registered, Lambda's
     * Shutdown phase: {@code SHUTDOWN} to extensions that subscribed to it, the process thawed and
     * sent SIGTERM, and {@code budget} to exit. A process still alive after it is stopped with
     * SIGSTOP, not killed: Lambda tears the whole sandbox down without the server seeing its sockets
     * close, while SIGKILL of a local process would make the kernel close them. Without an extension
     * (or without a Shutdown phase) the container is left frozen, as an expired one.
     */
    Retirement retire(boolean shutdownPhase, Duration budget) {
        state = State.EXPIRED;
        if (!shutdownPhase || !extensionRegistered()) {
            freezeIfIdle();
            return shutdownPhase ? Retirement.FROZEN_WITHOUT_EXTENSION : Retirement.FROZEN_WITHOUT_SHUTDOWN;
        }
        synchronized (this) {
            endpoint.shutDown("spindown", System.currentTimeMillis() + budget.toMillis());
            if (!process.isAlive()) {
                return Retirement.EXITED_IN_BUDGET;
            }
            if (frozen) {
                Signals.resume(process.pid());
                frozen = false;
            }
            Signals.terminate(process.pid());
        }
        boolean exited;
        try {
            exited = process.waitFor(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = !process.isAlive();
        }
        if (exited) {
            return Retirement.EXITED_IN_BUDGET;
        }
        synchronized (this) {
            if (process.isAlive()) {
                Signals.stop(process.pid());
                frozen = true;
                return Retirement.STOPPED_AFTER_BUDGET;
            }
        }
        return Retirement.EXITED_IN_BUDGET;
    }

    /**
     * Ends the container as Lambda ends a sandbox whose invocation timed out: no Shutdown phase, the
     * process stopped where it is (SIGSTOP, even mid-invocation) and never routed to again, its
     * sockets left open: SIGKILL would make the kernel close them, a FIN the server sees, and no
     * zombie. A process not started yet never starts. {@link #kill} still ends it with the fleet.
     *
     * @return whether a process was stopped (it may hold connections)
     */
    synchronized boolean abandon() {
        state = State.EXPIRED;
        abandoned = true;
        if (process == null || !process.isAlive()) {
            return false;
        }
        if (!frozen) {
            Signals.stop(process.pid());
            frozen = true;
        }
        return true;
    }

    /** SIGKILL (works on a stopped process), then closes the endpoint. */
    void kill() {
        synchronized (this) {
            if (killed) {
                return;
            }
            killed = true;
        }
        state = State.DEAD;
        if (process != null) {
            ProcessReaper.kill(process);
        }
        endpoint.close();
    }

    @Override
    public String toString() {
        return id + "[" + state + (process == null ? "" : ", pid " + process.pid()) + "]";
    }
}
