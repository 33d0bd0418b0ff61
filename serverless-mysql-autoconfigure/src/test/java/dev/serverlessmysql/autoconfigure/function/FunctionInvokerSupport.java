package dev.serverlessmysql.autoconfigure.function;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import dev.serverlessmysql.test.FakeLambdaContext;
import dev.serverlessmysql.test.TestDatabase;

import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Runs the test application through Spring Cloud Function's AWS handler, as Lambda would: the
 * handler finds the application through {@code MAIN_CLASS} and reads Spring properties from the
 * system properties set here.
 */
final class FunctionInvokerSupport implements AutoCloseable {

    private final Map<String, String> previous = new LinkedHashMap<>();
    private final FunctionInvoker invoker;

    FunctionInvokerSupport(TestDatabase db, Map<String, String> extraProperties) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("MAIN_CLASS", FunctionInvokerTestApplication.class.getName());
        properties.put("spring.datasource.url", db.jdbcUrl());
        properties.put("spring.datasource.username", db.username());
        properties.put("spring.datasource.password", db.password());
        properties.putAll(extraProperties);
        properties.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        try {
            invoker = new FunctionInvoker("connectionId");
        } catch (RuntimeException | Error e) {
            restoreProperties();
            throw e;
        }
    }

    String invoke(String input) throws IOException {
        return invoke(input, new FakeLambdaContext("test-function", "test-request"));
    }

    String invoke(String input, Context context) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        byte[] json = ("\"" + input + "\"").getBytes(StandardCharsets.UTF_8);
        invoker.handleRequest(new ByteArrayInputStream(json), output, context);
        return output.toString(StandardCharsets.UTF_8).replace("\"", "");
    }

    /** A Lambda Context whose invocation times out at {@code deadline}, its remaining time counting down as Lambda's does. */
    static Context timingOutAt(Instant deadline) {
        Context fake = new FakeLambdaContext("test-function", "test-request");
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] { Context.class },
                (proxy, method, args) -> "getRemainingTimeInMillis".equals(method.getName())
                        ? (int) Math.max(0, Duration.between(Instant.now(), deadline).toMillis())
                        : method.invoke(fake, args));
    }

    @Override
    public void close() {
        try {
            if (FunctionInvokerTestApplication.context != null) {
                FunctionInvokerTestApplication.context.close();
                FunctionInvokerTestApplication.context = null;
            }
        } finally {
            restoreProperties();
        }
    }

    private void restoreProperties() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
