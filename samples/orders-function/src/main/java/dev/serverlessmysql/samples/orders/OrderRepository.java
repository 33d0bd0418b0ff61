package dev.serverlessmysql.samples.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code orders} table through {@link JdbcClient}. */
@Repository
class OrderRepository {

    private static final String COLUMNS =
            "id, idempotency_key, customer, item, quantity, unit_price, total, created_at";

    private final JdbcClient jdbc;

    OrderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts a validated order and returns its id.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the idempotency key is taken
     */
    long insert(PlaceOrderRequest request) {
        BigDecimal total = request.unitPrice().multiply(BigDecimal.valueOf(request.quantity()))
                .setScale(2, RoundingMode.UNNECESSARY);
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO orders (idempotency_key, customer, item, quantity, unit_price, total)"
                        + " VALUES (:key, :customer, :item, :quantity, :unitPrice, :total)")
                .param("key", request.idempotencyKey())
                .param("customer", request.customer())
                .param("item", request.item())
                .param("quantity", request.quantity())
                .param("unitPrice", request.unitPrice())
                .param("total", total)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Order> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = :id")
                .param("id", id)
                .query(OrderRepository::toOrder)
                .optional();
    }

    Optional<Order> findByKey(String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE idempotency_key = :key")
                .param("key", idempotencyKey)
                .query(OrderRepository::toOrder)
                .optional();
    }

    /**
     * The row that holds a key, read with a locking read: it sees the latest committed row even
     * when this transaction's snapshot is older, which is what a caller that just lost the race
     * for the key needs.
     */
    Optional<Order> findCommittedByKey(String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE idempotency_key = :key LOCK IN SHARE MODE")
                .param("key", idempotencyKey)
                .query(OrderRepository::toOrder)
                .optional();
    }

    OrderStats stats() {
        return jdbc.sql("SELECT COUNT(*), COALESCE(SUM(quantity), 0), COALESCE(SUM(total), 0),"
                        + " COUNT(DISTINCT customer) FROM orders")
                .query((rows, row) -> new OrderStats(rows.getLong(1), rows.getLong(2),
                        rows.getBigDecimal(3).setScale(2, RoundingMode.UNNECESSARY), rows.getLong(4)))
                .single();
    }

    private static Order toOrder(ResultSet rows, int row) throws SQLException {
        return new Order(rows.getLong("id"), rows.getString("idempotency_key"), rows.getString("customer"),
                rows.getString("item"), rows.getInt("quantity"), rows.getBigDecimal("unit_price"),
                rows.getBigDecimal("total"), rows.getTimestamp("created_at").toInstant());
    }
}
