package dev.serverlessmysql.samples.orders;

import java.math.BigDecimal;
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

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

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
            containers.add(TransactionalOrderService.over(dataSource));
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
        assertThat(db.queryLong("SELECT COUNT(*) FROM orders")).isEqualTo(ROUNDS);
        assertThat(db.queryLong("SELECT COUNT(DISTINCT idempotency_key) FROM orders")).isEqualTo(ROUNDS);
    }

}
