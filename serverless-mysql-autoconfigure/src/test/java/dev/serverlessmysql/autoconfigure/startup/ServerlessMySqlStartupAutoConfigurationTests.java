package dev.serverlessmysql.autoconfigure.startup;

import javax.sql.DataSource;

import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class ServerlessMySqlStartupAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, ServerlessMySqlStartupAutoConfiguration.class))
            .withUserConfiguration(SqlInitProperties.class)
            .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                    "spring.datasource.username=orders");

    @Test
    void theDefaultEmbeddedModeIsAnsweredWithoutConnectingForTheServerlessDataSource() {
        runner.run((context) -> assertThat(context.getBean(SqlInitializationProperties.class).getMode())
                .isEqualTo(DatabaseInitializationMode.NEVER));
    }

    @Test
    void aModeTheUserChoseStays() {
        runner.withPropertyValues("spring.sql.init.mode=always").run((context) -> assertThat(
                context.getBean(SqlInitializationProperties.class).getMode()).isEqualTo(DatabaseInitializationMode.ALWAYS));
    }

    @Test
    void anotherDataSourceKeepsBootsDefault() {
        // An application's own DataSource, or a test's embedded one, may well be embedded.
        runner.withUserConfiguration(OwnDataSource.class).run((context) -> assertThat(
                context.getBean(SqlInitializationProperties.class).getMode()).isEqualTo(DatabaseInitializationMode.EMBEDDED));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SqlInitializationProperties.class)
    static class SqlInitProperties {
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDataSource {

        @Bean
        DataSource dataSource() {
            return new SimpleDriverDataSource();
        }
    }
}
