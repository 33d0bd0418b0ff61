package dev.serverlessmysql.samples.recipes;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts a recipe's application as a Lambda cold start would: no web server, the connection from
 * {@code spring.datasource.*}. The class path holds every recipe's framework, so each recipe turns
 * the others off, as an application that does not use them would not have them.
 */
public final class RecipeSupport {

    /** Short, so that a recipe that does connect at start-up fails its test quickly, not in 30 s. */
    public static final String SHORT_LEASE_TIMEOUT = "serverless.mysql.lease-timeout=2s";

    private RecipeSupport() {
    }

    /** Runs one statement on {@code db} with a connection of the test's own, before a recipe starts. */
    public static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection connection = db.connect()) {
            TestDatabase.execute(connection, sql);
        }
    }

    /** The connection settings of {@code db}, reached through {@code hostAndPort} (a PortSwitch, or the server). */
    public static List<String> connection(TestDatabase db, MySqlTestServer server, String hostAndPort) {
        return List.of("spring.datasource.url=" + db.jdbcUrl().replace(server.hostAndPort(), hostAndPort),
                "spring.datasource.username=" + db.username(), "spring.datasource.password=" + db.password());
    }

    public static ConfigurableApplicationContext start(Class<?> application, List<String> connection, String... properties) {
        List<String> all = new ArrayList<>(connection);
        all.addAll(Arrays.asList(properties));
        // As command-line arguments: they win over any application.yml on the class path.
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .run(all.stream().map((property) -> "--" + property).toArray(String[]::new));
    }

    /** Start-up asked nothing of the server: no connection opened, none attempted. */
    public static void assertNoConnectionAtStartUp(ConfigurableApplicationContext context) {
        ServerlessMySqlDataSource dataSource = context.getBean(ServerlessMySqlDataSource.class);
        assertThat(dataSource.stats().connectionsOpened()).as("connections opened at start-up").isZero();
        assertThat(dataSource.stats().connectRetries()).as("connect attempts retried at start-up").isZero();
        assertThat(dataSource.stats().connectFailures()).as("connects failed at start-up").isZero();
    }
}
