package dev.serverlessmysql.samples.orders;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A placed order, as stored.
 *
 * @param id assigned by the database
 * @param idempotencyKey the client's key, unique
 * @param customer who ordered
 * @param item what was ordered
 * @param quantity how many
 * @param unitPrice price of one
 * @param total {@code quantity × unitPrice}
 * @param createdAt when it was placed
 */
public record Order(long id, String idempotencyKey, String customer, String item, int quantity,
        BigDecimal unitPrice, BigDecimal total, Instant createdAt) {
}
