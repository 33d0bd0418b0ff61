package dev.serverlessmysql.samples.recipes.sqlinit;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** spring.sql.init on the serverless DataSource. */
@SpringBootApplication(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
public class SqlInitApplication {
}
