package dev.serverlessmysql.samples.recipes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.orders.OrdersApplication;
import dev.serverlessmysql.test.FakeLambdaContext;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Spring Boot quick start as a user copies it: its dependencies, packaging and
 * HikariCP exclusion are this module's pom, its application and application.yml are this module's
 * files, and the function runs through Lambda's handler against a real server.
 */
@MySqlTest
class QuickStartIT {

    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>");
    private static final Pattern CODE_BLOCK = Pattern.compile("```(xml|yaml|java)\\n(.*?)```", Pattern.DOTALL);

    private static String quickStart() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        return readme.substring(readme.indexOf("## Spring Boot quick start"), readme.indexOf("## Frameworks that connect"));
    }

    private static List<String> blocks(String language) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher block = CODE_BLOCK.matcher(quickStart());
        while (block.find()) {
            if (block.group(1).equals(language)) {
                blocks.add(block.group(2));
            }
        }
        return blocks;
    }

    private static List<String> dependencies(String xml) {
        List<String> found = new ArrayList<>();
        Matcher dependency = DEPENDENCY.matcher(xml);
        while (dependency.find()) {
            found.add(dependency.group(1) + ":" + dependency.group(2));
        }
        return found;
    }

    /** XML without comments and white space, to compare what a snippet configures. */
    private static String normalized(String xml) {
        return xml.replaceAll("(?s)<!--.*?-->", "").replaceAll("\\s+", "");
    }

    @Test
    void everyDependencyAndThePackagingStepOfTheReadmeAreThisModulesBuild() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        List<String> xml = blocks("xml");
        assertThat(xml).hasSize(2);
        List<String> readmeDependencies = dependencies(xml.get(0));
        assertThat(readmeDependencies).contains("dev.serverlessmysql:serverless-mysql-starter",
                "org.springframework.cloud:spring-cloud-function-adapter-aws", "com.amazonaws:aws-lambda-java-core");
        assertThat(dependencies(pom)).containsAll(readmeDependencies.stream()
                .filter((dependency) -> !dependency.startsWith("org.springframework.cloud:spring-cloud-dependencies"))
                .toList());
        String shade = xml.get(0).substring(xml.get(0).indexOf("<plugin>"), xml.get(0).indexOf("</plugin>") + 9);
        assertThat(normalized(pom)).contains(normalized(shade));
        // The versions the README gives are the ones this build uses.
        String rootPom = Files.readString(Path.of("../../pom.xml"));
        assertThat(xml.get(0)).contains("<version>" + property(rootPom, "aws-lambda-java-core.version") + "</version>")
                .contains("<version>" + property(rootPom, "spring-cloud.version") + "</version>");
        // The HikariCP exclusion, as the README shows it for another starter.
        assertThat(normalized(pom)).contains(normalized(xml.get(1)).replace("<dependency>", "").replace("</dependency>", ""));
    }

    @Test
    void theHikariCpExclusionKeepsItOffTheClassPath() {
        assertThat(ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", null)).isFalse();
    }

    @Test
    void theShadedJarForLambdaHoldsTheApplicationAndEveryAutoConfiguration() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter((file) -> file.getFileName().toString().endsWith("-aws.jar")).findFirst().orElseThrow();
        }
        try (JarFile shaded = new JarFile(jar.toFile())) {
            assertThat(shaded.getEntry("com/example/orders/OrdersApplication.class")).isNotNull();
            assertThat(shaded.getEntry("org/springframework/cloud/function/adapter/aws/FunctionInvoker.class")).isNotNull();
            assertThat(shaded.getEntry("com/amazonaws/services/lambda/runtime/Context.class")).isNotNull();
            String imports = new String(shaded.getInputStream(shaded.getEntry(
                    "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")).readAllBytes(),
                    StandardCharsets.UTF_8);
            // Merged, not overwritten: Boot's and the starter's auto-configurations both.
            assertThat(imports).contains("dev.serverlessmysql.autoconfigure.ServerlessMySqlAutoConfiguration",
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
        }
    }

    @Test
    void theApplicationAndItsYamlAreTheReadmesAsWritten() throws IOException {
        assertThat(blocks("java")).first().isEqualTo(
                Files.readString(Path.of("src/main/java/com/example/orders/OrdersApplication.java")));
        assertThat(blocks("yaml")).first().isEqualTo(
                Files.readString(Path.of("src/test/resources/quick-start/application.yml")));
    }

    @Test
    void theFunctionAnswersThroughLambdasHandler(TestDatabase db) throws Exception {
        try (Connection setup = db.connect()) {
            TestDatabase.execute(setup, "CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(20))");
            TestDatabase.execute(setup, "INSERT INTO orders VALUES (1, 'ada'), (2, 'ada'), (3, 'bob')");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("MAIN_CLASS", OrdersApplication.class.getName());
        properties.put("spring.config.location", "classpath:quick-start/application.yml");
        properties.put("DB_PASSWORD", db.password());
        // Only what a local test must change: where the database is.
        properties.put("spring.datasource.url", db.jdbcUrl());
        properties.put("spring.datasource.username", db.username());
        // This module's class path also holds the other recipes' frameworks; the quick start has none.
        properties.put("spring.autoconfigure.exclude",
                "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
                        + "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration,"
                        + "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
        Map<String, String> previous = new LinkedHashMap<>();
        properties.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        try {
            FunctionInvoker invoker = new FunctionInvoker();
            assertThat(invoke(invoker, "ada")).isEqualTo("2");
            assertThat(invoke(invoker, "bob")).isEqualTo("1");
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    private static String invoke(FunctionInvoker invoker, String customer) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(("\"" + customer + "\"").getBytes(StandardCharsets.UTF_8)), output,
                new FakeLambdaContext("orders", "request-" + customer));
        return output.toString(StandardCharsets.UTF_8);
    }

    private static String property(String pom, String name) {
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(value.find()).as(name).isTrue();
        return value.group(1);
    }
}
