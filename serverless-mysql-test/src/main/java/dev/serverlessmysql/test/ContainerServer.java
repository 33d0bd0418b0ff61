package dev.serverlessmysql.test;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * MySQL 8.4 in a Testcontainers container, used when a Docker engine answers.
 * This class is loaded only after {@link #dockerMayBeAvailable()} said yes, so machines
 * without Docker never touch Testcontainers.
 */
final class ContainerServer implements ServerBackend {

    static final String IMAGE = "mysql:8.4";

    private final MySQLContainer container;

    private ContainerServer(MySQLContainer container) {
        this.container = container;
    }

    /** Cheap check before Testcontainers is loaded: a socket or DOCKER_HOST must exist. */
    static boolean dockerMayBeAvailable() {
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
    }

    /** A started container, or {@code null} when no Docker engine answers. */
    static ContainerServer startIfDockerAnswers() {
        if (!dockerMayBeAvailable() || !DockerClientFactory.instance().isDockerAvailable()) {
            return null;
        }
        MySQLContainer container = new MySQLContainer(IMAGE)
                .withUsername("root")
                .withPassword("test")
                .withCommand("--max-connections=151");
        container.start();
        return new ContainerServer(container);
    }

    @Override
    public String describe() {
        return "Testcontainers " + IMAGE + " on " + hostAndPort();
    }

    @Override
    public String hostAndPort() {
        return container.getHost() + ":" + container.getMappedPort(3306);
    }

    @Override
    public String adminUser() {
        return "root";
    }

    @Override
    public String adminPassword() {
        return container.getPassword();
    }

    @Override
    public void stop() {
        container.stop();
    }
}
