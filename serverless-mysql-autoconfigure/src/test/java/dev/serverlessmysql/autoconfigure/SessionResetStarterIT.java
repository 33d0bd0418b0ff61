package dev.serverlessmysql.autoconfigure;

import java.sql.Connection;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the starter, as a function's service code would leave it: a transaction that took a
 * table lock and a named lock, set a user variable, made the session read-only and changed
 * {@code sql_mode} leaves none of it to the next call, nor to other clients of the table, and the
 * connection is kept (reset in place).
 */
@SpringBootTest(properties = { "spring.sql.init.mode=always",
        "spring.sql.init.schema-locations=classpath:sql/orders-schema.sql",
        "spring.datasource.url=${test.url}&sessionVariables=net_write_timeout=55" })
class SessionResetStarterIT {

    private static final TestDatabase db = MySqlTestServer.get().createDatabase("reset");

    @org.springframework.test.context.DynamicPropertySource
    static void datasource(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("test.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Autowired
    private ServerlessMySqlDataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void locksAndSessionStateLeftByOneCallDoNotReachTheNext() throws Exception {
        String sqlMode = jdbc.sql("SELECT @@sql_mode").query(String.class).single();
        long waitTimeout = jdbc.sql("SELECT @@wait_timeout").query(Long.class).single();
        long id = jdbc.sql("SELECT CONNECTION_ID()").query(Long.class).single();

        transactions.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO orders (id, item) VALUES (1, 'kept')").update();
            jdbc.sql("LOCK TABLES orders WRITE").update();
            assertThat(jdbc.sql("SELECT GET_LOCK('job', 0)").query(Long.class).single()).isEqualTo(1);
            jdbc.sql("SET @tenant = 'acme'").update();
            jdbc.sql("SET sql_mode = ''").update();
            jdbc.sql("SET SESSION TRANSACTION READ ONLY").update();
        });

        try (Connection other = db.connect()) {
            TestDatabase.execute(other, "SET SESSION lock_wait_timeout = 5");
            TestDatabase.execute(other, "INSERT INTO orders (id, item) VALUES (2, 'from elsewhere')");
            assertThat(TestDatabase.queryLong(other, "SELECT GET_LOCK('job', 0)")).isEqualTo(1);
            TestDatabase.execute(other, "DO RELEASE_LOCK('job')");
        }
        jdbc.sql("INSERT INTO orders (id, item) VALUES (3, 'next call')").update();
        assertThat(jdbc.sql("SELECT IFNULL(@tenant, 'no tenant')").query(String.class).single()).isEqualTo("no tenant");
        assertThat(jdbc.sql("SELECT @@sql_mode").query(String.class).single()).isEqualTo(sqlMode);
        assertThat(jdbc.sql("SELECT @@wait_timeout").query(Long.class).single()).isEqualTo(waitTimeout);
        assertThat(jdbc.sql("SELECT @@net_write_timeout").query(Long.class).single()).isEqualTo(55);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM orders").query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT CONNECTION_ID()").query(Long.class).single()).isEqualTo(id);
        assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
