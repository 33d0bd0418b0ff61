package dev.serverlessmysql.lambdasim.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * The sample's {@code orders} table, the same for every container kind: read from the sample's
 * own {@code schema.sql} (the sample module is on this module's class path), so the two cannot
 * drift apart.
 */
public final class Schema {

    public static final String ORDERS = load("schema.sql");

    private Schema() {
    }

    /** A database and user of their own ({@code prefix} in the name), with the orders table created. */
    public static TestDatabase ordersDatabase(MySqlTestServer server, String prefix) throws SQLException {
        TestDatabase database = server.createDatabase(prefix);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(ORDERS);
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private static String load(String resource) {
        try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " of samples/orders-function is not on the class path;"
                        + " build that module first (./mvnw -pl lambda-sim -am ...)");
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // One statement: drop the comment lines and the closing semicolon.
            return script.lines().filter(line -> !line.strip().startsWith("--"))
                    .collect(Collectors.joining("\n")).strip().replaceAll(";$", "");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        }
    }
}
