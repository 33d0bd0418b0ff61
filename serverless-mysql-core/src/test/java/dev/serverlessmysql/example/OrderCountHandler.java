package dev.serverlessmysql.example;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import dev.serverlessmysql.ServerlessMySqlDataSource;

public class OrderCountHandler implements RequestHandler<Map<String, String>, Long> {

    private final ServerlessMySqlDataSource dataSource;

    /** Lambda creates one handler per container, so this runs once per container. */
    public OrderCountHandler() {
        this(ServerlessMySqlDataSource.builder()
                .jdbcUrl(System.getenv("DB_URL"))          // jdbc:mysql://my-db.example:3306/shop
                .username(System.getenv("DB_USER"))
                .password(System.getenv("DB_PASSWORD"))
                .build());                                 // validates settings; does not connect
    }

    OrderCountHandler(ServerlessMySqlDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Long handleRequest(Map<String, String> input, Context context) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM orders WHERE customer = ?")) {
            count.setString(1, input.get("customer"));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count orders: " + e.getMessage(), e);
        } finally {
            dataSource.endInvocation();                    // usage check, zombie reaping; never throws
        }
    }
}
