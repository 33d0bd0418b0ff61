package dev.serverlessmysql.samples.orders;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer of {@code placeOrder} and {@code getOrder}. A rejected request is an answer too, not an
 * exception, so that HTTP clients and Lambda callers alike read the reasons as JSON.
 *
 * @param status {@code placed}, {@code replayed} (the key was seen before: this is the first
 *        order, nothing new was written), {@code found}, {@code not_found} or {@code rejected}
 * @param order the order, absent when rejected or not found
 * @param errors why the request was rejected or nothing was found; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderResponse(String status, Order order, List<String> errors) {

    public static final String PLACED = "placed";
    public static final String REPLAYED = "replayed";
    public static final String FOUND = "found";
    public static final String NOT_FOUND = "not_found";
    public static final String REJECTED = "rejected";

    static OrderResponse of(String status, Order order) {
        return new OrderResponse(status, order, null);
    }

    static OrderResponse rejected(List<String> errors) {
        return new OrderResponse(REJECTED, null, List.copyOf(errors));
    }

    static OrderResponse notFound(String error) {
        return new OrderResponse(NOT_FOUND, null, List.of(error));
    }
}
