package dev.serverlessmysql.autoconfigure.function;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A function invoked through the AWS handler ends each invocation and reuses one connection. */
@MySqlTest
class FunctionInvokerIT {

    private FunctionInvokerSupport lambda;

    @BeforeEach
    void startFunction(TestDatabase db) {
        // Micrometer observation is off here; FunctionInvokerObservationIT covers it.
        lambda = new FunctionInvokerSupport(db, Map.of("spring.autoconfigure.exclude",
                "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"));
    }

    @AfterEach
    void stopFunction() {
        lambda.close();
    }

    @Test
    void eachInvocationEndsOnceAndAllReuseOneConnection(TestDatabase db) throws Exception {
        List<String> connectionIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            connectionIds.add(lambda.invoke("order-" + i));
        }
        assertThatThrownBy(() -> lambda.invoke("fail-5")).hasStackTraceContaining("function failed on purpose");
        connectionIds.add(lambda.invoke("order-6"));

        ServerlessMySqlDataSource dataSource = FunctionInvokerTestApplication.context
                .getBean(ServerlessMySqlDataSource.class);
        assertThat(dataSource.stats().invocationsEnded()).isEqualTo(6);
        assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
        assertThat(connectionIds).hasSize(5).allMatch((id) -> id.matches("\\d+")).containsOnly(connectionIds.get(0));
        assertThat(db.threads()).hasSize(1);
    }

    @Test
    void withoutObservationOurWrapperRunsTheFunctionDirectly() {
        FunctionAroundWrapper wrapper = FunctionInvokerTestApplication.context.getBean(FunctionAroundWrapper.class);
        assertThat(wrapper).isInstanceOfSatisfying(EndInvocationFunctionAroundWrapper.class,
                (ours) -> assertThat(ours.getDelegate()).isNull());
    }
}
