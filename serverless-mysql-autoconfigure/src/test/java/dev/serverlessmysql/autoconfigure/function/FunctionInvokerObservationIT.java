package dev.serverlessmysql.autoconfigure.function;

import java.util.Map;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.function.FunctionInvokerTestApplication.FunctionObservationCounter;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With Micrometer observation active, Spring Cloud Function would register its own wrapper; ours
 * replaces it and runs it inside, so every invocation is both observed and ended.
 */
@MySqlTest
class FunctionInvokerObservationIT {

    private FunctionInvokerSupport lambda;

    @BeforeEach
    void startFunction(TestDatabase db) {
        lambda = new FunctionInvokerSupport(db, Map.of());
    }

    @AfterEach
    void stopFunction() {
        lambda.close();
    }

    @Test
    void everyInvocationIsObservedAndEnded() throws Exception {
        assertThat(FunctionInvokerTestApplication.context.getBeanNamesForType(ObservationRegistry.class)).hasSize(1);
        lambda.invoke("order-1");
        lambda.invoke("order-2");
        assertThatThrownBy(() -> lambda.invoke("fail-3")).hasStackTraceContaining("function failed on purpose");
        lambda.invoke("order-4");

        ServerlessMySqlDataSource dataSource = FunctionInvokerTestApplication.context
                .getBean(ServerlessMySqlDataSource.class);
        FunctionObservationCounter observations = FunctionInvokerTestApplication.context
                .getBean(FunctionObservationCounter.class);
        assertThat(dataSource.stats().invocationsEnded()).isEqualTo(4);
        assertThat(observations.stopped).hasValue(4);
        assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
    }

    @Test
    void theOnlyWrapperIsOursWithTheObservationWrapperInside() {
        assertThat(FunctionInvokerTestApplication.context.getBeansOfType(FunctionAroundWrapper.class)).hasSize(1);
        assertThat(FunctionInvokerTestApplication.context.getBean(FunctionAroundWrapper.class))
                .isInstanceOfSatisfying(EndInvocationFunctionAroundWrapper.class, (ours) -> assertThat(
                        ours.getDelegate()).isInstanceOf(
                                org.springframework.cloud.function.observability.ObservationFunctionAroundWrapper.class));
    }
}
