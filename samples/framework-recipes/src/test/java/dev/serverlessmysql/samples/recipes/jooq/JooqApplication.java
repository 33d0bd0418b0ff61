package dev.serverlessmysql.samples.recipes.jooq;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** jOOQ on the serverless DataSource: nothing to configure; the starter supplies the dialect. */
@SpringBootApplication(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.mybatis.spring.boot.autoconfigure.MybatisAutoConfiguration",
        "org.mybatis.spring.boot.autoconfigure.MybatisLanguageDriverAutoConfiguration" })
public class JooqApplication {
}
