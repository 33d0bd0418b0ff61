package dev.serverlessmysql.samples.orders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Lambda's Runtime API on loopback, just enough for one runtime process: events are queued by
 * the test, {@code GET .../invocation/next} is held open until one is queued (as Lambda does: the
 * AWS adapter's loop does not survive error answers), and what the runtime posts to
 * {@code .../response} or {@code .../error} is collected.
 */
final class FakeRuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/invocation/";
    private static final Pattern RESULT = Pattern.compile(PREFIX + "([^/]+)/(response|error)");
    static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:orders-function";

    /** What the runtime posted for one request. */
    record Result(String requestId, String kind, String body) {
    }

    private record Event(String requestId, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Result> results = new LinkedBlockingQueue<>();
    private volatile boolean open = true;

    FakeRuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void queue(String requestId, String body) {
        events.add(new Event(requestId, body));
    }

    /** Results posted and not yet taken with {@link #awaitResult}. */
    int pendingResults() {
        return results.size();
    }

    /** The next posted result, or {@code null} when none came within the timeout. */
    Result awaitResult(Duration timeout) throws InterruptedException {
        return results.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if ("GET".equals(exchange.getRequestMethod()) && path.equals(PREFIX + "next")) {
                next(exchange);
                return;
            }
            Matcher result = RESULT.matcher(path);
            if ("POST".equals(exchange.getRequestMethod()) && result.matches()) {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                results.add(new Result(result.group(1), result.group(2), body));
                send(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            send(exchange, 404, "{\"errorMessage\":\"unknown path " + path + "\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Event event = null;
        try {
            while (open && event == null) {
                event = events.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (event == null) {
            // Shutting down: leave the runtime's request unanswered; its process is being stopped.
            return;
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", event.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                Long.toString(System.currentTimeMillis() + 30_000));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
        send(exchange, 200, event.body());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // Lambda answers JSON everywhere; the adapter needs the type to read even the 202.
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        open = false;
        server.stop(0);
        executor.shutdownNow();
    }
}
