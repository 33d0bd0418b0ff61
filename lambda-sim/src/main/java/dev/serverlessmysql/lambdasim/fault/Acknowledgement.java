package dev.serverlessmysql.lambdasim.fault;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code placeOrder} response that acknowledges the order: status {@code placed} or
 * {@code replayed} (the key was already taken: an earlier attempt had committed), and the order
 * as the function reported it.
 *
 * @param status {@code placed} or {@code replayed}
 * @param orderId the order's id
 * @param order the fields of the response's {@code order} object as text (numbers as written,
 *        strings unquoted); the sample sends every column, the plain-JDBC stand-in only id and total
 */
public record Acknowledgement(String status, long orderId, Map<String, String> order) {

    static final String PLACED = "placed";
    static final String REPLAYED = "replayed";

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern ORDER = Pattern.compile("\"order\"\\s*:\\s*\\{([^}]*)}");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[-+0-9.eE]+|null|true|false)");

    public Acknowledgement {
        order = Collections.unmodifiableMap(new LinkedHashMap<>(order));
    }

    /**
     * Reads a response body; {@code null} when it is not an acknowledgement (another status, no
     * order id): the client treats that as a failed attempt.
     */
    static Acknowledgement parse(String body) {
        if (body == null) {
            return null;
        }
        Matcher status = STATUS.matcher(body);
        Matcher order = ORDER.matcher(body);
        if (!status.find() || !order.find()) {
            return null;
        }
        if (!status.group(1).equals(PLACED) && !status.group(1).equals(REPLAYED)) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher field = FIELD.matcher(order.group(1));
        while (field.find()) {
            fields.put(field.group(1), field.group(3) != null ? field.group(3) : field.group(2));
        }
        String id = fields.get("id");
        if (id == null || !id.matches("\\d+")) {
            return null;
        }
        return new Acknowledgement(status.group(1), Long.parseLong(id), fields);
    }

    boolean replayed() {
        return status.equals(REPLAYED);
    }
}
