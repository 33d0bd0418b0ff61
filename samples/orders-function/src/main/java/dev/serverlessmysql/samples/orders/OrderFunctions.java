package dev.serverlessmysql.samples.orders;

import java.util.function.Function;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The three functions. Their bean names are their names: HTTP paths locally
 * ({@code POST /placeOrder}), {@code SPRING_CLOUD_FUNCTION_DEFINITION} behind {@code FunctionInvoker},
 * {@code _HANDLER} as a custom runtime. Inputs arrive as JSON trees and are bound by
 * {@link RequestReader}, so a value of the wrong type is answered like any other invalid field.
 */
@Configuration(proxyBeanMethods = false)
class OrderFunctions {

    @Bean
    Function<JsonNode, OrderResponse> placeOrder(OrderService service, RequestReader reader) {
        return input -> {
            RequestReader.Read<PlaceOrderRequest> request = reader.read(input, PlaceOrderRequest.class);
            return request.problems().isEmpty() ? service.place(request.value()) : OrderResponse.rejected(request.problems());
        };
    }

    @Bean
    Function<JsonNode, OrderResponse> getOrder(OrderService service, RequestReader reader) {
        return input -> {
            RequestReader.Read<OrderLookup> lookup = reader.read(input, OrderLookup.class);
            return lookup.problems().isEmpty() ? service.find(lookup.value()) : OrderResponse.rejected(lookup.problems());
        };
    }

    @Bean
    Supplier<OrderStats> orderStats(OrderService service) {
        return service::stats;
    }
}
