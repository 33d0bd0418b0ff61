package dev.serverlessmysql.lambdasim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The exactly-once verdict on made-up outcomes and rows: each way a ledger can be wrong is caught. */
class LedgerCheckTest {

    private final ClientOrder first = ClientOrder.numbered(1);
    private final ClientOrder second = ClientOrder.numbered(2);

    @Test
    void whenEveryAcknowledgedOrderHasItsOwnRowThenTheLedgerIsExactlyOnce() {
        LedgerCheck check = LedgerCheck.of(List.of(acknowledged(first, 1), acknowledged(second, 2)),
                List.of(row(first, 1), row(second, 2)));

        assertThat(check.exactlyOnce()).isTrue();
        assertThat(check.presentOnce()).isEqualTo(2);
        assertThat(check.extraRows()).isZero();
    }

    @Test
    void whenARetriedOrderWasAppliedTwiceThenTheKeyIsDuplicated() {
        LedgerCheck check = LedgerCheck.of(List.of(acknowledged(first, 2)), List.of(row(first, 1), row(first, 2)));

        assertThat(check.exactlyOnce()).isFalse();
        assertThat(check.duplicated()).hasSize(1);
        assertThat(check.rows()).isEqualTo(2);
    }

    @Test
    void whenARetryWasSentUnderANewKeyThenTheFirstAttemptsRowIsExtra() {
        ClientOrder retriedUnderNewKey = new ClientOrder(1, "new-key", first.customer(), first.item(), first.quantity(),
                first.unitPrice());
        LedgerCheck check = LedgerCheck.of(List.of(failed(first), acknowledged(retriedUnderNewKey, 2)),
                List.of(row(first, 1), row(retriedUnderNewKey, 2)));

        assertThat(check.exactlyOnce()).isFalse();
        assertThat(check.unacknowledgedWithRow()).containsExactly(first.idempotencyKey());
        assertThat(check.extraRows()).isEqualTo(1);
    }

    @Test
    void whenAnAcknowledgedOrderHasNoRowThenItIsMissing() {
        LedgerCheck check = LedgerCheck.of(List.of(acknowledged(first, 1), acknowledged(second, 2)),
                List.of(row(first, 1)));

        assertThat(check.exactlyOnce()).isFalse();
        assertThat(check.missing()).containsExactly(second.idempotencyKey());
    }

    @Test
    void whenTheAcknowledgementNamesAnotherOrderOrTheRowDiffersThenItIsAMismatch() {
        LedgerCheck otherId = LedgerCheck.of(List.of(acknowledged(first, 7)), List.of(row(first, 1)));
        LedgerCheck otherQuantity = LedgerCheck.of(List.of(acknowledged(first, 1)), List.of(new LedgerCheck.Row(1,
                first.idempotencyKey(), first.customer(), first.item(), first.quantity() + 1, first.unitPrice(),
                first.total())));

        assertThat(otherId.mismatched()).singleElement().asString().contains("id acknowledged 7, row 1");
        assertThat(otherQuantity.mismatched()).singleElement().asString().contains("quantity");
        assertThat(otherId.exactlyOnce()).isFalse();
        assertThat(otherQuantity.exactlyOnce()).isFalse();
    }

    @Test
    void whenARowHasAKeyNobodySentThenItIsUnknown() {
        ClientOrder stranger = ClientOrder.numbered(3);
        LedgerCheck check = LedgerCheck.of(List.of(acknowledged(first, 1)), List.of(row(first, 1), row(stranger, 2)));

        assertThat(check.unknown()).containsExactly(stranger.idempotencyKey());
        assertThat(check.exactlyOnce()).isFalse();
    }

    @Test
    void theSamplesResponseIsReadAsAnAcknowledgement() {
        Acknowledgement ack = Acknowledgement.parse("{\"status\":\"replayed\",\"order\":{\"id\":42,\"idempotencyKey\":\"k-1\","
                + "\"customer\":\"customer-1\",\"item\":\"item-1\",\"quantity\":2,\"unitPrice\":12.50,\"total\":25.00,"
                + "\"createdAt\":\"2026-11-27T10:00:00.123Z\"}}");

        assertThat(ack.replayed()).isTrue();
        assertThat(ack.orderId()).isEqualTo(42);
        assertThat(ack.order()).containsEntry("total", "25.00").containsEntry("customer", "customer-1");
        assertThat(Acknowledgement.parse("{\"status\":\"rejected\",\"errors\":[\"quantity must be positive\"]}")).isNull();
    }

    private static OrderOutcome acknowledged(ClientOrder order, long id) {
        Acknowledgement ack = new Acknowledgement("placed", id, Map.of("id", Long.toString(id),
                "idempotencyKey", order.idempotencyKey(), "total", order.total().toPlainString()));
        return new OrderOutcome(order, List.of(new OrderOutcome.Attempt(1, null, null, null, 0, "c-1")), ack);
    }

    private static OrderOutcome failed(ClientOrder order) {
        return new OrderOutcome(order, List.of(new OrderOutcome.Attempt(1, "connection lost", null, "killed", 1, "c-1")), null);
    }

    private static LedgerCheck.Row row(ClientOrder order, long id) {
        return new LedgerCheck.Row(id, order.idempotencyKey(), order.customer(), order.item(), order.quantity(),
                order.unitPrice(), order.total().add(BigDecimal.ZERO));
    }
}
