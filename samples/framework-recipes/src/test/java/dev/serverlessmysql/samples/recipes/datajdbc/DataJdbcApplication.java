package dev.serverlessmysql.samples.recipes.datajdbc;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Spring Data JDBC on the serverless DataSource: nothing to configure. */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration",
        "org.mybatis.spring.boot.autoconfigure.MybatisAutoConfiguration",
        "org.mybatis.spring.boot.autoconfigure.MybatisLanguageDriverAutoConfiguration",
 "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
public class DataJdbcApplication {
}
