package dev.serverlessmysql.lambdasim.workload;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;

/**
 * A small Java custom runtime that runs the sample's {@code placeOrder} statements (in one
 * transaction: insert with an idempotency key, read the row back) on plain JDBC, through the
 * serverless DataSource or HikariCP. It starts in a fraction of the Spring app's time, so tests
 * can run fleets larger than {@code max_connections} quickly; the benchmark runs the Spring app.
 *
 * <p>Environment: {@code AWS_LAMBDA_RUNTIME_API}, {@code SPRING_DATASOURCE_URL},
 * {@code SPRING_DATASOURCE_USERNAME}, {@code SPRING_DATASOURCE_PASSWORD}, and
 * {@code LAMBDA_SIM_DATASOURCE}: {@code serverless}, {@code hikari-default} (Boot's defaults:
 * pool of 10, kept full) or {@code hikari-lambda} (pool of 1, no idle minimum).
 */
public final class PlaceOrderRuntime {

    /** The Runtime API's path prefix: a runtime knows only the address it is given, not the emulator. */
    private static final String RUNTIME_API_PREFIX = "/2018-06-01/runtime";

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"?([^\",}]*)\"?");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String api;
    private final DataSource dataSource;

    private PlaceOrderRuntime(String api, DataSource dataSource) {
        this.api = "http://" + api + RUNTIME_API_PREFIX;
        this.dataSource = dataSource;
    }

    public static void main(String[] args) throws Exception {
        PlaceOrderRuntime runtime = new PlaceOrderRuntime(System.getenv("AWS_LAMBDA_RUNTIME_API"), null);
        DataSource dataSource;
        try {
            dataSource = dataSource(System.getenv().getOrDefault("LAMBDA_SIM_DATASOURCE", "serverless"));
            createSchema(dataSource);
        } catch (Exception e) {
            runtime.post("/init/error", errorJson(e));
            System.exit(1);
            return;
        }
        new PlaceOrderRuntime(System.getenv("AWS_LAMBDA_RUNTIME_API"), dataSource).loop();
    }

    static DataSource dataSource(String mode) {
        String url = System.getenv("SPRING_DATASOURCE_URL");
        String user = System.getenv("SPRING_DATASOURCE_USERNAME");
        String password = System.getenv("SPRING_DATASOURCE_PASSWORD");
        if (mode.equals("serverless")) {
            return ServerlessMySqlDataSource.builder().jdbcUrl(url).username(user).password(password).build();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        if (mode.equals("hikari-lambda")) {
            config.setMaximumPoolSize(1);
            config.setMinimumIdle(0);
        }
        return new HikariDataSource(config);
    }

    /** What the sample's {@code spring.sql.init} does at start-up. */
    private static void createSchema(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(Schema.ORDERS);
        }
        if (dataSource instanceof ServerlessMySqlDataSource serverless) {
            serverless.endInvocation();
        }
    }

    private void loop() throws Exception {
        while (true) {
            HttpResponse<String> event = http.send(HttpRequest.newBuilder(URI.create(api + "/invocation/next")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String requestId = event.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
            String path = "/invocation/" + requestId;
            try {
                post(path + "/response", placeOrder(event.body()));
            } catch (Exception e) {
                post(path + "/error", errorJson(e));
            } finally {
                if (dataSource instanceof ServerlessMySqlDataSource serverless) {
                    serverless.endInvocation();
                }
            }
        }
    }

    private String placeOrder(String json) throws SQLException {
        String key = field(json, "idempotencyKey");
        int quantity = Integer.parseInt(field(json, "quantity"));
        BigDecimal unitPrice = new BigDecimal(field(json, "unitPrice"));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long id;
                String status = "placed";
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO orders (idempotency_key, customer, item, quantity, unit_price, total)"
                                + " VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    insert.setString(1, key);
                    insert.setString(2, field(json, "customer"));
                    insert.setString(3, field(json, "item"));
                    insert.setInt(4, quantity);
                    insert.setBigDecimal(5, unitPrice);
                    insert.setBigDecimal(6, unitPrice.multiply(BigDecimal.valueOf(quantity)));
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                } catch (SQLIntegrityConstraintViolationException duplicate) {
                    status = "replayed";
                    id = -1;
                }
                String select = id > 0 ? "SELECT id, total FROM orders WHERE id = ?"
                        : "SELECT id, total FROM orders WHERE idempotency_key = ? LOCK IN SHARE MODE";
                try (PreparedStatement read = connection.prepareStatement(select)) {
                    if (id > 0) {
                        read.setLong(1, id);
                    } else {
                        read.setString(1, key);
                    }
                    try (ResultSet rows = read.executeQuery()) {
                        rows.next();
                        id = rows.getLong(1);
                        String answer = "{\"status\":\"" + status + "\",\"order\":{\"id\":" + id + ",\"total\":"
                                + rows.getBigDecimal(2) + "}}";
                        connection.commit();
                        return answer;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static String field(String json, String name) {
        Matcher matcher = FIELD.matcher(json);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2).trim();
            }
        }
        throw new IllegalArgumentException("missing field " + name);
    }

    private static String errorJson(Throwable error) {
        StringBuilder message = new StringBuilder();
        for (Throwable cause = error; cause != null && message.length() < 2000; cause = cause.getCause()) {
            message.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
            if (cause instanceof SQLException sql) {
                message.append(" [SQLState ").append(sql.getSQLState()).append(", code ").append(sql.getErrorCode()).append(']');
            }
            message.append("; ");
        }
        String text = message.toString().replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n\\t]", " ");
        return "{\"errorType\":\"" + error.getClass().getName() + "\",\"errorMessage\":\"" + text + "\"}";
    }

    private void post(String path, String body) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(api + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding());
    }
}
