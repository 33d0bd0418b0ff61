package dev.serverlessmysql.samples.orders;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.serverlessmysql.test.FakeLambdaContext;
import dev.serverlessmysql.test.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One deployed Lambda function, as Lambda runs it: {@code FunctionInvoker} with
 * {@code MAIN_CLASS} naming the app, the function chosen by its definition, settings from the
 * environment (here: system properties, set only while the app starts).
 */
final class LambdaFunction implements AutoCloseable {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final AtomicInteger requests = new AtomicInteger();

    private final FunctionInvoker invoker;
    private final ConfigurableApplicationContext context;

    private LambdaFunction(FunctionInvoker invoker, ConfigurableApplicationContext context) {
        this.invoker = invoker;
        this.context = context;
    }

    /** Starts the app for one function against the test database. */
    static LambdaFunction start(String definition, TestDatabase db) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("MAIN_CLASS", OrdersApplication.class.getName());
        properties.put("spring.datasource.url", db.jdbcUrl());
        properties.put("spring.datasource.username", db.username());
        properties.put("spring.datasource.password", db.password());
        Map<String, String> previous = new LinkedHashMap<>();
        properties.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        try {
            // FunctionInvoker gives no access to the context it starts; a hook catches it, to close it.
            AtomicReference<ConfigurableApplicationContext> started = new AtomicReference<>();
            FunctionInvoker invoker = SpringApplication.withHook(application -> new SpringApplicationRunListener() {
                @Override
                public void started(ConfigurableApplicationContext context, Duration timeTaken) {
                    started.set(context);
                }
            }, () -> new FunctionInvoker(definition));
            return new LambdaFunction(invoker, started.get());
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    /** One invocation with the given event; answers the raw response. */
    String invokeRaw(String event) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                new FakeLambdaContext("orders-function", "request-" + requests.incrementAndGet()));
        return output.toString(StandardCharsets.UTF_8);
    }

    /** One invocation with the given event; answers the response as JSON. */
    JsonNode invoke(String event) throws IOException {
        return json.readTree(invokeRaw(event));
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }
}
