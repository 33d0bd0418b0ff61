package dev.serverlessmysql.samples.recipes.sqlinit;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** spring.sql.init on the serverless DataSource. */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration",
        "org.mybatis.spring.boot.autoconfigure.MybatisAutoConfiguration",
        "org.mybatis.spring.boot.autoconfigure.MybatisLanguageDriverAutoConfiguration",
 "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
public class SqlInitApplication {
}
