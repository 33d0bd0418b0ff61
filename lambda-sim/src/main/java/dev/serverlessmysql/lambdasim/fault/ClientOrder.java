package dev.serverlessmysql.lambdasim.fault;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One order as the client means it: the same idempotency key and the same fields on every attempt.
 *
 * @param number the order's position in the run, from 1
 * @param idempotencyKey chosen by the client once, before the first attempt
 * @param customer who orders
 * @param item what
 * @param quantity how many
 * @param unitPrice price of one
 */
public record ClientOrder(int number, String idempotencyKey, String customer, String item, int quantity,
        BigDecimal unitPrice) {

    /** The {@code number}-th order of a run, with a fresh key. */
    static ClientOrder numbered(int number) {
        return new ClientOrder(number, UUID.randomUUID().toString(), "customer-" + (number % 50), "item-" + (number % 7),
                1 + number % 5, new BigDecimal("12.50"));
    }

    /** The sample's {@code placeOrder} input. */
    String event() {
        return "{\"idempotencyKey\":\"" + idempotencyKey + "\",\"customer\":\"" + customer + "\",\"item\":\"" + item
                + "\",\"quantity\":" + quantity + ",\"unitPrice\":" + unitPrice.toPlainString() + "}";
    }

    /** {@code quantity × unitPrice}, what the row's {@code total} must be. */
    BigDecimal total() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
