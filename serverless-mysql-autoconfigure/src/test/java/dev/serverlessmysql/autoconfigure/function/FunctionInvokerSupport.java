package dev.serverlessmysql.autoconfigure.function;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

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
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        byte[] json = ("\"" + input + "\"").getBytes(StandardCharsets.UTF_8);
        invoker.handleRequest(new ByteArrayInputStream(json), output, new FakeLambdaContext("test-function", "test-request"));
        return output.toString(StandardCharsets.UTF_8).replace("\"", "");
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
