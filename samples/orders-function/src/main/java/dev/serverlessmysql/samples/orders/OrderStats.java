package dev.serverlessmysql.samples.orders;

import java.math.BigDecimal;

/**
 * Output of {@code orderStats}: totals over all orders.
 *
 * @param orders how many orders
 * @param units items ordered, all orders together
 * @param revenue sum of the orders' totals
 * @param customers distinct customers
 */
public record OrderStats(long orders, long units, BigDecimal revenue, long customers) {
}
