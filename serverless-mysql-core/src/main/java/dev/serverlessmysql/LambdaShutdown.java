package dev.serverlessmysql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DataSource's internal Lambda extension: graceful shutdown, and housekeeping after the response.
 *
 * <p><b>Shutdown.</b> Lambda sends a retired execution environment's runtime SIGTERM (and waits up
 * to 500 ms before SIGKILL) only when at least one extension is registered; without one the
 * environment is simply killed and its MySQL socket stays open on the server, a zombie. So during
 * init this registers an internal extension through the Extensions API
 * ({@code POST /2020-01-01/extension/register}), keeps one
 * {@code GET /2020-01-01/extension/event/next} outstanding on a daemon thread (which tells Lambda
 * the extension is ready), and adds a JVM shutdown hook that closes the DataSource: its connection
 * ends with a clean COM_QUIT and leaves no zombie. (Internal extensions cannot subscribe to
 * SHUTDOWN; the signal is how they learn of it.)
 *
 * <p><b>After the response.</b> Where the environment serves one invocation at a time, the
 * extension subscribes to INVOKE. Lambda ends an invocation's invoke phase, and freezes the
 * environment, only once the runtime <em>and</em> every INVOKE-subscribed extension have called
 * {@code /next}, while the caller has the response as soon as the runtime posted it. So
 * {@link Registration#handOff} lets {@code endInvocation()} leave its housekeeping to the extension's
 * thread, which runs it after the handler returned, bounded by the invocation's {@code deadlineMs},
 * and only then calls {@code /next}: housekeeping is billed, not seen. Where INVOKE cannot be had
 * (registration refused, several invocations at once as on Lambda Managed Instances, no Lambda)
 * housekeeping runs inline as before.
 *
 * <p>The extension never waits long for a hand-off that is not coming: it holds the invoke phase
 * only while armed (at first, and after an {@code endInvocation()} it could not take), gives up
 * once no invocation has run for {@link #QUIET} (none begun and not ended, no lease of any
 * DataSource out), and always before the
 * invocation's deadline; giving up disarms it until the next {@code endInvocation()}. An
 * {@code endInvocation()} the extension cannot take (it is between events) runs inline. Housekeeping
 * handed off starts once the invoking thread has sent the response ({@link HandOff}).
 *
 * <p>One extension, one thread per process, however many DataSources; each DataSource adds its own
 * shutdown hook. Every failure is a WARN, never an init failure.
 */
final class LambdaShutdown {

    private static final Logger log = LoggerFactory.getLogger(LambdaShutdown.class);

    /** Internal extension names must be unique within a function. */
    static final String EXTENSION_NAME = "serverless-mysql-shutdown";
    /** How long a shutdown hook may wait for a lease in use: well inside Lambda's 500 ms. */
    static final Duration SHUTDOWN_WAIT = Duration.ofMillis(250);
    private static final int REGISTER_TIMEOUT_MILLIS = 1000;
    /**
     * An armed extension gives up waiting for {@code endInvocation()} once no invocation has run
     * (begun and not ended, or a lease out) for this long: a function that returned without calling it costs at most this much billed time, once.
     */
    static final Duration QUIET = Duration.ofMillis(250);
    /** The extension calls {@code /next} at the latest this long before the invocation's deadline. */
    static final Duration DEADLINE_MARGIN = Duration.ofMillis(100);
    /** How often a waiting extension looks whether a lease is out. */
    private static final long POLL_MILLIS = 20;
    /**
     * The thread that ended the invocation has sent the response once it left the handler and then
     * sat this long in one native frame: the runtime's {@code /next} call, which blocks until the
     * next invocation (the response POST before it is answered at once by the local Runtime API).
     */
    static final Duration SETTLE = Duration.ofMillis(2);
    /** A hand-off this long before its invocation began (as the deadlines bound it) belongs to an earlier one. */
    static final Duration STALE_HAND_OFF = Duration.ofSeconds(1);
    /** Housekeeping starts at the latest this long after the hand-off, whatever the runtime thread does. */
    static final Duration RESPONSE_WAIT = Duration.ofMillis(50);

    private static final Object LOCK = new Object();
    /** The registered extension of this process, or null. Guarded by LOCK. */
    private static Registration registration;

    private LambdaShutdown() {
    }

    /**
     * On Lambda ({@code AWS_LAMBDA_RUNTIME_API} set), registers the extension once per process and
     * a shutdown hook for this DataSource. Returns whether the extension is registered.
     */
    static boolean install(ServerlessMySqlDataSource dataSource, String runtimeApi) {
        return install(dataSource, runtimeApi, false) != null;
    }

    /**
     * The same; with {@code invokeEvents} the extension subscribes to INVOKE (unless the process's
     * extension registered already without), and this DataSource's leases count as activity.
     * Returns the registration, or null.
     */
    static Registration install(ServerlessMySqlDataSource dataSource, String runtimeApi, boolean invokeEvents) {
        if (runtimeApi == null || runtimeApi.isBlank()) {
            return null;
        }
        Registration registered = register(runtimeApi, invokeEvents);
        if (registered == null) {
            return null;
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dataSource.closeOnShutdown(SHUTDOWN_WAIT),
                    "serverless-mysql-shutdown"));
        } catch (IllegalStateException e) {
            // The JVM is shutting down already.
            return null;
        }
        registered.participants.add(dataSource);
        return registered;
    }

    /** After a SnapStart restore: a wait for the next event cut by the snapshot is sent again. */
    static void afterRestore() {
        synchronized (LOCK) {
            if (registration != null) {
                registration.awaitEvents();
            }
        }
    }

    /** Registers the extension of this process, once, without events; null when that failed (logged at WARN). */
    static Registration register(String runtimeApi) {
        return register(runtimeApi, false);
    }

    /**
     * Registers the extension of this process, once, for INVOKE events when {@code invokeEvents}
     * and Lambda accepts it, else for none; null when that failed (logged at WARN).
     */
    static Registration register(String runtimeApi, boolean invokeEvents) {
        synchronized (LOCK) {
            if (registration != null && registration.runtimeApi.equals(runtimeApi)) {
                return registration;
            }
            try {
                String identifier = null;
                boolean invoke = invokeEvents;
                if (invoke) {
                    try {
                        identifier = postRegister(runtimeApi, "[\"INVOKE\"]");
                    } catch (IOException refused) {
                        invoke = false;
                        log.info("The Lambda Extensions API refused INVOKE events ({}): housekeeping runs in"
                                + " endInvocation(), before the response, as without the extension", refused.getMessage());
                    }
                }
                if (identifier == null) {
                    identifier = postRegister(runtimeApi, "[]");
                }
                registration = new Registration(runtimeApi, identifier, invoke);
                registration.awaitEvents();
                log.debug("Registered Lambda extension '{}' ({}{}): Lambda sends SIGTERM before it retires this"
                        + " environment, and the MySQL connection is then closed cleanly", EXTENSION_NAME, identifier,
                        invoke ? ", INVOKE events: housekeeping after the response" : "");
                return registration;
            } catch (IOException | RuntimeException e) {
                log.warn("Could not register with the Lambda Extensions API at {} ({}). The function works as before, but"
                        + " when Lambda retires this environment its MySQL connection is not closed: it stays on the"
                        + " server until housekeeping kills it or session-wait-timeout passes. To silence this, set"
                        + " serverless.mysql.lambda-shutdown.enabled=false.", runtimeApi, e.toString());
                return null;
            }
        }
    }

    private static String postRegister(String runtimeApi, String events) throws IOException {
        HttpURLConnection http = open(runtimeApi, "/2020-01-01/extension/register");
        http.setRequestMethod("POST");
        http.setConnectTimeout(REGISTER_TIMEOUT_MILLIS);
        http.setReadTimeout(REGISTER_TIMEOUT_MILLIS);
        http.setRequestProperty("Lambda-Extension-Name", EXTENSION_NAME);
        http.setRequestProperty("Content-Type", "application/json");
        http.setDoOutput(true);
        try (OutputStream body = http.getOutputStream()) {
            body.write(("{\"events\":" + events + "}").getBytes(StandardCharsets.UTF_8));
        }
        int status = http.getResponseCode();
        String identifier = http.getHeaderField("Lambda-Extension-Identifier");
        drain(http);
        if (status != 200 || identifier == null || identifier.isBlank()) {
            throw new IOException("the register call answered HTTP " + status
                    + (identifier == null ? " without a Lambda-Extension-Identifier" : ""));
        }
        return identifier;
    }

    private static HttpURLConnection open(String runtimeApi, String path) throws IOException {
        return (HttpURLConnection) URI.create("http://" + runtimeApi + path).toURL().openConnection();
    }

    /** Reads the answer's body (so the connection can be reused); empty when there is none. */
    private static String drain(HttpURLConnection http) {
        try (InputStream in = http.getResponseCode() < 400 ? http.getInputStream() : http.getErrorStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * A registered extension: its identifier, the one thread that waits for its events, and with
     * INVOKE events the hand-off of housekeeping from {@code endInvocation()} to that thread.
     */
    static final class Registration {
        private static final Pattern EVENT_TYPE = Pattern.compile("\"eventType\"\\s*:\\s*\"(\\w+)\"");
        private static final Pattern DEADLINE = Pattern.compile("\"deadlineMs\"\\s*:\\s*(\\d+)");

        final String runtimeApi;
        final String identifier;
        /** Whether Lambda sends this extension INVOKE events. */
        final boolean invokeEvents;
        private final AtomicBoolean waiting = new AtomicBoolean();
        /** The DataSources whose leases count as activity of an invocation. */
        final List<ServerlessMySqlDataSource> participants = new CopyOnWriteArrayList<>();
        // Guarded by this: the extension's phase and what endInvocation() handed it.
        /** Between an INVOKE event and the next call of /next. */
        private boolean inInvoke;
        /**
         * Whether, at the next INVOKE, to hold the invoke phase for an endInvocation(): at first, and
         * again after each endInvocation() it could not take. A function that never calls it pays
         * {@link #QUIET} once.
         */
        private boolean armed = true;
        /** The current invocation's deadline, epoch milliseconds; 0 when none. */
        private long deadlineMs;
        /** When an endInvocation() last ran inline for want of an invoke phase to join (epoch ms). */
        private long endedInlineAtMs;
        /** Whether an INVOKE event arrived: only then is a hand-off before the next one's arrival worth queueing. */
        private boolean invokeSeen;
        /** The function's timeout as the INVOKE events bound it from below: the longest deadline less arrival seen. */
        private long timeoutMs;
        private final List<HandOff> handedOff = new ArrayList<>();

        Registration(String runtimeApi, String identifier, boolean invokeEvents) {
            this.runtimeApi = runtimeApi;
            this.identifier = identifier;
            this.invokeEvents = invokeEvents;
        }

        /** Starts the wait for the next event unless one is outstanding. */
        void awaitEvents() {
            if (!waiting.compareAndSet(false, true)) {
                return;
            }
            Thread thread = new Thread(this::pollNext, "serverless-mysql-lambda-extension");
            thread.setDaemon(true);
            thread.start();
        }

        boolean isWaiting() {
            return waiting.get();
        }

        /**
         * Hands housekeeping to the extension's thread, which runs it (with the time it may take)
         * after the response and before it calls {@code /next}: at once when it is inside the
         * invocation's invoke phase; when it is armed but its INVOKE event has not reached it yet
         * (a handler faster than the event's delivery to this thread), as soon as it does. False
         * when it cannot take it (no INVOKE events, or not armed): the caller runs it inline, and
         * the extension holds the next invoke phase for it.
         */
        boolean handOff(Consumer<Duration> housekeeping) {
            if (!invokeEvents) {
                return false;
            }
            synchronized (this) {
                // Before the first INVOKE event nothing shows that Lambda delivers them: inline.
                if (!inInvoke && (!armed || !invokeSeen)) {
                    armed = true;
                    endedInlineAtMs = System.currentTimeMillis();
                    return false;
                }
                handedOff.add(HandOff.here(housekeeping));
                notifyAll();
                return true;
            }
        }

        /**
         * At an INVOKE event: what was handed off before it reached this thread belongs to this
         * invocation when it came after the invocation began, {@code deadlineMs} less the function's
         * timeout, which the deadlines seen so far bound from below (before the first event, all of
         * it does); {@link #STALE_HAND_OFF} of slack absorbs the bound's error. What came well
         * before was handed off after this thread ended the previous invocation (a DataSource ended
         * on another thread after the response): that run is skipped (the next invocation end runs
         * housekeeping again) rather than run at this invocation's start, beside its handler, and
         * shift every later invocation's housekeeping to the next one's start.
         * Returns whether this invocation already ended inline (a handler faster than the event's
         * delivery to this thread): then there is nothing to wait for. Called under this monitor.
         */
        private boolean startInvocation(long deadline) {
            if (deadline <= 0) {
                return false;
            }
            long began = timeoutMs > 0 ? deadline - timeoutMs : Long.MIN_VALUE;
            timeoutMs = Math.max(timeoutMs, deadline - System.currentTimeMillis());
            int before = handedOff.size();
            handedOff.removeIf(handOff -> handOff.atMs() < began - STALE_HAND_OFF.toMillis());
            if (handedOff.size() < before) {
                log.debug("Lambda extension: housekeeping handed off after the previous invocation ended is skipped");
            }
            boolean endedInline = endedInlineAtMs > 0 && endedInlineAtMs >= began;
            endedInlineAtMs = 0;
            return endedInline;
        }

        /** The current invocation's deadline from its INVOKE event (epoch ms), or 0 when none is known. */
        synchronized long deadlineMs() {
            return inInvoke ? deadlineMs : 0;
        }

        /**
         * Asks for the next event until the call fails. Without subscribed events Lambda answers
         * none, so the first call never returns; with INVOKE each answer starts an invoke phase,
         * which this thread ends by its next call.
         */
        private void pollNext() {
            try {
                while (true) {
                    HttpURLConnection http = open(runtimeApi, "/2020-01-01/extension/event/next");
                    http.setRequestProperty("Lambda-Extension-Identifier", identifier);
                    int status = http.getResponseCode();
                    String event = drain(http);
                    if (status != 200) {
                        log.debug("Lambda extension: event/next answered HTTP {}; waiting stops", status);
                        return;
                    }
                    Matcher type = EVENT_TYPE.matcher(event);
                    if (type.find() && type.group(1).equals("INVOKE")) {
                        Matcher deadline = DEADLINE.matcher(event);
                        invoked(deadline.find() ? Long.parseLong(deadline.group(1)) : 0);
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.debug("Lambda extension: the wait for the next event ended ({})", e.toString());
            } finally {
                synchronized (this) {
                    inInvoke = false;
                }
                waiting.set(false);
            }
        }

        /**
         * One invoke phase: when armed, waits for housekeeping handed off, runs it, and returns (the
         * caller then calls /next); gives up (and disarms) when no invocation has run (begun and not
         * ended, or a lease out) for {@link #QUIET}, or the deadline nears.
         */
        private void invoked(long deadline) {
            long giveUpAtMs = deadline > 0 ? deadline - DEADLINE_MARGIN.toMillis() : Long.MAX_VALUE;
            synchronized (this) {
                inInvoke = true;
                invokeSeen = true;
                deadlineMs = deadline;
                if (startInvocation(deadline) && handedOff.isEmpty()) {
                    inInvoke = false;
                    return;
                }
            }
            try {
                long quietSince = System.nanoTime();
                while (true) {
                    List<HandOff> work;
                    synchronized (this) {
                        if (handedOff.isEmpty()) {
                            long now = System.currentTimeMillis();
                            boolean quiet = System.nanoTime() - quietSince >= QUIET.toNanos();
                            if (!armed || now >= giveUpAtMs || quiet) {
                                if (armed) {
                                    log.debug("Lambda extension: no endInvocation() in this invocation ({}); the next"
                                            + " one runs its housekeeping inline", quiet ? "no invocation begun and no lease"
                                            + " out for " + QUIET.toMillis() + " ms" : "its deadline is near");
                                }
                                armed = false;
                                inInvoke = false;
                                return;
                            }
                            wait(Math.max(1, Math.min(POLL_MILLIS, giveUpAtMs - now)));
                            if (handedOff.isEmpty()) {
                                if (participants.stream().anyMatch(ServerlessMySqlDataSource::invocationRunning)) {
                                    quietSince = System.nanoTime();
                                }
                                continue;
                            }
                        }
                        work = new ArrayList<>(handedOff);
                        handedOff.clear();
                    }
                    for (HandOff handOff : work) {
                        handOff.awaitResponseSent(giveUpAtMs);
                        long left = giveUpAtMs == Long.MAX_VALUE ? Long.MAX_VALUE : giveUpAtMs - System.currentTimeMillis();
                        if (left > 0) {
                            try {
                                handOff.housekeeping.accept(Duration.ofMillis(left));
                            } catch (RuntimeException e) {
                                // Never let it end this thread: Lambda would wait for its /next until the timeout.
                                log.warn("Housekeeping after the response failed; the function is not affected: {}",
                                        e.toString(), e);
                            }
                        }
                    }
                    synchronized (this) {
                        // A DataSource that ended meanwhile is served too; the phase ends when none is waiting.
                        if (handedOff.isEmpty()) {
                            inInvoke = false;
                            return;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                synchronized (this) {
                    inInvoke = false;
                }
            }
        }
    }

    /**
     * Housekeeping handed off by {@code endInvocation()}, with where that was called from: the
     * extension starts it once that thread has sent the response, so that the response does not
     * share the CPU with it (a Lambda environment has a fraction of a core).
     */
    record HandOff(Consumer<Duration> housekeeping, Thread thread, StackTraceElement caller, int callerDepth, long atMs) {

        /**
         * Native methods a thread waits in for an answer (a socket read or poll, the Java runtime
         * client's JNI {@code next}, a park): a request it waits on was sent. Connects, writes and
         * class loading are native too, but sending, not waiting.
         */
        private static final Pattern WAITING_IN = Pattern.compile("(?i)poll|read|recv|next|wait|park|select|accept");

        /** Called on the thread in {@code endInvocation()}. */
        static HandOff here(Consumer<Duration> housekeeping) {
            StackTraceElement[] stack = new Throwable().getStackTrace();
            int at = 0;
            while (at < stack.length && !stack[at].getMethodName().equals("endInvocation")) {
                at++;
            }
            at++;
            long now = System.currentTimeMillis();
            return at < stack.length ? new HandOff(housekeeping, Thread.currentThread(), stack[at], stack.length - at, now)
                    : new HandOff(housekeeping, null, null, 0, now);
        }

        /**
         * Waits, at most {@link #RESPONSE_WAIT} and not past {@code giveUpAtMs}, until the thread has
         * left the function that called {@code endInvocation()} and then stayed for {@link #SETTLE} in
         * one native frame that waits for an answer: the runtime waits in its {@code /next} call (or
         * for the answer to its response POST), the response sent.
         */
        void awaitResponseSent(long giveUpAtMs) {
            if (thread == null) {
                return;
            }
            long start = System.nanoTime();
            long settledSince = 0;
            StackTraceElement waitingIn = null;
            while (System.nanoTime() - start < RESPONSE_WAIT.toNanos() && System.currentTimeMillis() < giveUpAtMs
                    && thread.isAlive()) {
                StackTraceElement[] stack = thread.getStackTrace();
                StackTraceElement there = stack.length >= callerDepth ? stack[stack.length - callerDepth] : null;
                boolean inFunction = there != null && there.getClassName().equals(caller.getClassName())
                        && there.getMethodName().equals(caller.getMethodName());
                StackTraceElement top = stack.length == 0 ? null : stack[0];
                boolean waits = !inFunction && top != null && top.isNativeMethod()
                        && WAITING_IN.matcher(top.getMethodName()).find();
                if (!waits || !top.equals(waitingIn)) {
                    waitingIn = waits ? top : null;
                    settledSince = System.nanoTime();
                } else if (System.nanoTime() - settledSince >= SETTLE.toNanos()) {
                    return;
                }
                // Each look stops the thread briefly (a handshake): not more often than this.
                LockSupport.parkNanos(500_000);
            }
        }
    }
}
