package dev.serverlessmysql.samples.recipes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/frameworks.md, "Keeping HikariCP out": this module declares starters that bring HikariCP
 * before the serverless starter, without exclusions of their own, and the one block the page shows.
 */
class FrameworkStartersTest {

    @Test
    void theBlockOfThePageIsThisModulesAndKeepsHikariCpOffTheClassPathWhateverTheStarterOrder() throws IOException {
        String page = Files.readString(Path.of("../../docs/frameworks.md"));
        String section = page.substring(page.indexOf("## Keeping HikariCP out"));
        Matcher block = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(block.find()).isTrue();
        String pom = normalized(Files.readString(Path.of("pom.xml")));
        assertThat(pom).contains(normalized(block.group(1)));
        // The starters that bring Spring Boot's JDBC starter come first, as in the issue that found HikariCP.
        assertThat(pom.indexOf("<artifactId>spring-boot-starter-jooq</artifactId>"))
                .isLessThan(pom.indexOf("<artifactId>serverless-mysql-starter</artifactId>"));
        assertThat(pom.indexOf("<artifactId>mybatis-spring-boot-starter</artifactId>"))
                .isLessThan(pom.indexOf("<artifactId>serverless-mysql-starter</artifactId>"));
        assertThat(ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", null)).isFalse();
    }

    /** XML without comments and white space, to compare what a snippet configures. */
    private static String normalized(String xml) {
        return xml.replaceAll("(?s)<!--.*?-->", "").replaceAll("\\s+", "");
    }
}
