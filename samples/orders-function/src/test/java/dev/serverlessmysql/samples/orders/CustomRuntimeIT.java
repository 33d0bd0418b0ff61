package dev.serverlessmysql.samples.orders;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda jar as a custom runtime: {@code java -jar} with {@code _HANDLER} naming a function and
 * {@code AWS_LAMBDA_RUNTIME_API} pointing at a fake Runtime API. The AWS adapter's event loop
 * starts because {@code _HANDLER} is not a class name; it fetches events and posts the answers.
 */
@MySqlTest
class CustomRuntimeIT {

    private static final Duration START_AND_ANSWER = Duration.ofSeconds(90);
    private static final JsonMapper json = JsonMapper.builder().build();

    @Test
    void jarServesTwoInvocationsThroughTheRuntimeApi(TestDatabase db) throws Exception {
        Path jar = LambdaArtifactIT.lambdaJar();
        File log = Path.of("target", "custom-runtime-it.log").toFile();
        try (FakeRuntimeApi runtimeApi = new FakeRuntimeApi()) {
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log);
            Map<String, String> environment = builder.environment();
            environment.put("_HANDLER", "placeOrder");
            environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
            environment.put("SPRING_DATASOURCE_URL", db.jdbcUrl());
            environment.put("SPRING_DATASOURCE_USERNAME", db.username());
            environment.put("SPRING_DATASOURCE_PASSWORD", db.password());
            Process runtime = builder.start();
            try {
                String order = """
                        {"idempotencyKey": "runtime-1", "customer": "hana", "item": "tea", "quantity": 5, "unitPrice": 2.00}""";
                runtimeApi.queue("request-1", order);
                FakeRuntimeApi.Result first = runtimeApi.awaitResult(START_AND_ANSWER);
                runtimeApi.queue("request-2", order);
                FakeRuntimeApi.Result second = runtimeApi.awaitResult(START_AND_ANSWER);

                assertThat(first).as("first answer; see %s", log).isNotNull();
                assertThat(first.requestId()).isEqualTo("request-1");
                assertThat(first.kind()).as(first.body()).isEqualTo("response");
                JsonNode placed = json.readTree(first.body());
                assertThat(placed.get("status").asString()).isEqualTo("placed");
                assertThat(placed.get("order").get("total").decimalValue()).isEqualByComparingTo("10.00");

                assertThat(second).as("second answer; see %s", log).isNotNull();
                assertThat(second.requestId()).isEqualTo("request-2");
                assertThat(second.kind()).as(second.body()).isEqualTo("response");
                JsonNode replayed = json.readTree(second.body());
                assertThat(replayed.get("status").asString()).isEqualTo("replayed");
                assertThat(replayed.get("order")).isEqualTo(placed.get("order"));

                assertThat(runtimeApi.pendingResults()).as("answers beyond the two; see %s", log).isZero();
                assertThat(runtime.isAlive()).as("the runtime keeps polling for events").isTrue();
                assertThat(ordersWithKey(db, "runtime-1")).isEqualTo(1);
            } finally {
                runtime.destroy();
                if (!runtime.waitFor(20, TimeUnit.SECONDS)) {
                    runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static int ordersWithKey(TestDatabase db, String key) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM orders WHERE idempotency_key = '" + key + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
