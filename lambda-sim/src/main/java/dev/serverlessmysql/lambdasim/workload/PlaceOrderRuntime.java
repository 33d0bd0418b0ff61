package dev.serverlessmysql.lambdasim.workload;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A Java custom runtime of its own: the Runtime API loop ({@code /next}, {@code /response},
 * {@code /error}) over the JDK's HTTP client, running {@link PlaceOrder} on the data source
 * {@code LAMBDA_SIM_DATASOURCE} names. The light kinds run {@link LightHandler} under AWS's
 * runtime interface client instead; this loop is the fallback when that client cannot run, and
 * the stand-in for the Spring kinds when the sample's jar is missing.
 *
 * <p>Environment: {@code AWS_LAMBDA_RUNTIME_API} and the data source settings of {@link PlaceOrder}.
 */
public final class PlaceOrderRuntime {

    /** The Runtime API's path prefix: a runtime knows only the address it is given, not the emulator. */
    private static final String RUNTIME_API_PREFIX = "/2018-06-01/runtime";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String api;
    private final PlaceOrder function;

    private PlaceOrderRuntime(String api, PlaceOrder function) {
        this.api = "http://" + api + RUNTIME_API_PREFIX;
        this.function = function;
    }

    public static void main(String[] args) throws Exception {
        PlaceOrderRuntime runtime = new PlaceOrderRuntime(System.getenv("AWS_LAMBDA_RUNTIME_API"), null);
        PlaceOrder function;
        try {
            function = new PlaceOrder(PlaceOrder.dataSource(System.getenv().getOrDefault("LAMBDA_SIM_DATASOURCE", "serverless")));
            function.createSchema();
        } catch (Exception e) {
            runtime.post("/init/error", errorJson(e));
            System.exit(1);
            return;
        }
        new PlaceOrderRuntime(System.getenv("AWS_LAMBDA_RUNTIME_API"), function).loop();
    }

    private void loop() throws Exception {
        while (true) {
            HttpResponse<String> event = http.send(HttpRequest.newBuilder(URI.create(api + "/invocation/next")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String requestId = event.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
            String path = "/invocation/" + requestId;
            event.headers().firstValue("Lambda-Runtime-Deadline-Ms")
                    .ifPresent(deadline -> function.beginInvocation(java.time.Instant.ofEpochMilli(Long.parseLong(deadline))));
            try {
                post(path + "/response", function.handle(event.body()));
            } catch (Exception e) {
                post(path + "/error", errorJson(e));
            } finally {
                function.endInvocation();
            }
        }
    }

    private static String errorJson(Throwable error) {
        String text = PlaceOrder.describe(error).replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"errorType\":\"" + error.getClass().getName() + "\",\"errorMessage\":\"" + text + "\"}";
    }

    private void post(String path, String body) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(api + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding());
    }
}
