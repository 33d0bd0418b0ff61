package dev.serverlessmysql.lambdasim.workload;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import com.zaxxer.hikari.HikariDataSource;

import dev.serverlessmysql.lambdasim.service.ContainerKind;
import dev.serverlessmysql.test.TestDatabase;

/**
 * The container kinds compared side by side, each a custom runtime started as its own process:
 *
 * <ul>
 * <li>{@code starter}: the sample app (Spring Cloud Function, AWS adapter's custom runtime) with
 * this starter;</li>
 * <li>{@code hikari-default}: the same jar with {@code serverless.mysql.enabled=false}, so Spring
 * Boot's default HikariCP pool (the HikariCP jar is added to the class path: the Lambda jar
 * leaves it out);</li>
 * <li>{@code hikari-lambda}: the same, with HikariCP tuned for Lambda (pool of 1, no idle
 * minimum);</li>
 * <li>{@code node}: the npm {@code serverless-mysql} module in a small Node custom runtime.</li>
 * </ul>
 *
 * <p>Without the sample's jar, the Java kinds run {@link PlaceOrderRuntime}, a plain-JDBC stand-in
 * with the same statements; its kinds are named {@code plain-...}.
 */
public final class Kinds {

    /** Every kind, in report order: the light ones and Node first (latency), then the Spring ones. */
    public static final List<String> ALL = List.of("light", "light-hikari", "node", "node-cache", "starter",
            "hikari-default", "hikari-lambda", "light-noext", "light-hikari-pool", "starter-noext",
            "light-hikari-ext");

    /** The kinds without a JVM start per container worth minutes on 2 cores: the large fleets' kinds. */
    public static final List<String> LIGHT_AND_NODE = List.of("light", "light-hikari", "node", "node-cache");

    /** The npm module's {@code usedConnsFreq} of the {@code node-cache} kind, in ms. */
    public static final int NODE_USED_CONNS_FREQ_MILLIS = 1000;

    /** JVM flags of Java containers: what Lambda's Java runtimes use for fast starts, on a small heap. */
    public static final List<String> CONTAINER_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xss512k", "-Xmx256m", "-XX:-UsePerfData", "-Xshare:auto");

    private final Path sampleJar;
    private final Path nodeRuntime;
    private final LightRuntime light;

    /**
     * @param sampleJar the sample's Lambda jar, or {@code null} to use the plain-Java stand-in
     * @param nodeRuntime the folder with {@code runtime.js} and its installed {@code node_modules},
     *        or {@code null} when the Node kind is not run
     */
    public Kinds(Path sampleJar, Path nodeRuntime) {
        this(sampleJar, nodeRuntime, null);
    }

    /**
     * @param light how the light kinds start (class path, AppCDS archive), or {@code null}: this
     *        JVM's class path, no archive
     */
    public Kinds(Path sampleJar, Path nodeRuntime, LightRuntime light) {
        this.sampleJar = sampleJar != null && Files.isRegularFile(sampleJar) ? sampleJar : null;
        this.nodeRuntime = nodeRuntime;
        this.light = light;
    }

    /** Whether the Spring kinds run the sample app (else the plain-Java stand-in). */
    public boolean usesSample() {
        return sampleJar != null;
    }

    /** The kind of the given name, configured for the given database. */
    public ContainerKind create(String name, TestDatabase database) {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
        environment.put("SPRING_DATASOURCE_USERNAME", database.username());
        environment.put("SPRING_DATASOURCE_PASSWORD", database.password());
        return switch (name) {
            case "starter" -> java(name, "the sample app with serverless-mysql-starter", environment, Map.of());
            case "hikari-default" -> java(name, "the sample app on Spring Boot's default HikariCP pool", environment,
                    Map.of("SERVERLESS_MYSQL_ENABLED", "false"));
            case "hikari-lambda" -> java(name, "the sample app on HikariCP tuned for Lambda (max pool 1, min idle 0)",
                    environment, Map.of("SERVERLESS_MYSQL_ENABLED", "false",
                            "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "1",
                            "SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "0"));
            // Not in ALL: the starter with a connect-retry budget long enough for a JVM start on an
            // oversubscribed host (200 retries, about 13 s with the default 100 ms cap, instead of 50).
            case "starter-retry200" -> java(name, "the sample app with serverless-mysql-starter, retry.max-retries=200",
                    environment, Map.of("SERVERLESS_MYSQL_RETRY_MAXRETRIES", "200"));
            // Not in LIGHT_AND_NODE: the lifecycle profiles' kinds (LifecycleBenchmark).
            case "starter-noext" -> java(name, "the sample app with serverless-mysql-starter, lambda-shutdown.enabled=false",
                    environment, Map.of("SERVERLESS_MYSQL_LAMBDASHUTDOWN_ENABLED", "false"));
            case "light", "light-hikari", "light-noext", "light-hikari-pool" -> light(name, database, List.of(), Map.of());
            // Not in LIGHT_AND_NODE: HikariCP beside an extension that only takes INVOKE events (NullExtension).
            case "light-hikari-ext" -> light(name, database, List.of(), Map.of("LAMBDA_SIM_NULL_EXTENSION", "1"));
            case "node" -> node(name, database, "the npm serverless-mysql module (" + NodeRuntime.MODULE_VERSION
                    + ", its defaults: usedConnsFreq=0) in a Node custom runtime", Map.of());
            case "node-cache" -> node(name, database, "the npm serverless-mysql module (" + NodeRuntime.MODULE_VERSION
                    + ") with its usage cache on (usedConnsFreq=" + NODE_USED_CONNS_FREQ_MILLIS + " ms)",
                    Map.of("USED_CONNS_FREQ", String.valueOf(NODE_USED_CONNS_FREQ_MILLIS)));
            default -> throw new IllegalArgumentException("Unknown container kind " + name + "; known: " + ALL);
        };
    }

    private ContainerKind java(String name, String description, Map<String, String> environment,
            Map<String, String> settings) {
        environment.putAll(settings);
        // The benchmark creates the schema once (FleetRun). A cold start must not connect for it:
        // on Lambda with SnapStart, start-up work runs once when a version is published.
        environment.put("SPRING_SQL_INIT_MODE", "never");
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(CONTAINER_JVM_FLAGS);
        if (sampleJar != null) {
            String classPath = sampleJar.toString();
            if (!name.startsWith("starter")) {
                classPath += File.pathSeparator + jarOf(HikariDataSource.class);
            }
            command.addAll(List.of("-cp", classPath, mainClass(sampleJar)));
            environment.put("SPRING_MAIN_BANNER_MODE", "off");
            environment.put("SPRING_CLOUD_FUNCTION_DEFINITION", "placeOrder");
            return new ContainerKind(name, description, command, environment, "placeOrder", sampleJar.getParent());
        }
        environment.put("LAMBDA_SIM_DATASOURCE", name.startsWith("starter") ? "serverless" : name);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PlaceOrderRuntime.class.getName()));
        String plain = "plain-" + name;
        return new ContainerKind(plain, description.replace("the sample app", "the plain-JDBC stand-in")
                .replace("with serverless-mysql-starter", "on ServerlessMySqlDataSource")
                .replace("Spring Boot's default HikariCP pool", "HikariCP with Boot's defaults (pool of 10, kept full)"),
                command, environment, "placeOrder", null);
    }

    /**
     * A light kind: {@link LightHandler} under AWS's runtime interface client, on the serverless
     * data source ({@code light}) or on HikariCP with a pool of 1 ({@code light-hikari}).
     */
    ContainerKind light(String name, TestDatabase database, List<String> extraFlags, Map<String, String> extraEnvironment) {
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        String diagnosticOptions = System.getenv("LAMBDA_SIM_CONTAINER_JAVA_OPTIONS");
        if (diagnosticOptions != null) {
            environment.put("JAVA_TOOL_OPTIONS", diagnosticOptions);
        }
        environment.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
        environment.put("SPRING_DATASOURCE_USERNAME", database.username());
        environment.put("SPRING_DATASOURCE_PASSWORD", database.password());
        environment.put("LAMBDA_SIM_DATASOURCE", switch (name) {
            case "light" -> "serverless";
            case "light-noext" -> "serverless-noext";
            case "light-hikari-pool" -> "hikari-concurrency";
            default -> "hikari-lambda";
        });
        LightRuntime runtime = light;
        List<String> command;
        if (runtime != null) {
            command = runtime.command(javaExecutable(), name, extraFlags);
        } else {
            command = new ArrayList<>(List.of(javaExecutable()));
            command.addAll(LightRuntime.JVM_FLAGS);
            command.addAll(extraFlags);
            command.addAll(List.of("-Xshare:auto", "-cp", System.getProperty("java.class.path"), LightRuntime.RUNTIME_CLIENT,
                    LightHandler.class.getName() + "::handleRequest"));
        }
        String description = switch (name) {
            case "light" -> "plain-Java handler on ServerlessMySqlDataSource";
            case "light-noext" -> "plain-Java handler on ServerlessMySqlDataSource without the Lambda extension";
            case "light-hikari-pool" -> "plain-Java handler on HikariCP (max pool AWS_LAMBDA_MAX_CONCURRENCY, kept full)";
            case "light-hikari-ext" -> "plain-Java handler on HikariCP (max pool 1, min idle 0) beside an extension that"
                    + " only takes INVOKE events";
            default -> "plain-Java handler on HikariCP (max pool 1, min idle 0)";
        }
                + ", AWS's runtime interface client, " + (runtime != null && runtime.archived(name)
                        ? "AppCDS archive trained on " + LightRuntime.trainee(name) : "no AppCDS archive");
        return new ContainerKind(name, description, command, environment, LightHandler.class.getName() + "::handleRequest", null);
    }

    private ContainerKind node(String name, TestDatabase database, String description, Map<String, String> extra) {
        if (nodeRuntime == null) {
            throw new IllegalStateException("The node kind needs the Node runtime folder (NodeRuntime.install)");
        }
        String[] hostAndPort = database.server().hostAndPort().split(":");
        Map<String, String> environment = new HashMap<>(extra);
        environment.putAll(Map.of(
                "DB_HOST", hostAndPort[0],
                "DB_PORT", hostAndPort[1],
                "DB_NAME", database.name(),
                "DB_USER", database.username(),
                "DB_PASSWORD", database.password()));
        return new ContainerKind(name, description, List.of(NodeRuntime.nodeExecutable(), "runtime.js"), environment,
                "runtime.placeOrder", nodeRuntime);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the jar of " + type.getName(), e);
        }
    }

    private static String mainClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            String main = file.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IllegalStateException(jar + " has no Main-Class");
            }
            return main;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + jar + ": " + e.getMessage(), e);
        }
    }
}
