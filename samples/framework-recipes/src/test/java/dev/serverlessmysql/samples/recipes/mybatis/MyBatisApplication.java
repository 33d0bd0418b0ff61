package dev.serverlessmysql.samples.recipes.mybatis;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * MyBatis on the serverless DataSource. Its mappers are found by {@code @Mapper}; it declares no
 * {@code DatabaseIdProvider}, which would connect at start-up to ask the server's product name:
 * mappers that use {@code databaseId} get it from {@code mybatis.configuration.database-id}.
 */
@SpringBootApplication(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration" })
public class MyBatisApplication {
}
