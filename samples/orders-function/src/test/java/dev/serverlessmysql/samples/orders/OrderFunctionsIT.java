package dev.serverlessmysql.samples.orders;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each function through {@code FunctionInvoker.handleRequest}, as Lambda calls it, against a
 * real server. Each function is its own "Lambda function": its own app, its own DataSource.
 */
@MySqlTest
class OrderFunctionsIT {

    private static LambdaFunction placeOrder;
    private static LambdaFunction getOrder;
    private static LambdaFunction orderStats;

    @BeforeAll
    static void deploy(TestDatabase db) {
        placeOrder = LambdaFunction.start("placeOrder", db);
        getOrder = LambdaFunction.start("getOrder", db);
        orderStats = LambdaFunction.start("orderStats", db);
    }

    @AfterAll
    static void undeploy() {
        for (LambdaFunction function : new LambdaFunction[] { placeOrder, getOrder, orderStats }) {
            if (function != null) {
                function.close();
            }
        }
    }

    @BeforeEach
    void emptyTable(TestDatabase db) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM orders");
        }
    }

    @Test
    void placeOrderStoresTheOrderAndAnswersIt(TestDatabase db) throws Exception {
        JsonNode response = placeOrder.invoke("""
                {"idempotencyKey": "k-1", "customer": "alice", "item": "coffee beans", "quantity": 2, "unitPrice": 12.50}""");

        assertThat(response.get("status").asString()).isEqualTo("placed");
        assertThat(response.has("errors")).isFalse();
        JsonNode order = response.get("order");
        assertThat(order.get("id").asLong()).isPositive();
        assertThat(order.get("idempotencyKey").asString()).isEqualTo("k-1");
        assertThat(order.get("customer").asString()).isEqualTo("alice");
        assertThat(order.get("item").asString()).isEqualTo("coffee beans");
        assertThat(order.get("quantity").asInt()).isEqualTo(2);
        assertThat(order.get("unitPrice").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(order.get("total").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(order.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(rows(db, "SELECT CONCAT(id, ' ', idempotency_key, ' ', customer, ' ', item, ' ', quantity, ' ', unit_price, ' ', total) FROM orders"))
                .isEqualTo(order.get("id").asLong() + " k-1 alice coffee beans 2 12.50 25.00");
    }

    @Test
    void retryWithTheSameKeyAnswersTheFirstOrderAndInsertsNothing(TestDatabase db) throws Exception {
        String event = """
                {"idempotencyKey": "retry-1", "customer": "bob", "item": "tea", "quantity": 3, "unitPrice": 4.20}""";
        JsonNode first = placeOrder.invoke(event);
        JsonNode retry = placeOrder.invoke(event);
        // A retry whose body changed still gets the first order: the key decides.
        JsonNode changed = placeOrder.invoke("""
                {"idempotencyKey": "retry-1", "customer": "bob", "item": "tea", "quantity": 30, "unitPrice": 4.20}""");

        assertThat(first.get("status").asString()).isEqualTo("placed");
        assertThat(retry.get("status").asString()).isEqualTo("replayed");
        assertThat(retry.get("order")).isEqualTo(first.get("order"));
        assertThat(changed.get("status").asString()).isEqualTo("replayed");
        assertThat(changed.get("order")).isEqualTo(first.get("order"));
        assertThat(rows(db, "SELECT COUNT(*) FROM orders WHERE idempotency_key = 'retry-1'")).isEqualTo("1");
        assertThat(rows(db, "SELECT SUM(quantity) FROM orders")).isEqualTo("3");
    }

    @Test
    void invalidOrderIsRejectedWithReasonsAndWritesNothing(TestDatabase db) throws Exception {
        JsonNode response = placeOrder.invoke("""
                {"idempotencyKey": "bad-1", "customer": "carol", "item": " ", "quantity": 0, "unitPrice": 1.00}""");
        JsonNode missingKey = placeOrder.invoke("""
                {"customer": "carol", "item": "tea", "quantity": 1, "unitPrice": 1.00}""");

        assertThat(response.get("status").asString()).isEqualTo("rejected");
        assertThat(response.has("order")).isFalse();
        assertThat(response.get("errors").values()).extracting(JsonNode::asString).containsExactly(
                "item is required and must not be blank",
                "quantity must be between 1 and 10000, was 0");
        assertThat(missingKey.get("status").asString()).isEqualTo("rejected");
        assertThat(missingKey.get("errors").values()).extracting(JsonNode::asString)
                .containsExactly("idempotencyKey is required and must not be blank");
        assertThat(rows(db, "SELECT COUNT(*) FROM orders")).isEqualTo("0");
    }

    @Test
    void valuesOfTheWrongTypeAreRejectedByField(TestDatabase db) throws Exception {
        JsonNode wrongType = placeOrder.invoke("""
                {"idempotencyKey": "bad-2", "customer": "carol", "item": "tea", "quantity": "many", "unitPrice": 1.00}""");
        JsonNode notAnObject = placeOrder.invoke("[1, 2]");

        assertThat(wrongType.get("status").asString()).isEqualTo("rejected");
        assertThat(wrongType.get("errors").values()).extracting(JsonNode::asString)
                .containsExactly("quantity must be a whole number, was \"many\"");
        assertThat(notAnObject.get("errors").values()).extracting(JsonNode::asString)
                .containsExactly("the input must be a JSON object, was array [1,2]");
        assertThat(rows(db, "SELECT COUNT(*) FROM orders")).isEqualTo("0");
    }

    @Test
    void eventThatIsNotJsonFailsTheInvocationAndWritesNothing(TestDatabase db) throws Exception {
        // FunctionInvoker parses the event before any function runs; Lambda reports this as a
        // function error with this message.
        assertThatThrownBy(() -> placeOrder.invokeRaw("this is not an order"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Failed to convert JSON")
                .hasMessageContaining("Unrecognized token 'this'");
        assertThat(rows(db, "SELECT COUNT(*) FROM orders")).isEqualTo("0");
    }

    @Test
    void getOrderFindsByIdAndByKey() throws Exception {
        JsonNode placed = placeOrder.invoke("""
                {"idempotencyKey": "find-me", "customer": "dave", "item": "mug", "quantity": 1, "unitPrice": 9.99}""")
                .get("order");

        JsonNode byId = getOrder.invoke("{\"id\": " + placed.get("id").asLong() + "}");
        JsonNode byKey = getOrder.invoke("{\"idempotencyKey\": \"find-me\"}");
        JsonNode missing = getOrder.invoke("{\"idempotencyKey\": \"nobody\"}");
        JsonNode both = getOrder.invoke("{\"id\": 1, \"idempotencyKey\": \"find-me\"}");

        assertThat(byId.get("status").asString()).isEqualTo("found");
        assertThat(byId.get("order")).isEqualTo(placed);
        assertThat(byKey.get("status").asString()).isEqualTo("found");
        assertThat(byKey.get("order")).isEqualTo(placed);
        assertThat(missing.get("status").asString()).isEqualTo("not_found");
        assertThat(missing.get("errors").get(0).asString()).isEqualTo("no order with idempotencyKey nobody");
        assertThat(both.get("status").asString()).isEqualTo("rejected");
    }

    @Test
    void orderStatsCountsAndTotals() throws Exception {
        JsonNode empty = orderStats.invoke("{}");
        placeOrder.invoke("""
                {"idempotencyKey": "s-1", "customer": "erin", "item": "tea", "quantity": 2, "unitPrice": 3.50}""");
        placeOrder.invoke("""
                {"idempotencyKey": "s-2", "customer": "erin", "item": "mug", "quantity": 1, "unitPrice": 10.00}""");
        placeOrder.invoke("""
                {"idempotencyKey": "s-3", "customer": "frank", "item": "tea", "quantity": 4, "unitPrice": 3.50}""");
        placeOrder.invoke("""
                {"idempotencyKey": "s-3", "customer": "frank", "item": "tea", "quantity": 4, "unitPrice": 3.50}""");

        JsonNode stats = orderStats.invoke("{}");

        assertThat(empty.get("orders").asLong()).isZero();
        assertThat(empty.get("revenue").decimalValue()).isEqualByComparingTo("0");
        assertThat(stats.get("orders").asLong()).isEqualTo(3);
        assertThat(stats.get("units").asLong()).isEqualTo(7);
        assertThat(stats.get("revenue").decimalValue()).isEqualByComparingTo("31.00");
        assertThat(stats.get("customers").asLong()).isEqualTo(2);
    }

    @Test
    void eachInvocationEndsOnTheServerlessDataSource() throws Exception {
        ServerlessMySqlDataSource dataSource = placeOrder.context().getBean(ServerlessMySqlDataSource.class);
        long endedBefore = dataSource.stats().invocationsEnded();

        placeOrder.invoke("""
                {"idempotencyKey": "end-1", "customer": "gina", "item": "tea", "quantity": 1, "unitPrice": 1.00}""");
        placeOrder.invoke("""
                {"idempotencyKey": "end-1", "customer": "gina", "item": "tea", "quantity": 1, "unitPrice": 1.00}""");

        assertThat(dataSource.stats().invocationsEnded() - endedBefore).isEqualTo(2);
        assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
    }

    private static String rows(TestDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            StringBuilder text = new StringBuilder();
            while (rows.next()) {
                text.append(text.isEmpty() ? "" : "\n").append(rows.getString(1));
            }
            return text.toString();
        }
    }
}
