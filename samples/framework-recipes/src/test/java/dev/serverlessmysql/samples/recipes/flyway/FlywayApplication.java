package dev.serverlessmysql.samples.recipes.flyway;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Flyway on Boot 4: spring-boot-flyway (Boot's Flyway support) and flyway-mysql on the class path. */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration",
        "org.mybatis.spring.boot.autoconfigure.MybatisAutoConfiguration",
        "org.mybatis.spring.boot.autoconfigure.MybatisLanguageDriverAutoConfiguration",
 "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration" })
public class FlywayApplication {
}
