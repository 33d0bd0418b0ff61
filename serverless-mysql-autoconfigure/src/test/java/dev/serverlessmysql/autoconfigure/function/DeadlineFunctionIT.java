package dev.serverlessmysql.autoconfigure.function;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Through the AWS adapter, the Lambda Context's deadline bounds the function's wait for a
 * connection: on a full server it fails before the deadline, with time kept back to answer
 * ({@code deadline-reserve}), and the next invocation succeeds once the server has room.
 */
@MySqlTest
class DeadlineFunctionIT {

    private FunctionInvokerSupport lambda;

    @BeforeEach
    void startFunction(TestDatabase db) {
        lambda = new FunctionInvokerSupport(db, Map.of("spring.autoconfigure.exclude",
                "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
                "serverless.mysql.deadline-reserve", "400ms"));
    }

    @AfterEach
    void stopFunction() {
        lambda.close();
    }

    @Test
    void onAFullServerTheFunctionFailsBeforeTheContextsDeadlineAndTheNextInvocationSucceeds(TestDatabase db,
            MySqlTestServer server) throws Exception {
        ServerlessMySqlDataSource dataSource = FunctionInvokerTestApplication.context
                .getBean(ServerlessMySqlDataSource.class);
        assertThat(dataSource.openConnections()).as("start-up left no connection open").isZero();
        try (var restore = server.setGlobal("max_connections", 10);
             IdleConnections filler = db.newUser().fillServer(0)) {
            Instant deadline = Instant.now().plusMillis(2500);

            assertThatThrownBy(() -> lambda.invoke("order-1", FunctionInvokerSupport.timingOutAt(deadline)))
                    .satisfies((e) -> assertThat(Instant.now()).as("failed before the deadline").isBefore(deadline))
                    .hasStackTraceContaining("the invocation's deadline was reached")
                    .hasStackTraceContaining("is full")
                    .hasStackTraceContaining("The wait stopped 400ms before the function's timeout");
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(1);

            filler.release(1);
            String connectionId = lambda.invoke("order-2",
                    FunctionInvokerSupport.timingOutAt(Instant.now().plus(Duration.ofMinutes(1))));
            assertThat(connectionId).matches("\\d+");
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(2);
        }
    }
}
