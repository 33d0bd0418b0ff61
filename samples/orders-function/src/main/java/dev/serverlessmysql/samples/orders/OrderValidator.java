package dev.serverlessmysql.samples.orders;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks requests before anything touches the database; the limits match the columns in
 * {@code schema.sql}, so a valid request always fits.
 */
final class OrderValidator {

    static final int MAX_KEY_LENGTH = 64;
    static final int MAX_CUSTOMER_LENGTH = 100;
    static final int MAX_ITEM_LENGTH = 200;
    static final int MAX_QUANTITY = 10_000;
    /** DECIMAL(10,2). */
    static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("99999999.99");

    private OrderValidator() {
    }

    /** Every problem with the request, in field order; empty when it may be placed. */
    static List<String> problemsWith(PlaceOrderRequest request) {
        List<String> problems = new ArrayList<>();
        if (request == null) {
            problems.add("an order is required: {\"idempotencyKey\", \"customer\", \"item\", \"quantity\", \"unitPrice\"}");
            return problems;
        }
        requireText(problems, "idempotencyKey", request.idempotencyKey(), MAX_KEY_LENGTH);
        requireText(problems, "customer", request.customer(), MAX_CUSTOMER_LENGTH);
        requireText(problems, "item", request.item(), MAX_ITEM_LENGTH);
        Integer quantity = request.quantity();
        if (quantity == null) {
            problems.add("quantity is required");
        } else if (quantity < 1 || quantity > MAX_QUANTITY) {
            problems.add("quantity must be between 1 and " + MAX_QUANTITY + ", was " + quantity);
        }
        BigDecimal price = request.unitPrice();
        if (price == null) {
            problems.add("unitPrice is required");
        } else if (price.signum() <= 0) {
            problems.add("unitPrice must be positive, was " + price.toPlainString());
        } else if (price.stripTrailingZeros().scale() > 2) {
            problems.add("unitPrice must have at most 2 decimals, was " + price.toPlainString());
        } else if (price.compareTo(MAX_UNIT_PRICE) > 0) {
            problems.add("unitPrice must be at most " + MAX_UNIT_PRICE.toPlainString() + ", was " + price.toPlainString());
        }
        return problems;
    }

    /** Problems with a lookup: exactly one of id and key. */
    static List<String> problemsWith(OrderLookup lookup) {
        List<String> problems = new ArrayList<>();
        boolean hasId = lookup != null && lookup.id() != null;
        boolean hasKey = lookup != null && lookup.idempotencyKey() != null && !lookup.idempotencyKey().isBlank();
        if (hasId == hasKey) {
            problems.add("give exactly one of \"id\" and \"idempotencyKey\"");
        } else if (hasId && lookup.id() < 1) {
            problems.add("id must be positive, was " + lookup.id());
        } else if (hasKey && lookup.idempotencyKey().length() > MAX_KEY_LENGTH) {
            problems.add("idempotencyKey must be at most " + MAX_KEY_LENGTH + " characters");
        }
        return problems;
    }

    private static void requireText(List<String> problems, String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required and must not be blank");
        } else if (value.length() > maxLength) {
            problems.add(field + " must be at most " + maxLength + " characters, was " + value.length());
        } else if (!value.equals(value.strip())) {
            problems.add(field + " must not start or end with spaces");
        }
    }
}
