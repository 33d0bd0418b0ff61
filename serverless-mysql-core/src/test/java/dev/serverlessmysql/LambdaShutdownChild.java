package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A Lambda execution environment in a child JVM: builds the DataSource during "init" (with
 * {@code AWS_LAMBDA_RUNTIME_API} in its environment), runs one invocation, prints the connection
 * id and waits to be retired by a signal. Arguments: URL, user, password, lambda-shutdown enabled.
 */
public final class LambdaShutdownChild {

    private LambdaShutdownChild() {
    }

    public static void main(String[] args) throws Exception {
        ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                .jdbcUrl(args[0]).username(args[1]).password(args[2])
                .lambdaShutdownEnabled(Boolean.parseBoolean(args[3]))
                .build();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT CONNECTION_ID()")) {
            row.next();
            System.out.println("CONNECTION " + row.getLong(1));
        } finally {
            dataSource.endInvocation();
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
