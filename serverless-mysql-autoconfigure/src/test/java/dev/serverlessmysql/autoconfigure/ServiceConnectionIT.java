package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mysql.MySQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A Testcontainers {@code @ServiceConnection} feeds the serverless DataSource; skipped without Docker. */
@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
class ServiceConnectionIT {

    @Container
    @ServiceConnection
    static final MySQLContainer mysql = new MySQLContainer("mysql:8.4");

    @Autowired
    private ServerlessMySqlDataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void connectionDetailsFromTheContainerAreUsed() {
        assertThat(dataSource.config().jdbcUrl()).isEqualTo(mysql.getJdbcUrl());
        assertThat(dataSource.config().username()).isEqualTo(mysql.getUsername());
        assertThat(jdbc.sql("SELECT 1").query(Integer.class).single()).isEqualTo(1);
        assertThat(dataSource.stats().connectionsOpened()).isEqualTo(1);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
