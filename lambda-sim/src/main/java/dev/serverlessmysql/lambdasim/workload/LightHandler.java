package dev.serverlessmysql.lambdasim.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.concurrent.atomic.AtomicInteger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * The light Java kinds' function: a plain {@code RequestStreamHandler} on {@link PlaceOrder}, no
 * Spring, run by AWS's runtime interface client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda})
 * as a Lambda Java function would be. The data source is built in the static initialiser: the
 * function's init phase.
 *
 * <p>{@code LAMBDA_SIM_EXIT_AFTER=n} (the benchmark's AppCDS training run only) exits the JVM
 * normally when the event after the n-th arrives, so {@code -XX:ArchiveClassesAtExit} writes its
 * archive.
 */
public final class LightHandler implements RequestStreamHandler {

    private static final PlaceOrder FUNCTION = init();
    private static final int EXIT_AFTER = Integer.parseInt(System.getenv().getOrDefault("LAMBDA_SIM_EXIT_AFTER", "0"));
    private static final AtomicInteger handled = new AtomicInteger();

    // No connection at init: the benchmark creates the table once, as the Spring kinds run with
    // spring.sql.init.mode=never (on Lambda with SnapStart, start-up work runs once at publish time).
    private static PlaceOrder init() {
        if ("1".equals(System.getenv("LAMBDA_SIM_NULL_EXTENSION"))) {
            try {
                NullExtension.start();
            } catch (IOException e) {
                throw new IllegalStateException("the null extension could not register", e);
            }
        }
        return new PlaceOrder(PlaceOrder.dataSource(System.getenv().getOrDefault("LAMBDA_SIM_DATASOURCE", "serverless")));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (EXIT_AFTER > 0 && handled.incrementAndGet() > EXIT_AFTER) {
            System.exit(0);
        }
        ThreadCpu.cycleEnds();
        ThreadCpu.handlerStarted();
        FUNCTION.beginInvocation(java.time.Instant.now().plusMillis(context.getRemainingTimeInMillis()));
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        try {
            output.write(FUNCTION.handle(event).getBytes(StandardCharsets.UTF_8));
        } catch (SQLTransientException e) {
            // As the README advises for a transient failure (the invocation's deadline reached on a
            // full server; HikariCP's connectionTimeout): answer 503 at once, on the path every
            // answer takes, rather than throw. A thrown error makes the runtime interface client
            // build and post an error document with the stack trace, a path it takes for the first
            // time then: in a starved container that took from 100 ms to over 700 ms, and Lambda
            // timed the invocation out. lambda-sim counts a 503 answer as a failed invocation.
            output.write(PlaceOrder.unavailable(e).getBytes(StandardCharsets.UTF_8));
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException(PlaceOrder.describe(e), e);
        } finally {
            ThreadCpu.endCalled();
            FUNCTION.endInvocation();
            ThreadCpu.handlerEnded();
            if (event.contains("\"" + LoadProfile.COLLECT + "\":true")) {
                // The spaced warm-up's last order: every kind starts its measured invocations from an emptied heap.
                System.gc();
            }
        }
    }
}
