package dev.serverlessmysql.lambdasim.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

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
    private Process process;
    // Guarded by this.
    private boolean frozen;
    private boolean killed;

    Container(String id, String functionArn, RuntimeApiEndpoint.Listener listener) throws IOException {
        this.id = id;
        this.endpoint = new RuntimeApiEndpoint(id, functionArn, listener);
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

    void start(ContainerKind kind, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(kind.command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (kind.workingDirectory() != null) {
            builder.directory(kind.workingDirectory().toFile());
        }
        builder.environment().putAll(environment);
        process = builder.start();
        ProcessReaper.track(process);
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
        endpoint.deliver(invocation);
    }

    /** Delivers the first event before the process starts, so its first {@code /next} answers at once. */
    void deliverFirst(Invocation invocation) {
        endpoint.deliver(invocation);
    }

    synchronized boolean frozen() {
        return frozen;
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
