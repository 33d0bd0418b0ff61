package dev.serverlessmysql.samples.orders;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Local HTTP run only: a body that is not JSON fails in Spring Cloud Function before any
 * function runs; answer it as a rejected order (400) instead of a bare 500. On Lambda this cannot
 * happen: an invocation's payload must be JSON.
 */
@RestControllerAdvice
class LocalHttpErrors {

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<OrderResponse> notJson(IllegalStateException e) {
        if (e.getMessage() == null || !e.getMessage().startsWith("Failed to convert JSON")) {
            throw e;
        }
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(OrderResponse.rejected(List.of("the request body must be a JSON object")));
    }
}
