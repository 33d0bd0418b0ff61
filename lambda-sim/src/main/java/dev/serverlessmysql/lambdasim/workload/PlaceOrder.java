package dev.serverlessmysql.lambdasim.workload;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;

/**
 * The function every light kind runs, with the statement list the Node kind runs too
 * ({@code src/main/node/runtime.js}): {@code START TRANSACTION}; the {@code INSERT} with the
 * idempotency key; {@code SELECT id, total} of the new row (of the committed one when the key was
 * taken); {@code COMMIT}. Autocommit is never switched, so no {@code SET autocommit} is sent: four
 * statements per order, in both languages. The benchmark checks it from the server's counters
 * ({@link WorkCheck}).
 *
 * <p>Environment: {@code SPRING_DATASOURCE_URL}, {@code SPRING_DATASOURCE_USERNAME},
 * {@code SPRING_DATASOURCE_PASSWORD}, and {@code LAMBDA_SIM_DATASOURCE}: {@code serverless}
 * ({@link ServerlessMySqlDataSource} with its defaults), {@code serverless-noext} (the same without
 * the Lambda extension: {@code lambdaShutdownEnabled(false)}), {@code hikari-default} (pool of 10,
 * kept full), {@code hikari-lambda} (pool of 1, no idle minimum) or {@code hikari-concurrency} (pool
 * of {@code AWS_LAMBDA_MAX_CONCURRENCY}, kept full).
 */
public final class PlaceOrder {

    /** The statements of one order, in the order sent (the replayed branch reads by key). */
    public static final List<String> STATEMENTS = List.of("START TRANSACTION",
            "INSERT INTO orders (idempotency_key, customer, item, quantity, unit_price, total) VALUES (?, ?, ?, ?, ?, ?)",
            "SELECT id, total FROM orders WHERE id = ?", "COMMIT");

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"?([^\",}]*)\"?");

    private final DataSource dataSource;

    public PlaceOrder(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The data source {@code LAMBDA_SIM_DATASOURCE} names, from the environment. */
    public static DataSource dataSource(String mode) {
        String url = System.getenv("SPRING_DATASOURCE_URL");
        String user = System.getenv("SPRING_DATASOURCE_USERNAME");
        String password = System.getenv("SPRING_DATASOURCE_PASSWORD");
        if (usesThisDataSource(mode)) {
            // serverless-noext: without the Lambda extension, so Lambda sends no SIGTERM before it retires the sandbox.
            // SERVERLESS_MYSQL_DEADLINE_RESERVE (as the starter kind reads it through Spring's relaxed
            // binding), when set in the benchmark's environment: 500ms or 1s.
            String reserve = System.getenv("SERVERLESS_MYSQL_DEADLINE_RESERVE");
            return ServerlessMySqlDataSource.builder().jdbcUrl(url).username(user).password(password)
                    .deadlineReserve(reserve == null ? null : reserve.endsWith("ms")
                            ? java.time.Duration.ofMillis(Long.parseLong(reserve.substring(0, reserve.length() - 2)))
                            : java.time.Duration.ofSeconds(Long.parseLong(reserve.substring(0, reserve.length() - 1))))
                    .lambdaShutdownEnabled(!mode.equals("serverless-noext")).build();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        if (mode.equals("hikari-lambda")) {
            config.setMaximumPoolSize(1);
            config.setMinimumIdle(0);
        } else if (mode.equals("hikari-concurrency")) {
            // Lambda Managed Instances: a pool shared by the environment's request threads, one
            // connection per concurrent request; HikariCP's other defaults (minimumIdle = maximum).
            config.setMaximumPoolSize(Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_MAX_CONCURRENCY", "1")));
        }
        return new HikariDataSource(config);
    }

    /** Whether {@code LAMBDA_SIM_DATASOURCE} {@code mode} is this DataSource (with or without its extension). */
    public static boolean usesThisDataSource(String mode) {
        return mode.equals("serverless") || mode.equals("serverless-noext");
    }

    /**
     * At the start of every invocation, as the starter's wrapper does: the serverless data source
     * learns the invocation's deadline, so that no wait of getConnection() outlasts the function's timeout.
     */
    public void beginInvocation(java.time.Instant deadline) {
        if (dataSource instanceof ServerlessMySqlDataSource serverless) {
            serverless.beginInvocation(deadline);
        }
    }

    /** At the end of every invocation, as the starter's wrapper does: the serverless data source's housekeeping. */
    public void endInvocation() {
        if (dataSource instanceof ServerlessMySqlDataSource serverless) {
            serverless.endInvocation();
        }
    }

    /** Places the order of one event and returns the function's answer. */
    public String handle(String json) throws SQLException {
        String key = field(json, "idempotencyKey");
        int quantity = Integer.parseInt(field(json, "quantity"));
        BigDecimal unitPrice = new BigDecimal(field(json, "unitPrice"));
        try (Connection connection = dataSource.getConnection(); Statement control = connection.createStatement()) {
            control.execute(STATEMENTS.get(0));
            try {
                long id;
                String status = "placed";
                try (PreparedStatement insert = connection.prepareStatement(STATEMENTS.get(1),
                        Statement.RETURN_GENERATED_KEYS)) {
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
                String select = id > 0 ? STATEMENTS.get(2)
                        : "SELECT id, total FROM orders WHERE idempotency_key = ? LOCK IN SHARE MODE";
                String answer;
                try (PreparedStatement read = connection.prepareStatement(select)) {
                    if (id > 0) {
                        read.setLong(1, id);
                    } else {
                        read.setString(1, key);
                    }
                    try (ResultSet rows = read.executeQuery()) {
                        rows.next();
                        answer = "{\"status\":\"" + status + "\",\"order\":{\"id\":" + rows.getLong(1) + ",\"total\":"
                                + rows.getBigDecimal(2) + "}}";
                    }
                }
                control.execute(STATEMENTS.get(3));
                return answer;
            } catch (SQLException | RuntimeException e) {
                try {
                    control.execute("ROLLBACK");
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    /** What the sample's {@code spring.sql.init} does at start-up. */
    public void createSchema() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(Schema.ORDERS);
        }
        endInvocation();
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

    /** The cause chain with SQLState and vendor code, one line: what the fleet categorises failures by. */
    /**
     * The answer to a request that failed for now: {@code statusCode} 503 with the error's type and
     * {@link #describe description}, as a Lambda error document names them.
     */
    public static String unavailable(Throwable error) {
        return "{\"statusCode\":503,\"errorType\":\"" + error.getClass().getSimpleName() + "\",\"errorMessage\":\""
                + describe(error).replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    public static String describe(Throwable error) {
        StringBuilder message = new StringBuilder();
        for (Throwable cause = error; cause != null && message.length() < 2000; cause = cause.getCause()) {
            message.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
            if (cause instanceof SQLException sql) {
                message.append(" [SQLState ").append(sql.getSQLState()).append(", code ").append(sql.getErrorCode()).append(']');
            }
            message.append("; ");
        }
        return message.toString().replaceAll("[\\r\\n\\t]", " ");
    }
}
