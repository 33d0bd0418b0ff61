package dev.serverlessmysql.lambdasim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading why an invocation failed from its container's log. */
class FailureCausesTest {

    private static final String LOG = """
            INFO AWSLambdaUtils : Received: {"idempotencyKey":"k-1","customer":"c"}
            org.springframework.transaction.CannotCreateTransactionException: Could not open JDBC Connection for transaction
            Caused by: com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure
            Caused by: java.io.EOFException: Can not read response from server.
            INFO CustomRuntimeEventLoop : Result ERROR status: 202 ACCEPTED
            INFO AWSLambdaUtils : Received: {"idempotencyKey":"k-2","customer":"c"}
            INFO CustomRuntimeEventLoop : Result POST status: <202 ACCEPTED>
            INFO AWSLambdaUtils : Received: {"idempotencyKey":"k-1","customer":"c"}
            org.springframework.transaction.CannotCreateTransactionException: Could not open JDBC Connection for transaction
            Caused by: java.sql.SQLTransientConnectionException: Could not connect to 127.0.0.1:1 after 51 attempts over 2560 ms
            Caused by: java.net.ConnectException: Connection refused
            INFO CustomRuntimeEventLoop : Result ERROR status: 202 ACCEPTED
            """;

    @Test
    void eachFailedAttemptGetsTheCauseLoggedForItsKeyInOrder(@TempDir Path logs) throws Exception {
        Files.writeString(logs.resolve("starter-1.log"), LOG);
        ClientOrder order = new ClientOrder(1, "k-1", "c", "i", 1, java.math.BigDecimal.ONE);
        OrderOutcome outcome = new OrderOutcome(order, List.of(
                new OrderOutcome.Attempt(1, "CannotCreateTransactionException", null, "...", 1, "starter-1"),
                new OrderOutcome.Attempt(2, "CannotCreateTransactionException", null, "...", 2, "starter-1")), null);

        List<OrderOutcome.Attempt> attempts = FailureCauses.attach(List.of(outcome), logs).get(0).attempts();

        assertThat(attempts).extracting(OrderOutcome.Attempt::category).containsExactly(
                "connection lost — CannotCreateTransactionException",
                "connect retries exhausted: connection refused — CannotCreateTransactionException");
    }

    @Test
    void aCommitWhoseAnswerWasLostIsToldApartFromOtherLostConnections() {
        assertThat(FailureCauses.classify("""
                ERROR JdbcTransactionManager : Commit exception overridden by rollback exception
                org.springframework.dao.RecoverableDataAccessException: JDBC commit; Communications link failure
                org.springframework.dao.DataAccessResourceFailureException: JDBC rollback; No operations allowed after connection closed.
                """)).isEqualTo("connection lost at COMMIT (outcome unknown to the function)");
    }

    @Test
    void withoutALogTheErrorStandsAlone(@TempDir Path logs) {
        ClientOrder order = ClientOrder.numbered(1);
        OrderOutcome outcome = new OrderOutcome(order,
                List.of(new OrderOutcome.Attempt(1, "timeout", null, "no response", 1, "starter-9")), null);

        assertThat(FailureCauses.attach(List.of(outcome), logs).get(0).attempts().get(0).category()).isEqualTo("timeout");
    }
}
