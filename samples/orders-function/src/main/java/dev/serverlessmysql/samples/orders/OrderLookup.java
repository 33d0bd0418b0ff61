package dev.serverlessmysql.samples.orders;

/**
 * Input of {@code getOrder}: exactly one of the two.
 *
 * @param id the order's id
 * @param idempotencyKey the key the order was placed with
 */
public record OrderLookup(Long id, String idempotencyKey) {
}
