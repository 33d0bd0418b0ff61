package dev.serverlessmysql.autoconfigure.startup;

import java.util.Locale;

import javax.sql.DataSource;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlDataSources;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.core.dialect.JdbcMariaDbDialect;
import org.springframework.data.jdbc.core.dialect.JdbcMySqlDialect;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.LetterCasing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.Quoting;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Spares the application connections at start-up that only ask the server what the serverless
 * DataSource already knows. On Lambda such a connection is made in every cold start's init (or
 * fails it, while the database is down) and is then held through the first invocation.
 *
 * <ul>
 * <li>Spring Data JDBC resolves its dialect from the connection's metadata, even with
 * {@code spring.data.jdbc.dialect=mysql}: here the dialect comes from the URL's scheme
 * ({@code jdbc:mysql:} or {@code jdbc:mariadb:}), with the identifier handling the resolver
 * gives a MySQL server (backtick quoting, names as written).</li>
 * <li>Spring Boot asks the DataSource whether it is an embedded database, by connecting, to choose
 * the default of {@code spring.jpa.hibernate.ddl-auto} and to decide whether
 * {@code spring.sql.init.mode=embedded} (its default) runs the scripts. A MySQL DataSource never
 * is one, so the answer is given without asking: {@code none}, and no scripts, exactly what Boot
 * would decide after connecting.</li>
 * <li>Spring Boot's jOOQ support looks the dialect up from the DataSource, by connecting, unless
 * {@code spring.jooq.sql-dialect} is set: here the dialect comes from the URL's scheme
 * ({@code MYSQL} or {@code MARIADB}).</li>
 * </ul>
 * Only when the serverless DataSource is the application's DataSource, and never over a value the
 * user set.
 */
@AutoConfiguration(after = ServerlessMySqlAutoConfiguration.class, beforeName = {
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.sql.autoconfigure.init.SqlInitializationAutoConfiguration",
        "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration" })
@ConditionalOnClass(ServerlessMySqlDataSource.class)
public final class ServerlessMySqlStartupAutoConfiguration {

    /**
     * Answers the embedded-database question for Hibernate's ddl-auto and spring.sql.init, and
     * jOOQ's dialect question.
     */
    @Bean
    static BeanPostProcessor serverlessMySqlNotEmbedded(ListableBeanFactory beanFactory, Environment environment) {
        return new NotEmbeddedDatabase(beanFactory, environment);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(value = JdbcDialect.class,
            name = "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration")
    @ConditionalOnBean(ServerlessMySqlDataSource.class)
    static class DataJdbcDialectConfiguration {

        /** What Spring Data's DialectResolver answers for a MySQL or MariaDB server, without connecting. */
        @Bean
        @ConditionalOnMissingBean(JdbcDialect.class)
        @Conditional(DialectUnsetOrMySql.class)
        JdbcDialect jdbcDialect(DataSource bean, Environment environment) {
            // The bean may be a proxy (connection-fetch=lazy): the URL is the serverless DataSource's.
            ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSources.unwrap(bean);
            IdentifierProcessing identifiers = IdentifierProcessing.create(new Quoting("`"), LetterCasing.AS_IS);
            String chosen = environment.getProperty("spring.data.jdbc.dialect", "");
            boolean mariaDb = chosen.isEmpty() ? isMariaDb(dataSource)
                    : chosen.toLowerCase(Locale.ROOT).startsWith("maria");
            return mariaDb ? new JdbcMariaDbDialect(identifiers) : new JdbcMySqlDialect(identifiers);
        }
    }

    static boolean isMariaDb(ServerlessMySqlDataSource dataSource) {
        return dataSource.config().jdbcUrl().startsWith("jdbc:mariadb:");
    }

    /** spring.data.jdbc.dialect unset, mysql or maria: another value is the user's to resolve. */
    static class DialectUnsetOrMySql extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String dialect = context.getEnvironment().getProperty("spring.data.jdbc.dialect", "")
                    .toLowerCase(Locale.ROOT);
            return (dialect.isEmpty() || dialect.equals("mysql") || dialect.equals("maria"))
                    ? ConditionOutcome.match("spring.data.jdbc.dialect is '" + dialect + "'")
                    : ConditionOutcome.noMatch("spring.data.jdbc.dialect is " + dialect);
        }
    }

    /**
     * Sets what Boot would otherwise find out by connecting, on the properties objects it reads,
     * when the user left them at their defaults.
     */
    static final class NotEmbeddedDatabase implements BeanPostProcessor {

        private static final String HIBERNATE_PROPERTIES = "org.springframework.boot.hibernate.autoconfigure.HibernateProperties";
        private static final String JOOQ_PROPERTIES = "org.springframework.boot.jooq.autoconfigure.JooqProperties";

        private final ListableBeanFactory beanFactory;
        private final Environment environment;

        NotEmbeddedDatabase(ListableBeanFactory beanFactory, Environment environment) {
            this.beanFactory = beanFactory;
            this.environment = environment;
        }

        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
            if (bean instanceof SqlInitializationProperties sqlInit && sqlInit.getMode() == DatabaseInitializationMode.EMBEDDED
                    && serverlessDataSourceInUse()) {
                sqlInit.setMode(DatabaseInitializationMode.NEVER);
            } else if (bean.getClass().getName().equals(HIBERNATE_PROPERTIES) && serverlessDataSourceInUse()
                    && !userChoosesSchemaGeneration()) {
                BeanWrapperImpl hibernate = new BeanWrapperImpl(bean);
                if (hibernate.getPropertyValue("ddlAuto") == null) {
                    hibernate.setPropertyValue("ddlAuto", "none");
                }
            } else if (bean.getClass().getName().equals(JOOQ_PROPERTIES)) {
                supplyJooqDialect(new BeanWrapperImpl(bean));
            }
            return bean;
        }

        /** jOOQ's SQLDialect, by name, so that this class needs no jOOQ on its class path. */
        private void supplyJooqDialect(BeanWrapperImpl jooq) {
            if (jooq.getPropertyValue("sqlDialect") != null) {
                return;
            }
            ServerlessMySqlDataSource dataSource = serverlessDataSource();
            if (dataSource != null) {
                jooq.setPropertyValue("sqlDialect", isMariaDb(dataSource) ? "MARIADB" : "MYSQL");
            }
        }

        private boolean userChoosesSchemaGeneration() {
            return environment.containsProperty("spring.jpa.properties.hibernate.hbm2ddl.auto")
                    || environment.containsProperty("spring.jpa.properties.jakarta.persistence.schema-generation.database.action");
        }

        /** Only our DataSource: a test's embedded one (@AutoConfigureTestDatabase) keeps Boot's defaults. */
        private boolean serverlessDataSourceInUse() {
            return serverlessDataSource() != null;
        }

        /**
         * The serverless DataSource when it is the application's only DataSource, also behind a
         * proxy ({@code connection-fetch=lazy}); else {@code null}. Builds the bean if needed (it
         * does not connect).
         */
        private ServerlessMySqlDataSource serverlessDataSource() {
            String[] dataSources = beanFactory.getBeanNamesForType(DataSource.class, true, false);
            if (dataSources.length != 1) {
                return null;
            }
            String name = dataSources[0];
            // Other DataSources are not built early just to be asked.
            if (!beanFactory.isTypeMatch(name, ServerlessMySqlDataSource.class)
                    && !beanFactory.isTypeMatch(name, DelegatingDataSource.class)) {
                return null;
            }
            return ServerlessMySqlDataSources.unwrap(beanFactory.getBean(name, DataSource.class));
        }
    }
}
