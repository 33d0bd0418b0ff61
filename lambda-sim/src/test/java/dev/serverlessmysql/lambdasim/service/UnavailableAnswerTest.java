package dev.serverlessmysql.lambdasim.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.lambdasim.workload.PlaceOrder;

/**
 * A function that answers 503 (as the README advises when the invocation's deadline was reached)
 * answered, but its request failed: the endpoint reports it as a failed invocation, with the error
 * the answer names, so the benchmark counts it among the failures by its cause. Any other answer is
 * a response.
 */
class UnavailableAnswerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final CompletableFuture<String> response = new CompletableFuture<>();
    private final CompletableFuture<String[]> failure = new CompletableFuture<>();

    @Test
    void aServiceUnavailableAnswerIsAFailedInvocationNamingItsError() throws Exception {
        SQLTransientConnectionException refused = new SQLTransientConnectionException(
                "the invocation's deadline was reached: the server is full (\"Too many connections\", code 1040) \\ done",
                "08001", 1040);
        assertThat(post(PlaceOrder.unavailable(refused))).isEqualTo("failed");
        String[] error = failure.get(30, TimeUnit.SECONDS);
        assertThat(error[0]).isEqualTo("SQLTransientConnectionException");
        assertThat(error[1]).contains("deadline was reached", "Too many connections", "SQLState 08001, code 1040");
        assertThat(ErrorCategory.of(error[0], error[1])).isEqualTo("1040 Too many connections");
    }

    @Test
    void anyOtherAnswerIsAResponse() throws Exception {
        assertThat(post("{\"statusCode\":200,\"id\":7}")).isEqualTo("responded");
        assertThat(response.get(30, TimeUnit.SECONDS)).isEqualTo("{\"statusCode\":200,\"id\":7}");
    }

    /** Delivers one invocation, posts {@code answer} as its response; says which the listener heard. */
    private String post(String answer) throws Exception {
        try (RuntimeApiEndpoint endpoint = new RuntimeApiEndpoint("c1", "arn:aws:lambda:us-east-1:0:function:f", listener())) {
            String base = "http://" + endpoint.address();
            CompletableFuture<HttpResponse<String>> next = http.sendAsync(HttpRequest.newBuilder(
                    URI.create(base + "/2018-06-01/runtime/invocation/next")).GET().build(), HttpResponse.BodyHandlers.ofString());
            Invocation invocation = new Invocation("{}".getBytes(StandardCharsets.UTF_8));
            invocation.routedTo(null, false, System.currentTimeMillis() + 60_000);
            endpoint.deliver(invocation);
            next.get(30, TimeUnit.SECONDS);
            http.send(HttpRequest.newBuilder(URI.create(base + "/2018-06-01/runtime/invocation/" + invocation.requestId()
                    + "/response")).POST(HttpRequest.BodyPublishers.ofString(answer)).build(), HttpResponse.BodyHandlers.ofString());
            return CompletableFuture.anyOf(response.thenApply(body -> "responded"), failure.thenApply(error -> "failed"))
                    .get(30, TimeUnit.SECONDS).toString();
        }
    }

    private RuntimeApiEndpoint.Listener listener() {
        return new RuntimeApiEndpoint.Listener() {
            @Override
            public void waitingForNext() {
            }

            @Override
            public void invokeBegins(Invocation invocation) {
            }

            @Override
            public void responded(String requestId, String body) {
                response.complete(body);
            }

            @Override
            public void invocationFailed(String requestId, String errorType, String errorMessage) {
                failure.complete(new String[] {errorType, errorMessage});
            }

            @Override
            public void initFailed(String errorType, String errorMessage) {
            }
        };
    }
}
