package dev.serverlessmysql.autoconfigure.function;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.function.observability.FunctionContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application that {@code FunctionInvoker} starts in the ITs (named by {@code MAIN_CLASS}).
 * Its function answers the server's {@code CONNECTION_ID()}, and fails after the query when
 * asked to.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class FunctionInvokerTestApplication {

    /** The context FunctionInvoker started last; FunctionInvoker itself gives no access to it. */
    static volatile ConfigurableApplicationContext context;

    @Bean
    Function<String, String> connectionId(JdbcClient jdbc, ConfigurableApplicationContext applicationContext) {
        context = applicationContext;
        return (input) -> {
            long id = jdbc.sql("SELECT CONNECTION_ID()").query(Long.class).single();
            if (input.startsWith("fail")) {
                throw new IllegalStateException("function failed on purpose after using connection " + id);
            }
            return Long.toString(id);
        };
    }

    @Bean
    FunctionObservationCounter functionObservationCounter() {
        return new FunctionObservationCounter();
    }

    /** Counts the observations Spring Cloud Function's observation wrapper completes. */
    static class FunctionObservationCounter implements ObservationHandler<Observation.Context> {

        final AtomicInteger stopped = new AtomicInteger();

        @Override
        public boolean supportsContext(Observation.Context context) {
            // The name is set only when the observation starts, after handlers were chosen.
            return context instanceof FunctionContext;
        }

        @Override
        public void onStop(Observation.Context context) {
            stopped.incrementAndGet();
        }
    }
}
