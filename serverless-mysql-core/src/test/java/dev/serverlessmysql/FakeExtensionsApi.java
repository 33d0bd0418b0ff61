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
 * The Lambda Extensions API as far as a no-op extension uses it, on loopback: register answers
 * with an identifier; event/next is held open (no events are ever sent) until {@link #cutWaits()}
 * answers the held calls with an error, as a restore from a snapshot would cut them.
 */
final class FakeExtensionsApi implements AutoCloseable {

    record Call(String method, String path, String name, String identifier, String body) {
    }

    static final String IDENTIFIER = "ext-4711";

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<HttpExchange> held = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch nextCalled = new CountDownLatch(1);

    FakeExtensionsApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-extensions-api");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/2020-01-01/extension/register", this::register);
        server.createContext("/2020-01-01/extension/event/next", this::next);
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
        held.add(exchange);
        nextCalled.countDown();
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
