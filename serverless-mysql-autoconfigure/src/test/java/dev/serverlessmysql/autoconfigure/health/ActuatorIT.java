package dev.serverlessmysql.autoconfigure.health;

import java.util.List;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Health and meters of the serverless DataSource, read without touching the server. */
@SpringBootTest(properties = { "management.endpoint.health.show-details=always",
        "management.endpoint.health.show-components=always" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActuatorIT {

    private static final TestDatabase db = MySqlTestServer.get().createDatabase("actuator");

    @DynamicPropertySource
    static void datasource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Autowired
    private HealthEndpoint health;

    @Autowired
    private ServerlessMySqlDataSource dataSource;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private JdbcClient jdbc;

    /** First, so that no other test has used the DataSource yet. */
    @Test
    @Order(1)
    void healthShowsTheComponentWithoutOpeningAConnection() {
        for (int i = 0; i < 3; i++) {
            CompositeHealthDescriptor overall = (CompositeHealthDescriptor) health.health();
            assertThat(overall.getComponents()).containsKey("serverlessMySql").doesNotContainKey("db");
            IndicatedHealthDescriptor component = (IndicatedHealthDescriptor) overall.getComponents()
                    .get("serverlessMySql");
            assertThat(component.getStatus()).isEqualTo(Status.UP);
            assertThat(component.getDetails()).containsEntry("connectionsOpened", 0L);
        }
        // This test's own user: the server-wide count also moves with other tests' connections going away.
        assertThat(db.threads()).isEmpty();
        assertThat(dataSource.stats().connectionsOpened()).isZero();
        assertThat(dataSource.stats().leases()).isZero();
    }

    @Test
    void healthReportsTheOpenConnectionAndNeverThePassword() {
        jdbc.sql("SELECT 1").query(Integer.class).single();
        IndicatedHealthDescriptor component = (IndicatedHealthDescriptor) health.healthForPath("serverlessMySql");
        assertThat(component.getDetails()).containsEntry("connection", "open")
                .containsEntry("server", db.server().hostAndPort());
        assertThat(component.getDetails().toString()).doesNotContain(db.password());
    }

    @Test
    void metersExistWithTheDocumentedNamesAndFollowTheCounters() {
        List<String> names = List.of("serverless.mysql.connections.opened", "serverless.mysql.connect.retries",
                "serverless.mysql.connect.failures", "serverless.mysql.leases", "serverless.mysql.lease.timeouts",
                "serverless.mysql.connections.nested", "serverless.mysql.thaws", "serverless.mysql.thaw.failures",
                "serverless.mysql.connections.broken", "serverless.mysql.invocations.ended",
                "serverless.mysql.housekeeping.statements", "serverless.mysql.housekeeping.failures",
                "serverless.mysql.zombies.killed", "serverless.mysql.kills.failed",
                "serverless.mysql.released.under.pressure");
        names.forEach((name) -> assertThat(meters.find(name).functionCounter()).as(name).isNotNull());
        assertThat(meters.find("serverless.mysql.utilization").gauge()).isNotNull();
        assertThat(meters.find("serverless.mysql.connected").gauge()).isNotNull();

        long leasesBefore = dataSource.stats().leases();
        jdbc.sql("SELECT 1").query(Integer.class).single();
        dataSource.endInvocation();
        assertThat(meters.get("serverless.mysql.leases").functionCounter().count()).isEqualTo(leasesBefore + 1);
        assertThat(meters.get("serverless.mysql.connections.opened").functionCounter().count()).isEqualTo(1);
        assertThat(meters.get("serverless.mysql.invocations.ended").functionCounter().count())
                .isEqualTo(dataSource.stats().invocationsEnded());
        assertThat(meters.get("serverless.mysql.connected").gauge().value()).isEqualTo(1);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
