package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlConfig;
import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.diagnostics.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DataSource takes its connection only from {@link JdbcConnectionDetails}, as Boot's pools
 * do: properties-backed when the application has none, else the application's or a
 * {@code @ServiceConnection}'s. No server is needed: nothing connects.
 */
class ServerlessMySqlConnectionDetailsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                    "spring.datasource.username=orders", "spring.datasource.password=s3cret");

    @Test
    void withoutConnectionDetailsOfItsOwnTheApplicationGetsPropertiesBackedOnesAndTheDataSourceUsesThem() {
        runner.run((context) -> {
            assertThat(context).hasSingleBean(JdbcConnectionDetails.class);
            JdbcConnectionDetails details = context.getBean(JdbcConnectionDetails.class);
            assertThat(details).isInstanceOf(DataSourcePropertiesJdbcConnectionDetails.class);
            assertThat(details.getJdbcUrl()).isEqualTo("jdbc:mysql://db.example:3306/orders");
            assertThat(details.getUsername()).isEqualTo("orders");
            assertThat(details.getDriverClassName()).isEqualTo("com.mysql.cj.jdbc.Driver");
            assertThat(details.toString()).doesNotContain("s3cret");
            ServerlessMySqlConfig config = context.getBean(ServerlessMySqlDataSource.class).config();
            assertThat(config.jdbcUrl()).isEqualTo(details.getJdbcUrl());
            assertThat(config.username()).isEqualTo("orders");
            assertThat(config.driverClassName()).isEqualTo("com.mysql.cj.jdbc.Driver");
        });
    }

    @Test
    void serviceConnectionDetailsWinOverPropertiesDriverClassIncluded() {
        // What a @ServiceConnection registers: a JdbcConnectionDetails bean that names the
        // container's URL, credentials and driver class.
        runner.withBean("mysqlContainerConnectionDetails", JdbcConnectionDetails.class,
                () -> new Details("jdbc:mysql://localhost:32771/test", "test", "com.mysql.cj.jdbc.Driver"))
                .run((context) -> {
                    assertThat(context).doesNotHaveBean(DataSourcePropertiesJdbcConnectionDetails.class);
                    ServerlessMySqlConfig config = context.getBean(ServerlessMySqlDataSource.class).config();
                    assertThat(config.jdbcUrl()).isEqualTo("jdbc:mysql://localhost:32771/test");
                    assertThat(config.username()).isEqualTo("test");
                    assertThat(config.driverClassName()).isEqualTo("com.mysql.cj.jdbc.Driver");
                });
    }

    @Test
    void customConnectionDetailsBeanWithoutADriverClassGetsTheOneForItsUrl() {
        // Only the three required methods, as an application's own bean usually has.
        runner.withBean(JdbcConnectionDetails.class, () -> new JdbcConnectionDetails() {
            @Override
            public String getJdbcUrl() {
                return "jdbc:mysql://vault-db:3306/app";
            }

            @Override
            public String getUsername() {
                return "rotated";
            }

            @Override
            public String getPassword() {
                return "from-vault";
            }
        }).run((context) -> {
            ServerlessMySqlConfig config = context.getBean(ServerlessMySqlDataSource.class).config();
            assertThat(config.jdbcUrl()).isEqualTo("jdbc:mysql://vault-db:3306/app");
            assertThat(config.username()).isEqualTo("rotated");
            assertThat(config.driverClassName()).isEqualTo("com.mysql.cj.jdbc.Driver");
        });
    }

    @Test
    void driverClassNamePropertyIsHonoured() {
        runner.withPropertyValues("spring.datasource.driver-class-name=com.mysql.cj.jdbc.NonRegisteringDriver")
                .run((context) -> assertThat(context.getBean(ServerlessMySqlDataSource.class).config().driverClassName())
                        .isEqualTo("com.mysql.cj.jdbc.NonRegisteringDriver"));
    }

    @Test
    void driverClassThatDoesNotExistFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("spring.datasource.driver-class-name=com.example.NoSuchDriver")
                .run((context) -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidPropertyException.class)
                        .hasMessageContaining("spring.datasource.driver-class-name")
                        .hasMessageContaining("com.example.NoSuchDriver").hasMessageContaining("could not be loaded"));
    }

    @Test
    void driverClassThatIsNotADriverFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("spring.datasource.driver-class-name=java.lang.Object")
                .run((context) -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidPropertyException.class)
                        .hasMessageContaining("spring.datasource.driver-class-name")
                        .hasMessageContaining("implements java.sql.Driver"));
    }

    @Test
    void driverThatRejectsTheUrlFailsStartUpNamingThePropertyAndNotThePassword() {
        runner.withPropertyValues("spring.datasource.url=jdbc:mariadb://db.example:3306/orders?password=s3cret",
                "spring.datasource.driver-class-name=com.mysql.cj.jdbc.Driver")
                .run((context) -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidPropertyException.class)
                        .hasMessageContaining("spring.datasource.driver-class-name")
                        .hasMessageContaining("accepts the URL jdbc:mariadb://db.example:3306/orders")
                        .hasMessageNotContaining("s3cret"));
    }

    @Test
    void missingUrlStillFailsNamingSpringDatasourceUrl() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class))
                .withPropertyValues("spring.datasource.username=orders")
                .run((context) -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidPropertyException.class)
                        .hasMessageContaining("spring.datasource.url"));
    }

    static class Details implements JdbcConnectionDetails {

        private final String url;
        private final String username;
        private final String driverClassName;

        Details(String url, String username, String driverClassName) {
            this.url = url;
            this.username = username;
            this.driverClassName = driverClassName;
        }

        @Override
        public String getJdbcUrl() {
            return url;
        }

        @Override
        public String getUsername() {
            return username;
        }

        @Override
        public String getPassword() {
            return "container-password";
        }

        @Override
        public String getDriverClassName() {
            return driverClassName;
        }
    }
}
