package dev.serverlessmysql.samples.orders;

import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the functions do: validate, then place or read orders. */
@Service
class OrderService {

    private final OrderRepository orders;

    OrderService(OrderRepository orders) {
        this.orders = orders;
    }

    /**
     * Places an order once per idempotency key. The unique key decides, not a prior SELECT: of
     * concurrent requests with one key exactly one INSERT succeeds; the others wait for it on the
     * key's lock, get a duplicate-key error, and answer with the row it wrote.
     */
    @Transactional
    public OrderResponse place(PlaceOrderRequest request) {
        List<String> problems = OrderValidator.problemsWith(request);
        if (!problems.isEmpty()) {
            return OrderResponse.rejected(problems);
        }
        try {
            long id = orders.insert(request);
            return OrderResponse.of(OrderResponse.PLACED, orders.findById(id).orElseThrow());
        } catch (DuplicateKeyException alreadyPlaced) {
            // The failed INSERT changed nothing, and MySQL keeps the transaction open after it.
            Order first = orders.findCommittedByKey(request.idempotencyKey())
                    .orElseThrow(() -> new IllegalStateException("Duplicate idempotency key "
                            + request.idempotencyKey() + " but no order holds it", alreadyPlaced));
            return OrderResponse.of(OrderResponse.REPLAYED, first);
        }
    }

    @Transactional(readOnly = true)
    public OrderResponse find(OrderLookup lookup) {
        List<String> problems = OrderValidator.problemsWith(lookup);
        if (!problems.isEmpty()) {
            return OrderResponse.rejected(problems);
        }
        if (lookup.id() != null) {
            return orders.findById(lookup.id())
                    .map(order -> OrderResponse.of(OrderResponse.FOUND, order))
                    .orElseGet(() -> OrderResponse.notFound("no order with id " + lookup.id()));
        }
        return orders.findByKey(lookup.idempotencyKey())
                .map(order -> OrderResponse.of(OrderResponse.FOUND, order))
                .orElseGet(() -> OrderResponse.notFound("no order with idempotencyKey " + lookup.idempotencyKey()));
    }

    @Transactional(readOnly = true)
    public OrderStats stats() {
        return orders.stats();
    }
}
