package dev.serverlessmysql.samples.orders;

import java.math.BigDecimal;

/**
 * Input of {@code placeOrder}. Every field is nullable here so that a missing one is reported by
 * {@link OrderValidator} with its name rather than failing JSON conversion.
 *
 * @param idempotencyKey chosen by the client; retrying with the same key never places a second order
 * @param customer who orders
 * @param item what is ordered
 * @param quantity how many, at least 1
 * @param unitPrice price of one, positive, at most two decimals
 */
public record PlaceOrderRequest(String idempotencyKey, String customer, String item, Integer quantity,
        BigDecimal unitPrice) {
}
