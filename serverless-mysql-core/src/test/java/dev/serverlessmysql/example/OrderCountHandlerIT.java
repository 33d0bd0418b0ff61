package dev.serverlessmysql.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/** The "Using it without Spring" example (docs/plain-java.md), run as written against a real server. */
@MySqlTest
class OrderCountHandlerIT {

    @Test
    void theHandlerCountsOrdersAndEndsEveryInvocationOnOneConnection(TestDatabase db) throws Exception {
        try (Connection setup = db.connect(); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(20))");
            statement.execute("INSERT INTO orders VALUES (1, 'ada'), (2, 'ada'), (3, 'bob')");
        }
        try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                .jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password()).build()) {
            OrderCountHandler handler = new OrderCountHandler(dataSource);

            assertThat(handler.handleRequest(Map.of("customer", "ada"), null)).isEqualTo(2);
            assertThat(handler.handleRequest(Map.of("customer", "bob"), null)).isEqualTo(1);

            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(2);
            assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void theReadmeShowsThisHandlerAsItIs() throws IOException {
        String readme = Files.readString(Path.of("..", "docs", "plain-java.md"));
        String source = Files.readString(Path.of("src/test/java/dev/serverlessmysql/example/OrderCountHandler.java"));
        String body = source.substring(source.indexOf("import java.sql.Connection;"));

        assertThat(readme).contains(body.strip());
    }
}
