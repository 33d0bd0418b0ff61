package dev.serverlessmysql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful shutdown on AWS Lambda. Lambda sends a retired execution environment's runtime
 * SIGTERM (and waits up to 500 ms before SIGKILL) only when at least one extension is
 * registered; without one the environment is simply killed and its MySQL socket stays open on the
 * server, a zombie. So during init this registers a no-op internal extension through the
 * Extensions API ({@code POST /2020-01-01/extension/register} with no events), keeps one
 * {@code GET /2020-01-01/extension/event/next} outstanding on a daemon thread (which tells Lambda
 * the extension is ready), and adds a JVM shutdown hook that closes the DataSource: its connection
 * ends with a clean COM_QUIT and leaves no zombie.
 *
 * <p>One extension per process, however many DataSources; each DataSource adds its own hook.
 * Every failure is a WARN, never an init failure.
 */
final class LambdaShutdown {

    private static final Logger log = LoggerFactory.getLogger(LambdaShutdown.class);

    /** Internal extension names must be unique within a function. */
    static final String EXTENSION_NAME = "serverless-mysql-shutdown";
    /** How long a shutdown hook may wait for a lease in use: well inside Lambda's 500 ms. */
    static final Duration SHUTDOWN_WAIT = Duration.ofMillis(250);
    private static final int REGISTER_TIMEOUT_MILLIS = 1000;

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
        if (runtimeApi == null || runtimeApi.isBlank()) {
            return false;
        }
        Registration registered = register(runtimeApi);
        if (registered == null) {
            return false;
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dataSource.closeOnShutdown(SHUTDOWN_WAIT),
                    "serverless-mysql-shutdown"));
        } catch (IllegalStateException e) {
            // The JVM is shutting down already.
            return false;
        }
        return true;
    }

    /** After a SnapStart restore: a wait for the next event cut by the snapshot is sent again. */
    static void afterRestore() {
        synchronized (LOCK) {
            if (registration != null) {
                registration.awaitEvents();
            }
        }
    }

    /** Registers the extension of this process, once; null when that failed (logged at WARN). */
    static Registration register(String runtimeApi) {
        synchronized (LOCK) {
            if (registration != null && registration.runtimeApi.equals(runtimeApi)) {
                return registration;
            }
            try {
                String identifier = postRegister(runtimeApi);
                registration = new Registration(runtimeApi, identifier);
                registration.awaitEvents();
                log.debug("Registered Lambda extension '{}' ({}): Lambda sends SIGTERM before it retires this"
                        + " environment, and the MySQL connection is then closed cleanly", EXTENSION_NAME, identifier);
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

    private static String postRegister(String runtimeApi) throws IOException {
        HttpURLConnection http = open(runtimeApi, "/2020-01-01/extension/register");
        http.setRequestMethod("POST");
        http.setConnectTimeout(REGISTER_TIMEOUT_MILLIS);
        http.setReadTimeout(REGISTER_TIMEOUT_MILLIS);
        http.setRequestProperty("Lambda-Extension-Name", EXTENSION_NAME);
        http.setRequestProperty("Content-Type", "application/json");
        http.setDoOutput(true);
        try (OutputStream body = http.getOutputStream()) {
            body.write("{\"events\":[]}".getBytes(StandardCharsets.UTF_8));
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

    private static void drain(HttpURLConnection http) {
        try (InputStream in = http.getResponseCode() < 400 ? http.getInputStream() : http.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        } catch (IOException e) {
            // Nothing to read.
        }
    }

    /** A registered extension: its identifier and the one thread that waits for its (never sent) events. */
    static final class Registration {
        final String runtimeApi;
        final String identifier;
        private final AtomicBoolean waiting = new AtomicBoolean();

        Registration(String runtimeApi, String identifier) {
            this.runtimeApi = runtimeApi;
            this.identifier = identifier;
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
         * Asks for the next event until the call fails: Lambda answers only with events the
         * extension subscribed to, which are none, so normally the first call never returns.
         */
        private void pollNext() {
            try {
                while (true) {
                    HttpURLConnection http = open(runtimeApi, "/2020-01-01/extension/event/next");
                    http.setRequestProperty("Lambda-Extension-Identifier", identifier);
                    int status = http.getResponseCode();
                    drain(http);
                    if (status != 200) {
                        log.debug("Lambda extension: event/next answered HTTP {}; waiting stops", status);
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.debug("Lambda extension: the wait for the next event ended ({})", e.toString());
            } finally {
                waiting.set(false);
            }
        }
    }
}
