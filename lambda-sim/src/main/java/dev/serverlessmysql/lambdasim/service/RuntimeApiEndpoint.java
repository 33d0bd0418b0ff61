package dev.serverlessmysql.lambdasim.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda Runtime API of one container, on its own loopback port as each real sandbox has its
 * own endpoint, so every request is known to come from that container.
 *
 * <p>{@code GET /2018-06-01/runtime/invocation/next} is a long poll: it is held open until an
 * event is delivered (the AWS adapter's event loop dies on a failed poll, so it must never be
 * answered with an error just because nothing is queued). Several may be outstanding at once: a
 * runtime on Lambda Managed Instances polls with one thread per concurrent request.
 *
 * <p>The Extensions API on the same address: {@code POST /2020-01-01/extension/register} answers 200
 * with a {@code Lambda-Extension-Identifier} header and {@code functionName}, {@code functionVersion}
 * and {@code handler}; {@code GET /2020-01-01/extension/event/next} is a long poll too, answered only
 * with a {@code SHUTDOWN} event, to an extension that subscribed to it, once {@link #shutDown} is
 * called. An extension registered with no events (the internal extension of
 * {@code serverless-mysql-core}) never gets an answer. One subscribed to {@code INVOKE} gets every
 * invocation's event ({@code eventType}, {@code deadlineMs}, {@code requestId},
 * {@code invokedFunctionArn}, {@code tracing}) on its {@code event/next}, once the runtime has its own
 * (see {@link #deliver}), and the invoke phase ends
 * (the listener hears {@link Listener#waitingForNext}, and the fleet may freeze the container) only
 * once the runtime and every {@code INVOKE}-subscribed extension are waiting on their
 * {@code next} again: as on Lambda, an extension may work after the runtime posted the response
 * (the caller has it; the time is billed). Registration is not refused after init (Lambda refuses
 * it; nothing here registers late).
 */
final class RuntimeApiEndpoint implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime";
    static final String EXTENSION_PREFIX = "/2020-01-01/extension";
    private static final Pattern EVENT_NAME = Pattern.compile("\"(INVOKE|SHUTDOWN)\"");
    private static final Pattern INVOCATION_PATH = Pattern.compile(PREFIX + "/invocation/([^/]+)/(response|error)");
    /** A function's answer that the request failed for now: counted as a failed invocation. */
    private static final Pattern UNAVAILABLE = Pattern.compile("\\{\\s*\"statusCode\"\\s*:\\s*503\\b");
    private static final Pattern JSON_FIELD = Pattern.compile("\"(errorMessage|errorType)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    static {
        // Without TCP_NODELAY the JDK server's small responses meet the client's delayed ACK:
        // about 40 ms lost per request, which would be most of a warm invocation's latency.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** What the container said; called on the endpoint's threads. */
    interface Listener {
        /**
         * The invoke phase ended: the runtime asks for its next event and is about to wait, and so
         * does every extension subscribed to {@code INVOKE}.
         */
        void waitingForNext();

        /**
         * The init phase ended with this event queued (a cold start's first): its invoke phase, and
         * so its timeout, begins now, as on Lambda, where a function's timeout does not count the
         * init. Called before the runtime or any extension is handed the event.
         */
        default void invokeBegins(Invocation invocation) {
        }

        void responded(String requestId, String body);

        void invocationFailed(String requestId, String errorType, String errorMessage);

        void initFailed(String errorType, String errorMessage);
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final BlockingQueue<Invocation> inbox = new LinkedBlockingQueue<>();
    private final String functionArn;
    private final Function function;
    private final Listener listener;
    /** Registered extensions: identifier to name and subscribed events. */
    private final Map<String, Extension> extensions = new ConcurrentHashMap<>();
    private final AtomicInteger pendingNext = new AtomicInteger();
    private final AtomicInteger mostPendingNext = new AtomicInteger();
    /**
     * Whether a phase (init, then the invoke phase of each event the runtime takes) is open, so the
     * listener hears of its end once, though a party that already waits may ask again (an extension
     * whose client gave up on its poll and polls anew, another runtime thread). Guarded by {@code this}.
     */
    private boolean phaseOpen = true;
    /**
     * Whether the init phase ended (the runtime and every INVOKE-subscribed extension asked for
     * their next event): as on Lambda, the runtime's first {@code /next} is answered and the
     * extensions get the first INVOKE only then. Guarded by {@code this}, which is notified.
     */
    private boolean initEnded;
    /**
     * Events delivered and not yet released to the extensions (the runtime's not yet written):
     * the extensions work on them already. Guarded by {@code this}.
     */
    private int unreleased;
    private volatile boolean closed;
    /** When the runtime and an extension last asked for their next event, and the runtime was handed one (epoch ms; 0: never). */
    private volatile long runtimeAskedMillis;
    private volatile long extensionAskedMillis;
    private volatile long eventHandedMillis;
    private volatile String shutdownReason;
    private volatile long shutdownDeadline;

    /** What the register call answers with. */
    record Function(String name, String version, String handler) {
    }

    /**
     * One registered extension; {@code invokes}: its INVOKE events not yet taken; {@code working}:
     * it was handed an INVOKE event (or has one queued) and has not asked for its next event since:
     * set on delivery, cleared only when it asks for {@code next} with nothing queued. (Its
     * {@code waiting} count alone would end the phase too early: between the poll that takes an
     * event and the decrement that follows it, the extension seems to wait while it works.)
     */
    record Extension(String name, List<String> events, BlockingQueue<Invocation> invokes, AtomicInteger waiting,
            AtomicBoolean working) {
        Extension(String name, List<String> events) {
            // Working from its registration: like Lambda's init phase, the first phase ends only once it asks for next.
            this(name, events, new LinkedBlockingQueue<>(), new AtomicInteger(), new AtomicBoolean(true));
        }

        boolean wantsShutdown() {
            return events.contains("SHUTDOWN");
        }

        boolean wantsInvoke() {
            return events.contains("INVOKE");
        }
    }

    RuntimeApiEndpoint(String name, String functionArn, Listener listener) throws IOException {
        this(name, functionArn, new Function(name, "$LATEST", "handler"), listener);
    }

    RuntimeApiEndpoint(String name, String functionArn, Function function, Listener listener) throws IOException {
        this.functionArn = functionArn;
        this.function = function;
        this.listener = listener;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "runtime-api-" + name);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext(PREFIX + "/", this::handle);
        server.createContext(EXTENSION_PREFIX + "/", this::handleExtension);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Hands an event to the runtime's pending or next {@code /next}, and then to every
     * INVOKE-subscribed extension: they work on it from now (the invoke phase cannot end before
     * they ask for their next event again), but their {@code event/next} is answered only once the
     * runtime's event is written ({@link #releaseToExtensions}). Lambda's API releases the
     * extensions' waiting requests first and then the runtime's (rapid's {@code doInvoke},
     * {@code lambda/rapid/handlers.go} of aws-lambda-runtime-interface-emulator), but a release
     * only signals a condition ({@code ManagedThread.Release}, {@code sync.Cond.Signal}); each
     * request's own goroutine writes its answer, and Go runs the goroutine readied last first on
     * the releasing processor ({@code runqput} into {@code runnext}), the others on idle ones: the
     * runtime's event never waits for an extension's. Here, on threads that share the machine's
     * cores with every container, the extension's answer written first held the runtime's back by
     * 80-90 µs at the median (lambda-sim's legs, docs/benchmarks.md).
     */
    void deliver(Invocation invocation) {
        synchronized (this) {
            for (Extension extension : extensions.values()) {
                if (extension.wantsInvoke()) {
                    extension.working().set(true);
                }
            }
            unreleased++;
            inbox.add(invocation);
        }
    }

    /**
     * After the runtime's event was written (or failed to be): every INVOKE-subscribed extension
     * gets it. Those that registered since it was delivered (a cold start's event, queued before
     * the process started) get it too, as the init phase's end set them working on it.
     */
    private void releaseToExtensions(Invocation event) {
        synchronized (this) {
            unreleased--;
            for (Extension extension : extensions.values()) {
                if (extension.wantsInvoke()) {
                    extension.invokes().add(event);
                }
            }
        }
    }

    /**
     * Whether the invoke phase ended: the runtime and every INVOKE-subscribed extension wait on
     * their {@code next} (the extensions with no INVOKE event queued for them). Called under this
     * endpoint's monitor by each of them as it starts to wait; the last one to arrive gets true and
     * tells the listener ({@link #tellPhaseEnded}) once it has left the monitor: the listener
     * freezes the container (its monitor), while the fleet thaws a container and delivers to this
     * endpoint in the other order (a deadlock, seen in a spaced benchmark run). The end of the init
     * phase is told here, under the monitor, before the runtime may take the queued cold start's
     * event: the listener tells that end from an invoke phase's by the event still queued.
     */
    private boolean phaseEnded() {
        if (!phaseOpen || pendingNext.get() == 0) {
            return false; // the runtime is still working (the listener checks for a queued event itself)
        }
        for (Extension extension : extensions.values()) {
            if (extension.wantsInvoke() && extension.working().get()) {
                return false;
            }
        }
        phaseOpen = false;
        if (initEnded) {
            return true;
        }
        listener.waitingForNext();
        initEnded = true;
        // A cold start's event, queued before any extension registered: its invoke phase begins
        // (the extensions get it once the runtime's is written).
        for (Invocation queued : inbox) {
            listener.invokeBegins(queued);
            for (Extension extension : extensions.values()) {
                if (extension.wantsInvoke()) {
                    extension.working().set(true);
                }
            }
        }
        notifyAll();
        return false;
    }

    /**
     * Tells the listener that an invoke phase ended ({@link #phaseEnded} said so), outside this
     * endpoint's monitor. Nothing is delivered to this endpoint meanwhile: the next event comes
     * from the listener's call (the fleet hands the container its next event, or makes it idle).
     */
    private void tellPhaseEnded() {
        listener.waitingForNext();
    }

    boolean hasQueuedEvent() {
        return !inbox.isEmpty();
    }

    /** Whether any extension registered with this endpoint (Lambda then runs a Shutdown phase). */
    boolean extensionRegistered() {
        return !extensions.isEmpty();
    }

    /**
     * Starts the Shutdown phase: every pending and later {@code event/next} of an extension that
     * subscribed to {@code SHUTDOWN} is answered with it; the others stay unanswered.
     */
    void shutDown(String reason, long deadlineEpochMillis) {
        shutdownDeadline = deadlineEpochMillis;
        shutdownReason = reason;
    }

    private void handleExtension(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.equals(EXTENSION_PREFIX + "/register")) {
                register(exchange);
                return;
            }
            String identifier = exchange.getRequestHeaders().getFirst("Lambda-Extension-Identifier");
            Extension extension = identifier == null ? null : extensions.get(identifier);
            if (extension == null) {
                send(exchange, 403, "{\"errorMessage\":\"missing or unknown Lambda-Extension-Identifier\","
                        + "\"errorType\":\"Extension.Forbidden\"}");
                return;
            }
            if (method.equals("GET") && path.equals(EXTENSION_PREFIX + "/event/next")) {
                extensionNext(exchange, extension);
                return;
            }
            if (method.equals("POST") && (path.equals(EXTENSION_PREFIX + "/init/error")
                    || path.equals(EXTENSION_PREFIX + "/exit/error"))) {
                readBody(exchange);
                accepted(exchange);
                return;
            }
            send(exchange, 404, "{\"errorMessage\":\"unknown path " + path + "\",\"errorType\":\"NotFound\"}");
        }
    }

    private void register(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestHeaders().getFirst("Lambda-Extension-Name");
        String body = readBody(exchange);
        if (name == null || name.isBlank()) {
            send(exchange, 400, "{\"errorMessage\":\"missing Lambda-Extension-Name\",\"errorType\":\"InvalidRequest\"}");
            return;
        }
        List<String> events = EVENT_NAME.matcher(body).results().map(match -> match.group(1)).distinct().toList();
        String identifier = UUID.randomUUID().toString();
        Extension extension = new Extension(name, events);
        synchronized (this) {
            // Registered during init: the cold start's INVOKE reaches it when the init phase ends.
            extensions.put(identifier, extension);
        }
        exchange.getResponseHeaders().set("Lambda-Extension-Identifier", identifier);
        send(exchange, 200, "{\"functionName\":\"" + function.name() + "\",\"functionVersion\":\"" + function.version()
                + "\",\"handler\":\"" + function.handler() + "\"}");
    }

    /**
     * Held open; answered with an INVOKE event where the extension subscribed to them and one was
     * delivered, else with SHUTDOWN where it subscribed to it and the phase began.
     */
    private void extensionNext(HttpExchange exchange, Extension extension) throws IOException {
        extensionAskedMillis = System.currentTimeMillis();
        Invocation invoke = null;
        boolean phaseEnded = false;
        synchronized (this) {
            // One step, so that a runtime asking at the same moment sees it either working or waiting.
            extension.waiting().incrementAndGet();
            if (extension.wantsInvoke()) {
                // Asking for the next event ends its work on the last one (or on the init), unless
                // another is queued, or delivered to the runtime and not yet to the extensions (a
                // cold start's event belongs to the phase after the init).
                if (extension.invokes().isEmpty() && (unreleased == 0 || !initEnded)) {
                    extension.working().set(false);
                }
                phaseEnded = phaseEnded();
            }
        }
        if (phaseEnded) {
            tellPhaseEnded();
        }
        try {
            while (!closed && !(extension.wantsShutdown() && shutdownReason != null)) {
                invoke = extension.invokes().poll(100, TimeUnit.MILLISECONDS);
                if (invoke != null) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            extension.waiting().decrementAndGet();
        }
        if (closed) {
            return;
        }
        if (invoke != null) {
            exchange.getResponseHeaders().set("Lambda-Extension-Event-Identifier", UUID.randomUUID().toString());
            send(exchange, 200, "{\"eventType\":\"INVOKE\",\"deadlineMs\":" + invoke.deadlineEpochMillis()
                    + ",\"requestId\":\"" + invoke.requestId() + "\",\"invokedFunctionArn\":\"" + functionArn
                    + "\",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"" + traceId(invoke) + "\"}}");
            return;
        }
        exchange.getResponseHeaders().set("Lambda-Extension-Event-Identifier", UUID.randomUUID().toString());
        send(exchange, 200, "{\"eventType\":\"SHUTDOWN\",\"shutdownReason\":\"" + shutdownReason
                + "\",\"deadlineMs\":" + shutdownDeadline + "}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals(PREFIX + "/invocation/next")) {
                next(exchange);
                return;
            }
            if (method.equals("POST") && path.equals(PREFIX + "/init/error")) {
                String[] error = readError(exchange);
                listener.initFailed(error[0], error[1]);
                accepted(exchange);
                return;
            }
            Matcher invocation = INVOCATION_PATH.matcher(path);
            if (method.equals("POST") && invocation.matches()) {
                if (invocation.group(2).equals("response")) {
                    String body = readBody(exchange);
                    if (UNAVAILABLE.matcher(body).lookingAt()) {
                        String[] error = errorFields(body, null);
                        listener.invocationFailed(invocation.group(1), error[0], error[1]);
                    } else {
                        listener.responded(invocation.group(1), body);
                    }
                } else {
                    String[] error = readError(exchange);
                    listener.invocationFailed(invocation.group(1), error[0], error[1]);
                }
                accepted(exchange);
                return;
            }
            send(exchange, 404, "{\"errorMessage\":\"unknown path " + path + "\",\"errorType\":\"NotFound\"}");
        }
    }

    /**
     * Who asked for the next event since the runtime was last handed one, relative to
     * {@code deadline} (epoch ms): what a timed-out invocation's log line says of its phase.
     */
    String phaseTrace(long deadline) {
        long handed = eventHandedMillis;
        return "handed to the runtime " + relative(handed, deadline) + "; the runtime asked for its next event "
                + (runtimeAskedMillis >= handed ? relative(runtimeAskedMillis, deadline) : "not yet")
                + (extensions.isEmpty() ? "" : "; the extension asked for its next event "
                        + (extensionAskedMillis >= handed ? relative(extensionAskedMillis, deadline) : "not yet"));
    }

    /** {@code time} as milliseconds before or after {@code deadline}. */
    static String relative(long time, long deadline) {
        if (time <= 0) {
            return "never";
        }
        long delta = time - deadline;
        return delta <= 0 ? -delta + " ms before the deadline" : delta + " ms after it";
    }

    /** Whether a runtime {@code /next} is held open now. */
    boolean runtimeWaiting() {
        return pendingNext.get() > 0;
    }

    /** How many extension {@code event/next} requests are held open now (each past its phase check). */
    synchronized int extensionRequestsWaiting() {
        return extensions.values().stream().mapToInt(extension -> extension.waiting().get()).sum();
    }

    /** The most {@code /next} polls that were outstanding at once. */
    int mostOutstandingNext() {
        return mostPendingNext.get();
    }

    private void next(HttpExchange exchange) throws IOException {
        runtimeAskedMillis = System.currentTimeMillis();
        boolean phaseEnded;
        synchronized (this) {
            mostPendingNext.accumulateAndGet(pendingNext.incrementAndGet(), Math::max);
            phaseEnded = phaseEnded();
        }
        if (phaseEnded) {
            tellPhaseEnded();
        }
        Invocation event = null;
        try {
            synchronized (this) {
                while (!initEnded && !closed) {
                    wait(200);
                }
            }
            while (event == null && !closed) {
                event = inbox.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pendingNext.decrementAndGet();
        }
        if (event == null) {
            return; // shutting down: the container is being killed anyway
        }
        try {
            synchronized (this) {
                phaseOpen = true; // its invoke phase, which ends when it and the extensions ask for next again
            }
            eventHandedMillis = System.currentTimeMillis();
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", "application/json");
            headers.set("Lambda-Runtime-Aws-Request-Id", event.requestId());
            headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(event.deadlineEpochMillis()));
            headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
            headers.set("Lambda-Runtime-Trace-Id", traceId(event));
            exchange.sendResponseHeaders(200, event.payload().length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(event.payload());
            }
            event.handed();
        } finally {
            releaseToExtensions(event);
        }
    }

    private static String traceId(Invocation event) {
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + event.requestId().replace("-", "").substring(0, 24) + ";Sampled=0";
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {errorType, errorMessage} of a Runtime API error document (or the raw body). */
    private static String[] readError(HttpExchange exchange) throws IOException {
        return errorFields(readBody(exchange), exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"));
    }

    /** {errorType, errorMessage} of an error document (or the raw body); {@code type} when it names none. */
    private static String[] errorFields(String body, String type) {
        String message = null;
        Matcher field = JSON_FIELD.matcher(body);
        while (field.find()) {
            String value = field.group(2).replace("\\\"", "\"").replace("\\n", " ");
            if (field.group(1).equals("errorType")) {
                type = value;
            } else {
                message = value;
            }
        }
        return new String[] {type == null ? "Unknown" : type, message == null ? body : message};
    }

    private static void accepted(HttpExchange exchange) throws IOException {
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
