package dev.serverlessmysql.samples.orders;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many containers retry one order at the same moment, each with its own connection: the unique
 * key lets exactly one INSERT through and every other request answers that same order.
 */
@MySqlTest
class ConcurrentPlaceOrderIT {

    private static final int CONTAINERS = 6;
    private static final int ROUNDS = 5;

    private final List<ServerlessMySqlDataSource> dataSources = new ArrayList<>();
    private final List<OrderService> containers = new ArrayList<>();

    @BeforeEach
    void startContainers(TestDatabase db) {
        for (int i = 0; i < CONTAINERS; i++) {
            ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                    .jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password()).build();
            dataSources.add(dataSource);
            if (i == 0) {
                new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).execute(dataSource);
            }
            // The service with its @Transactional methods applied, as the Spring context does it.
            ProxyFactory proxy = new ProxyFactory(new OrderService(new OrderRepository(JdbcClient.create(dataSource))));
            proxy.setProxyTargetClass(true);
            proxy.addAdvice(new TransactionInterceptor(new DataSourceTransactionManager(dataSource),
                    new AnnotationTransactionAttributeSource()));
            containers.add((OrderService) proxy.getProxy());
        }
    }

    @AfterEach
    void stopContainers() {
        dataSources.forEach(ServerlessMySqlDataSource::close);
    }

    @Test
    void concurrentRetriesOfOneKeyPlaceExactlyOneOrder(TestDatabase db) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CONTAINERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                PlaceOrderRequest request = new PlaceOrderRequest("race-" + round, "ivy", "tea", 2, new BigDecimal("3.00"));
                CyclicBarrier start = new CyclicBarrier(CONTAINERS);
                List<Future<OrderResponse>> answers = new ArrayList<>();
                for (OrderService container : containers) {
                    answers.add(threads.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return container.place(request);
                    }));
                }
                List<OrderResponse> responses = new ArrayList<>();
                for (Future<OrderResponse> answer : answers) {
                    responses.add(answer.get(60, TimeUnit.SECONDS));
                }

                assertThat(responses).extracting(OrderResponse::status)
                        .containsOnly(OrderResponse.PLACED, OrderResponse.REPLAYED)
                        .filteredOn(OrderResponse.PLACED::equals).hasSize(1);
                assertThat(responses).extracting(OrderResponse::order).doesNotContainNull()
                        .containsOnly(responses.get(0).order());
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(count(db, "SELECT COUNT(*) FROM orders")).isEqualTo(ROUNDS);
        assertThat(count(db, "SELECT COUNT(DISTINCT idempotency_key) FROM orders")).isEqualTo(ROUNDS);
    }

    private static int count(TestDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
