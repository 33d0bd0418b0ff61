package dev.serverlessmysql.autoconfigure.function;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
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
        invoker.handleRequest(new ByteArrayInputStream(json), output, new FakeLambdaContext());
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

    /** Just enough of Lambda's context for the handler. */
    static final class FakeLambdaContext implements Context {

        @Override
        public String getAwsRequestId() {
            return "test-request";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/test";
        }

        @Override
        public String getLogStreamName() {
            return "test-stream";
        }

        @Override
        public String getFunctionName() {
            return "test-function";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:000000000000:function:test-function";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.println(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.println(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
