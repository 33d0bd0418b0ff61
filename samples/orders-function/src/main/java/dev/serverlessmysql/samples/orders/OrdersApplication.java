package dev.serverlessmysql.samples.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The function app. On Lambda, {@code FunctionInvoker} starts this class (the jar's
 * {@code Main-Class}); as a custom runtime, {@code java -jar} runs {@link #main} and the AWS
 * adapter's event loop takes over when {@code _HANDLER} names a function.
 */
@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
