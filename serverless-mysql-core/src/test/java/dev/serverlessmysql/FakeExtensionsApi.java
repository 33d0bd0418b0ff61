package dev.serverlessmysql;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda Extensions API and Runtime API as far as the DataSource's extension and a runtime use
 * them, on loopback: register answers with an identifier (or refuses INVOKE events when told to);
 * event/next is held open until {@link #invoke} sends an INVOKE event to the extension, if it
 * subscribed, and to the runtime's held {@code /runtime/invocation/next}, or until
 * {@link #cutWaits()} answers the held calls with an error, as a restore from a snapshot would cut
 * them. {@link #log} records, in order, the runtime's response POSTs and the extension's
 * event/next calls, with the time each arrived.
 */
final class FakeExtensionsApi implements AutoCloseable {

    record Call(String method, String path, String name, String identifier, String body) {
    }

    static final String IDENTIFIER = "ext-4711";

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    /** An entry of {@link #log}: what arrived, and when (epoch microseconds). */
    record Logged(String what, long atMicros) {
    }

    private final List<HttpExchange> held = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.BlockingQueue<HttpExchange> runtimeNext = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile CountDownLatch nextCalled = new CountDownLatch(1);
    final List<Logged> log = new CopyOnWriteArrayList<>();
    /** Whether register refuses a subscription to INVOKE events (HTTP 403), as where Lambda does not send them. */
    volatile boolean refuseInvoke;
    private volatile boolean invokeSubscribed;

    FakeExtensionsApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-extensions-api");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/2020-01-01/extension/register", this::register);
        server.createContext("/2020-01-01/extension/event/next", this::next);
        server.createContext("/2018-06-01/runtime/invocation/", this::runtime);
        server.start();
    }

    /** {@code host:port}, as in {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void register(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Lambda-Extension-Name"), null, body));
        if (body.contains("INVOKE")) {
            if (refuseInvoke) {
                exchange.sendResponseHeaders(403, -1);
                exchange.close();
                return;
            }
            invokeSubscribed = true;
        }
        byte[] answer = "{\"functionName\":\"f\",\"functionVersion\":\"$LATEST\",\"handler\":\"h\"}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Lambda-Extension-Identifier", IDENTIFIER);
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private void next(HttpExchange exchange) {
        calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), null,
                exchange.getRequestHeaders().getFirst("Lambda-Extension-Identifier"), ""));
        log.add(new Logged("extension next", nowMicros()));
        held.add(exchange);
        nextCalled.countDown();
    }

    /** The runtime's side: its wait for the next invocation, held until {@link #invoke}, and its response POSTs. */
    private void runtime(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/next")) {
            runtimeNext.add(exchange);
            return;
        }
        exchange.getRequestBody().readAllBytes();
        log.add(new Logged("response", nowMicros()));
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    /**
     * Starts an invocation: answers the runtime's held wait for it and, when the extension subscribed
     * to INVOKE, its held event/next, each waited for up to 60 s.
     */
    void invoke(String requestId, long deadlineMs) throws IOException, InterruptedException {
        if (invokeSubscribed) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (held.isEmpty() && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            HttpExchange extension = held.remove(0);
            answer(extension, "{\"eventType\":\"INVOKE\",\"deadlineMs\":" + deadlineMs + ",\"requestId\":\"" + requestId
                    + "\",\"invokedFunctionArn\":\"arn:aws:lambda:eu-west-1:1:function:f\"}", null);
        }
        HttpExchange runtime = runtimeNext.poll(60, TimeUnit.SECONDS);
        if (runtime == null) {
            throw new IllegalStateException("The runtime did not ask for the next invocation");
        }
        answer(runtime, "{}", requestId);
    }

    private static void answer(HttpExchange exchange, String body, String requestId) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (requestId != null) {
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", requestId);
        }
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** When the {@code occurrence}-th entry {@code what} arrived (epoch microseconds), waited for up to 60 s. */
    long awaitLogged(String what, int occurrence) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            List<Logged> found = log.stream().filter(entry -> entry.what().equals(what)).toList();
            if (found.size() >= occurrence) {
                return found.get(occurrence - 1).atMicros();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("No " + what + " #" + occurrence + " within 60 s: " + log);
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /** Waits for a call of event/next since the last {@link #cutWaits()}. */
    boolean awaitNext(long seconds) throws InterruptedException {
        return nextCalled.await(seconds, TimeUnit.SECONDS);
    }

    /** Answers every held event/next with HTTP 500, as a cut connection would end it. */
    void cutWaits() throws IOException {
        nextCalled = new CountDownLatch(1);
        for (HttpExchange exchange : held) {
            held.remove(exchange);
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        }
    }

    long callsTo(String pathEnd) {
        return calls.stream().filter(call -> call.path().endsWith(pathEnd)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
