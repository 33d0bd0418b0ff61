package dev.serverlessmysql.samples.recipes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of the repository's Markdown (README, docs/, CHANGELOG, the modules' own
 * pages) leads to a file that exists, and every {@code #anchor} to a heading of that file, as
 * GitHub names headings. Web links are not fetched.
 */
class DocumentationLinksTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> pages = markdownFiles();
        assertThat(pages).extracting((page) -> ROOT.relativize(page).toString()).contains("README.md",
                "CHANGELOG.md", "docs/README.md", "docs/configuration.md");
        for (Path page : pages) {
            Matcher link = LINK.matcher(withoutCodeBlocks(Files.readString(page)));
            while (link.find()) {
                String problem = problem(page, link.group(1));
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ": " + link.group(1) + " (" + problem + ")");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theReadmeStaysAFiveMinuteRead() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve("README.md"))).hasSizeLessThanOrEqualTo(250);
    }

    @Test
    void headingsAreNamedAsGitHubNamesThem() {
        assertThat(slug("Quick start: Spring Boot on AWS Lambda")).isEqualTo("quick-start-spring-boot-on-aws-lambda");
        assertThat(slug("Lifecycle results: scale-down and Managed Instances"))
                .isEqualTo("lifecycle-results-scale-down-and-managed-instances");
        assertThat(slug("`spring.sql.init` and Flyway")).isEqualTo("springsqlinit-and-flyway");
    }

    private static String problem(Path page, String target) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto: ...
        }
        int hash = target.indexOf('#');
        String file = (hash < 0) ? target : target.substring(0, hash);
        String anchor = (hash < 0) ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null && !(resolved.toString().endsWith(".md") && anchors(resolved).contains(anchor))) {
            return "no such heading";
        }
        return null;
    }

    private static Set<String> anchors(Path page) {
        Set<String> anchors = new HashSet<>();
        try {
            for (String line : withoutCodeBlocks(Files.readString(page)).split("\n")) {
                if (line.startsWith("#")) {
                    String slug = slug(line.replaceFirst("^#+\\s*", ""));
                    String unique = slug;
                    for (int n = 1; !anchors.add(unique); n++) {
                        unique = slug + "-" + n;
                    }
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return anchors;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static String withoutCodeBlocks(String markdown) {
        return FENCE.matcher(markdown).replaceAll("");
    }

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter((file) -> file.toString().endsWith(".md"))
                    .filter((file) -> {
                        String relative = ROOT.relativize(file).toString();
                        return !relative.startsWith(".") && !relative.contains("/target/") && !relative.startsWith("target/")
                                && !relative.contains("node_modules");
                    })
                    .sorted()
                    .toList();
        }
    }
}
