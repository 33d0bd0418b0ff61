package dev.serverlessmysql.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.serverlessmysql.ReleaseReason;
import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.ServerlessMySqlListener;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured DataSource on {@code spring.datasource.*} against the real test server,
 * with what Boot builds on it: script initialization, JdbcClient and transactions. Last, a
 * checkpoint and restore through Spring's lifecycle.
 */
@SpringBootTest(properties = { "spring.sql.init.mode=always",
        "spring.sql.init.schema-locations=classpath:sql/orders-schema.sql" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpringDatasourcePropertiesIT {

    private static final TestDatabase db = MySqlTestServer.get().createDatabase("properties");

    @org.springframework.test.context.DynamicPropertySource
    static void datasource(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
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

    @Autowired
    private ReleaseRecorder releases;

    @Autowired
    private ConfigurableApplicationContext context;

    @Test
    @Order(1)
    void schemaScriptRanOnTheServerlessDataSource() {
        // The start-up connection got the invocation-end check once the application was ready,
        // without counting as an invocation.
        assertThat(dataSource.stats().housekeepingStatements()).isPositive();
        assertThat(dataSource.stats().invocationsEnded()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM orders").query(Long.class).single()).isZero();
        assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void rolledBackTransactionLeavesNothingAndCommittedOneStays() {
        transactions.executeWithoutResult((status) -> {
            jdbc.sql("INSERT INTO orders (id, item) VALUES (1, 'kept')").update();
        });
        transactions.executeWithoutResult((status) -> {
            jdbc.sql("INSERT INTO orders (id, item) VALUES (2, 'rolled back')").update();
            status.setRollbackOnly();
        });
        assertThat(jdbc.sql("SELECT item FROM orders ORDER BY id").query(String.class).list()).containsExactly("kept");
        assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void checkpointThroughSpringsLifecycleClosesTheConnectionAndRestoreReconnects() {
        jdbc.sql("SELECT 1").query(Integer.class).single();
        assertThat(dataSource.stats().connected()).isTrue();
        long opened = dataSource.stats().connectionsOpened();

        context.stop();
        assertThat(releases.reasons).containsExactly(ReleaseReason.CHECKPOINT);
        assertThat(dataSource.stats().connected()).isFalse();
        // A closed connection's thread lingers in the processlist for a moment.
        db.awaitNoThreads();

        context.start();
        jdbc.sql("SELECT 1").query(Integer.class).single();
        assertThat(dataSource.stats().connectionsOpened()).isEqualTo(opened + 1);
        assertThat(dataSource.config().registerCheckpointHook()).isFalse();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        ReleaseRecorder releaseRecorder() {
            return new ReleaseRecorder();
        }
    }

    static class ReleaseRecorder implements ServerlessMySqlListener {

        final List<ReleaseReason> reasons = new CopyOnWriteArrayList<>();

        @Override
        public void onReleased(ReleaseReason reason) {
            reasons.add(reason);
        }
    }
}
