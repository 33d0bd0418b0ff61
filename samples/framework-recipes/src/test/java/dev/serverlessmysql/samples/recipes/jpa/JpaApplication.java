package dev.serverlessmysql.samples.recipes.jpa;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** JPA/Hibernate on the serverless DataSource; the recipe's two properties are in the test. */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration",
        "org.mybatis.spring.boot.autoconfigure.MybatisAutoConfiguration",
        "org.mybatis.spring.boot.autoconfigure.MybatisLanguageDriverAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
public class JpaApplication {
}
