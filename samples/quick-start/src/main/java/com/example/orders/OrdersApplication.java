package com.example.orders;

import java.util.function.Function;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

    @Bean
    Function<String, Long> orderCount(JdbcClient jdbc) {
        return (customer) -> jdbc.sql("SELECT COUNT(*) FROM orders WHERE customer = ?")
                .param(customer)
                .query(Long.class)
                .single();
    }
}
