package dev.serverlessmysql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

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
 * extension subscribes to INVOKE, and {@link Registration#handOff} lets {@code endInvocation()}
 * leave its housekeeping to the extension's thread, which runs it after the response and before
 * it calls {@code /next}: the {@link InvokePhase} does that. Where INVOKE cannot be had
 * (registration refused, several invocations at once as on Lambda Managed Instances, no Lambda)
 * housekeeping runs inline as before.
 *
 * <p>One extension, one thread per process, however many DataSources; each DataSource adds its own
 * shutdown hook. Every failure is a WARN, never an init failure.
 *
 * <p>Guards: {@link #LOCK} guards the process's one registration, its creation and the restart of
 * its wait after a restore. A registration's event thread is started once at a time (the
 * {@code waiting} flag, by compare-and-set); its participants are a copy-on-write list; its invoke
 * phase has its own monitor ({@link InvokePhase}).
 */
final class LambdaShutdown {

    private static final Logger log = LoggerFactory.getLogger(LambdaShutdown.class);

    /** Internal extension names must be unique within a function. */
    static final String EXTENSION_NAME = "serverless-mysql-shutdown";
    /** How long a shutdown hook may wait for a lease in use: well inside Lambda's 500 ms. */
    static final Duration SHUTDOWN_WAIT = Duration.ofMillis(250);
    /**
     * The register call is answered at once by Lambda's local API; this only bounds a hung one.
     * It was 1 s: 100 JVMs starting at once on lambda-sim's 2 cores had the answer come later,
     * after the API had registered the extension (see {@link #register(String, boolean)}).
     */
    private static final int REGISTER_TIMEOUT_MILLIS = 5000;

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
                    } catch (SocketTimeoutException unanswered) {
                        // The API may have registered it all the same: Lambda would then wait for an
                        // extension that never asks for its next event (the init, or every invoke
                        // phase, would run into its timeout). A second registration could only
                        // add a second such extension.
                        throw unanswered;
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
        private static final String EVENT_TYPE = "\"eventType\"";
        private static final String DEADLINE = "\"deadlineMs\"";
        /**
         * The waiting extension's thread reads past the INVOKE events claims left in its socket
         * once this many have piled up: one read and one parse of a few answers, at a wake-up
         * (usually a thaw) it has anyway, instead of both on each invocation's path.
         */
        static final int READ_PAST_CLAIMED_AT = 8;

        final String runtimeApi;
        final String identifier;
        /** Whether Lambda sends this extension INVOKE events. */
        final boolean invokeEvents;
        private final AtomicBoolean waiting = new AtomicBoolean();
        /** The DataSources whose leases count as activity of an invocation. */
        final List<ServerlessMySqlDataSource> participants = new CopyOnWriteArrayList<>();
        /**
         * The event client of the thread waiting for events; the thread that ends an invocation
         * writes its {@code /next} request through it, under the phase's monitor, while that
         * thread is in an invoke phase.
         */
        private volatile NextEventClient events;
        /** With INVOKE events: the phase the event thread is in, and the housekeeping handed to it. */
        private final InvokePhase phase = new InvokePhase(participants, () -> {
            NextEventClient client = events;
            return client != null && client.send();
        }, () -> {
            NextEventClient client = events;
            return client != null && client.claim();
        }, () -> {
            NextEventClient client = events;
            if (client != null && client.claimedUnread() >= READ_PAST_CLAIMED_AT) {
                client.skipClaimed();
            }
        });

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
            return invokeEvents && phase.handOff(housekeeping);
        }

        /** The current invocation's deadline from its INVOKE event (epoch ms), or 0 when none is known. */
        long deadlineMs() {
            return phase.deadlineMs();
        }

        /** INVOKE events the threads that ended their invocations took, so the extension's thread read none of them. */
        long eventsTakenByEndingThreads() {
            return phase.claims();
        }

        /**
         * An event's {@code deadlineMs} when it is an INVOKE event ({@code "eventType": "INVOKE"}),
         * 0 when it carries none; -1 for any other event. Read with String's own searches rather
         * than regular expressions: this runs once per invocation, on the environment's CPU, in a
         * JVM that interprets most code it runs this rarely.
         */
        static long invokeDeadline(String event) {
            int type = valueAt(event, EVENT_TYPE);
            if (type < 0 || !event.startsWith("\"INVOKE\"", type)) {
                return -1;
            }
            int at = valueAt(event, DEADLINE);
            int end = at;
            while (end >= 0 && end < event.length() && end - at < 18 && Character.isDigit(event.charAt(end))) {
                end++;
            }
            return end > at ? Long.parseLong(event, at, end, 10) : 0;
        }

        /** Where the value of the first member named {@code key} (quoted) begins, after its colon; -1 when absent. */
        private static int valueAt(String json, String key) {
            int at = json.indexOf(key);
            if (at < 0) {
                return -1;
            }
            at = skipSpace(json, at + key.length());
            return at < json.length() && json.charAt(at) == ':' ? skipSpace(json, at + 1) : -1;
        }

        private static int skipSpace(String json, int at) {
            while (at < json.length() && Character.isWhitespace(json.charAt(at))) {
                at++;
            }
            return at;
        }

        /**
         * Asks for the next event until the call fails. Without subscribed events Lambda answers
         * none, so the first call never returns; with INVOKE each answer starts an invoke phase,
         * which this thread ends by its next call.
         */
        private void pollNext() {
            try (NextEventClient events = new NextEventClient(runtimeApi, identifier)) {
                this.events = events;
                if (invokeEvents) {
                    HandOff.prepare();
                }
                while (true) {
                    boolean sent = phase.takeNextSent();
                    if (sent) {
                        // The invocations that follow end their phases themselves while they can.
                        phase.awaitClaim();
                    }
                    NextEventClient.Answer answer = sent ? events.receive() : events.next();
                    String event = answer.body();
                    if (answer.status() != 200) {
                        log.debug("Lambda extension: event/next answered HTTP {}; waiting stops", answer.status());
                        return;
                    }
                    long deadline = invokeDeadline(event);
                    if (deadline >= 0) {
                        phase.invoked(deadline);
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.debug("Lambda extension: the wait for the next event ended ({})", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.debug("Lambda extension: the wait for the next event was interrupted");
            } finally {
                this.events = null;
                phase.ended();
                waiting.set(false);
            }
        }
    }
}
