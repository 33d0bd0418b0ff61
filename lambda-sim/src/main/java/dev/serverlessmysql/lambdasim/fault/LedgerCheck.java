package dev.serverlessmysql.lambdasim.fault;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exactly-once check after a fault run: every acknowledged key is in the {@code orders} table
 * exactly once, its row is the order that was acknowledged (same id) and the order that was sent
 * (same customer, item, quantity, price, total), and there is no row besides these.
 *
 * @param acknowledgedKeys orders the client had acknowledged
 * @param rows rows in the table
 * @param presentOnce acknowledged keys with exactly one row, equal to what was acknowledged
 * @param extraRows rows whose key was never acknowledged
 * @param missing acknowledged keys without a row
 * @param duplicated keys with more than one row
 * @param mismatched acknowledged keys whose row differs from the acknowledgement or the request, with how
 * @param unacknowledgedWithRow keys the client sent but never had acknowledged that have a row anyway
 * @param unknown keys in the table that the client never sent
 */
public record LedgerCheck(int acknowledgedKeys, int rows, int presentOnce, int extraRows, List<String> missing,
        List<String> duplicated, List<String> mismatched, List<String> unacknowledgedWithRow, List<String> unknown) {

    public LedgerCheck {
        missing = List.copyOf(missing);
        duplicated = List.copyOf(duplicated);
        mismatched = List.copyOf(mismatched);
        unacknowledgedWithRow = List.copyOf(unacknowledgedWithRow);
        unknown = List.copyOf(unknown);
    }

    /** One row of the {@code orders} table. */
    public record Row(long id, String idempotencyKey, String customer, String item, int quantity,
            BigDecimal unitPrice, BigDecimal total) {
    }

    /** Every acknowledged order present exactly once as acknowledged, and nothing else. */
    public boolean exactlyOnce() {
        return missing.isEmpty() && duplicated.isEmpty() && mismatched.isEmpty() && unacknowledgedWithRow.isEmpty()
                && unknown.isEmpty() && extraRows == 0 && rows == acknowledgedKeys && presentOnce == acknowledgedKeys;
    }

    /** Compares what the client was told with what the table holds. */
    public static LedgerCheck of(List<OrderOutcome> outcomes, List<Row> table) {
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        for (Row row : table) {
            byKey.computeIfAbsent(row.idempotencyKey(), key -> new ArrayList<>()).add(row);
        }
        Map<String, OrderOutcome> sent = new HashMap<>();
        for (OrderOutcome outcome : outcomes) {
            sent.put(outcome.order().idempotencyKey(), outcome);
        }
        int acknowledged = 0;
        int once = 0;
        List<String> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> unacknowledgedWithRow = new ArrayList<>();
        Set<String> acknowledgedKeys = new HashSet<>();
        for (OrderOutcome outcome : outcomes) {
            String key = outcome.order().idempotencyKey();
            List<Row> rows = byKey.getOrDefault(key, List.of());
            if (!outcome.acknowledged()) {
                if (!rows.isEmpty()) {
                    unacknowledgedWithRow.add(key);
                }
                continue;
            }
            acknowledged++;
            acknowledgedKeys.add(key);
            if (rows.isEmpty()) {
                missing.add(key);
            } else if (rows.size() > 1) {
                duplicated.add(key + " (" + rows.size() + " rows)");
            } else {
                String difference = difference(outcome, rows.get(0));
                if (difference == null) {
                    once++;
                } else {
                    mismatched.add(key + ": " + difference);
                }
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String key : byKey.keySet()) {
            if (!sent.containsKey(key)) {
                unknown.add(key);
            }
        }
        int extra = (int) table.stream().filter(row -> !acknowledgedKeys.contains(row.idempotencyKey())).count();
        return new LedgerCheck(acknowledged, table.size(), once, extra, missing, duplicated, mismatched, unacknowledgedWithRow,
                unknown);
    }

    /** How the row differs from the acknowledgement or the request; {@code null} when it does not. */
    static String difference(OrderOutcome outcome, Row row) {
        ClientOrder sent = outcome.order();
        Acknowledgement ack = outcome.acknowledgement();
        List<String> differences = new ArrayList<>();
        if (row.id() != ack.orderId()) {
            differences.add("id acknowledged " + ack.orderId() + ", row " + row.id());
        }
        compare(differences, "customer", sent.customer(), ack.order().get("customer"), row.customer());
        compare(differences, "item", sent.item(), ack.order().get("item"), row.item());
        compare(differences, "quantity", Integer.toString(sent.quantity()), ack.order().get("quantity"),
                Integer.toString(row.quantity()));
        compareAmounts(differences, "unitPrice", sent.unitPrice(), ack.order().get("unitPrice"), row.unitPrice());
        compareAmounts(differences, "total", sent.total(), ack.order().get("total"), row.total());
        compare(differences, "idempotencyKey", sent.idempotencyKey(), ack.order().get("idempotencyKey"),
                row.idempotencyKey());
        return differences.isEmpty() ? null : String.join("; ", differences);
    }

    /** The row must equal what was sent, and what was acknowledged where the response carries the field. */
    private static void compare(List<String> differences, String field, String sent, String acknowledged, String row) {
        if (!sent.equals(row) || (acknowledged != null && !acknowledged.equals(row))) {
            differences.add(field + " sent " + sent + ", acknowledged " + acknowledged + ", row " + row);
        }
    }

    private static void compareAmounts(List<String> differences, String field, BigDecimal sent, String acknowledged,
            BigDecimal row) {
        boolean ackDiffers = acknowledged != null
                && (!acknowledged.matches("[-+0-9.eE]+") || new BigDecimal(acknowledged).compareTo(row) != 0);
        if (sent.compareTo(row) != 0 || ackDiffers) {
            differences.add(field + " sent " + sent + ", acknowledged " + acknowledged + ", row " + row);
        }
    }
}
