package dev.serverlessmysql.samples.orders;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderValidatorTest {

    private static PlaceOrderRequest order(String key, String customer, String item, Integer quantity, String price) {
        return new PlaceOrderRequest(key, customer, item, quantity, price == null ? null : new BigDecimal(price));
    }

    @Test
    void completeOrderHasNoProblems() {
        assertThat(OrderValidator.problemsWith(order("k-1", "alice", "coffee beans", 2, "12.50"))).isEmpty();
    }

    @Test
    void missingOrderIsRejected() {
        assertThat(OrderValidator.problemsWith((PlaceOrderRequest) null)).singleElement()
                .asString().startsWith("an order is required");
    }

    @Test
    void everyMissingFieldIsNamed() {
        assertThat(OrderValidator.problemsWith(order(null, null, null, null, null))).containsExactly(
                "idempotencyKey is required and must not be blank",
                "customer is required and must not be blank",
                "item is required and must not be blank",
                "quantity is required",
                "unitPrice is required");
    }

    @Test
    void blankItemIsRejected() {
        assertThat(OrderValidator.problemsWith(order("k-1", "alice", "   ", 1, "1.00")))
                .containsExactly("item is required and must not be blank");
    }

    @Test
    void zeroAndNegativeQuantitiesAreRejected() {
        assertThat(OrderValidator.problemsWith(order("k-1", "alice", "tea", 0, "1.00")))
                .containsExactly("quantity must be between 1 and 10000, was 0");
        assertThat(OrderValidator.problemsWith(order("k-1", "alice", "tea", -3, "1.00")))
                .containsExactly("quantity must be between 1 and 10000, was -3");
        assertThat(OrderValidator.problemsWith(order("k-1", "alice", "tea", 10_001, "1.00"))).hasSize(1);
        assertThat(OrderValidator.problemsWith(order("k-1", "alice", "tea", 10_000, "1.00"))).isEmpty();
    }

    @Test
    void pricesMustBePositiveWithAtMostTwoDecimals() {
        assertThat(OrderValidator.problemsWith(order("k-1", "alice", "tea", 1, "0")))
                .containsExactly("unitPrice must be positive, was 0");
        assertThat(OrderValidator.problemsWith(order("k-1", "alice", "tea", 1, "-1.50")))
                .containsExactly("unitPrice must be positive, was -1.50");
        assertThat(OrderValidator.problemsWith(order("k-1", "alice", "tea", 1, "1.005")))
                .containsExactly("unitPrice must have at most 2 decimals, was 1.005");
        assertThat(OrderValidator.problemsWith(order("k-1", "alice", "tea", 1, "1.500"))).isEmpty();
        assertThat(OrderValidator.problemsWith(order("k-1", "alice", "tea", 1, "100000000"))).hasSize(1);
    }

    @Test
    void textLongerThanItsColumnIsRejected() {
        assertThat(OrderValidator.problemsWith(order("k".repeat(65), "alice", "tea", 1, "1")))
                .containsExactly("idempotencyKey must be at most 64 characters, was 65");
        assertThat(OrderValidator.problemsWith(order("k".repeat(64), "a".repeat(100), "i".repeat(200), 1, "1")))
                .isEmpty();
        assertThat(OrderValidator.problemsWith(order(" k-1", "alice", "tea", 1, "1")))
                .containsExactly("idempotencyKey must not start or end with spaces");
    }

    @Test
    void lookupNeedsExactlyOneOfIdAndKey() {
        assertThat(OrderValidator.problemsWith(new OrderLookup(1L, null))).isEmpty();
        assertThat(OrderValidator.problemsWith(new OrderLookup(null, "k-1"))).isEmpty();
        assertThat(OrderValidator.problemsWith(new OrderLookup(null, null)))
                .containsExactly("give exactly one of \"id\" and \"idempotencyKey\"");
        assertThat(OrderValidator.problemsWith(new OrderLookup(1L, "k-1"))).hasSize(1);
        assertThat(OrderValidator.problemsWith((OrderLookup) null)).hasSize(1);
        assertThat(OrderValidator.problemsWith(new OrderLookup(0L, null))).containsExactly("id must be positive, was 0");
    }
}
