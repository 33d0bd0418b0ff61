package dev.serverlessmysql.autoconfigure.function;

import java.util.function.Function;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.cloud.function.observability.ObservationFunctionAroundWrapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@ExtendWith(OutputCaptureExtension.class)
class ServerlessMySqlFunctionAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                    ServerlessMySqlFunctionAutoConfiguration.class, ContextFunctionCatalogAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                    "spring.datasource.username=orders")
            .withBean("upper", Function.class, () -> (Function<String, String>) String::toUpperCase)
            .withBean("fail", Function.class, () -> (Function<String, String>) (input) -> {
                throw new IllegalStateException("function failed: " + input);
            });

    private final ApplicationContextRunner withObservation = runner.withConfiguration(AutoConfigurations.of(
            ObservationAutoConfiguration.class,
            org.springframework.cloud.function.observability.ObservationAutoConfiguration.class));

    @Test
    void theOneFunctionAroundWrapperEndsInvocations() {
        runner.run((context) -> {
            assertThat(context).hasSingleBean(FunctionAroundWrapper.class);
            assertThat(context.getBean(FunctionAroundWrapper.class))
                    .isInstanceOfSatisfying(EndInvocationFunctionAroundWrapper.class,
                            (wrapper) -> assertThat(wrapper.getDelegate()).isNull());
        });
    }

    @Test
    void withObservationOursIsTheOnlyWrapperAndRunsTheObservationWrapperInside() {
        withObservation.run((context) -> {
            assertThat(context).hasSingleBean(FunctionAroundWrapper.class);
            assertThat(context.getBean(FunctionAroundWrapper.class))
                    .isInstanceOfSatisfying(EndInvocationFunctionAroundWrapper.class, (wrapper) -> assertThat(
                            wrapper.getDelegate()).isInstanceOf(ObservationFunctionAroundWrapper.class));
        });
    }

    @Test
    void withoutOurAutoConfigurationTheObservationWrapperWouldBeRegistered() {
        // Guards the assumption above: Spring Cloud Function registers its own wrapper here.
        withObservation.withPropertyValues("serverless.mysql.enabled=false")
                .withBean(javax.sql.DataSource.class, org.springframework.jdbc.datasource.SimpleDriverDataSource::new)
                .run((context) -> assertThat(context.getBean(FunctionAroundWrapper.class))
                        .isInstanceOf(ObservationFunctionAroundWrapper.class));
    }

    @Test
    void applicationWrapperMakesOursBackOffWithAWarning(CapturedOutput output) {
        runner.withBean("myWrapper", FunctionAroundWrapper.class, () -> new FunctionAroundWrapper() {
            @Override
            protected Object doApply(Object input, FunctionInvocationWrapper targetFunction) {
                return targetFunction.apply(input);
            }
        }).run((context) -> {
            assertThat(context).hasNotFailed().hasSingleBean(FunctionAroundWrapper.class);
            assertThat(context).doesNotHaveBean(EndInvocationFunctionAroundWrapper.class);
            assertThat(output).contains("WARN").contains("The application defines its own FunctionAroundWrapper")
                    .contains("EndInvocationFunctionAroundWrapper");
        });
    }

    @Test
    void noWrapperWithoutSpringCloudFunction() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ServerlessMySqlAutoConfiguration.class,
                        ServerlessMySqlFunctionAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/orders",
                        "spring.datasource.username=orders")
                .withClassLoader(new FilteredClassLoader(FunctionAroundWrapper.class))
                .run((context) -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean("serverlessMySqlFunctionAroundWrapper"));
    }

    @Test
    void everyInvocationEndsOnceWhetherTheFunctionReturnsOrThrows() {
        withObservation.run((context) -> {
            ServerlessMySqlDataSource dataSource = context.getBean(ServerlessMySqlDataSource.class);
            FunctionCatalog catalog = context.getBean(FunctionCatalog.class);
            FunctionInvocationWrapper upper = catalog.lookup("upper");
            FunctionInvocationWrapper fail = catalog.lookup("fail");

            Object result = upper.apply(MessageBuilder.withPayload("a").build());
            assertThat(result).isNotNull();
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(1);

            assertThatIllegalStateException().isThrownBy(() -> fail.apply(MessageBuilder.withPayload("b").build()))
                    .withMessageContaining("function failed: b");
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(2);

            upper.apply(MessageBuilder.withPayload("c").build());
            assertThat(dataSource.stats().invocationsEnded()).isEqualTo(3);
        });
    }

    @Test
    void eachOfSeveralServerlessDataSourcesEndsEveryInvocation() {
        withObservation.withUserConfiguration(TwoUsers.class).run((context) -> {
            assertThat(context).doesNotHaveBean("dataSource");
            ServerlessMySqlDataSource writer = context.getBean("writer", ServerlessMySqlDataSource.class);
            ServerlessMySqlDataSource reader = context.getBean("reader", ServerlessMySqlDataSource.class);
            assertThat(context.getBean(EndInvocationFunctionAroundWrapper.class).getDataSources())
                    .containsExactlyInAnyOrder(writer, reader);
            FunctionCatalog catalog = context.getBean(FunctionCatalog.class);
            FunctionInvocationWrapper upper = catalog.lookup("upper");
            FunctionInvocationWrapper fail = catalog.lookup("fail");

            upper.apply(MessageBuilder.withPayload("a").build());
            assertThat(writer.stats().invocationsEnded()).isEqualTo(1);
            assertThat(reader.stats().invocationsEnded()).isEqualTo(1);

            assertThatIllegalStateException().isThrownBy(() -> fail.apply(MessageBuilder.withPayload("b").build()));
            assertThat(writer.stats().invocationsEnded()).isEqualTo(2);
            assertThat(reader.stats().invocationsEnded()).isEqualTo(2);
        });
    }

    /** One database, two users, as an application defines them with the builder. */
    @Configuration(proxyBeanMethods = false)
    static class TwoUsers {

        @Bean(destroyMethod = "close")
        @Primary
        ServerlessMySqlDataSource writer() {
            return ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example:3306/orders")
                    .username("orders_rw").registerCheckpointHook(false).build();
        }

        @Bean(destroyMethod = "close")
        ServerlessMySqlDataSource reader() {
            return ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://db.example:3306/orders")
                    .username("orders_ro").registerCheckpointHook(false).build();
        }
    }
}
