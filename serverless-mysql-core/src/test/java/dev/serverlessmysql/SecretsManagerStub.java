package dev.serverlessmysql;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Secrets Manager endpoint on loopback for the SDK's endpoint override: answers
 * {@code GetSecretValue} (JSON 1.1 protocol) with a JSON secret holding {@link #set} user and
 * password, and counts the calls. Never real AWS.
 */
final class SecretsManagerStub implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile String username;
    private volatile String password;
    private volatile int version;

    SecretsManagerStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void set(String username, String password) {
        this.username = username;
        this.password = password;
        version++;
    }

    int calls() {
        return calls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String body;
        int status;
        if ("secretsmanager.GetSecretValue".equals(target)) {
            calls.incrementAndGet();
            String secret = "{\"username\":\"" + username + "\",\"password\":\"" + password
                    + "\",\"engine\":\"mysql\",\"port\":3306}";
            body = "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf\",\"Name\":\"db\","
                    + "\"VersionId\":\"v" + version + "\",\"SecretString\":" + quote(secret)
                    + ",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}";
            status = 200;
        } else {
            body = "{\"__type\":\"InvalidRequestException\",\"message\":\"unexpected " + target + "\"}";
            status = 400;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
