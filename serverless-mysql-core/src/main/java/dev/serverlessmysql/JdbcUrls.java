package dev.serverlessmysql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading MySQL JDBC URLs: whether one can be read safely, its users, hosts, parameters and
 * secrets, and the URL with those secrets masked for messages; the URL without a parameter, and a
 * timeout set in the URL or the driver properties. Keeping secrets out of a driver's exceptions is
 * {@link SecretScrubber}'s job.
 *
 * <p>These are queries on what the tokenizer, {@link ParsedJdbcUrl}, reads (its Javadoc has the
 * shape of URL it reads, and what it masks); a last pattern-based masking catches what the
 * tokenizer leaves alone. Static and stateless: any thread may call it.
 */
final class JdbcUrls {

    static final String MASK = "****";

    /**
     * A last line of defence after the structured masking, for text the tokenizer leaves alone
     * (a database path with {@code ;password=}, a non-MySQL URL).
     */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;]\\s*[\\w.%-]*(?:password|passwd|pwd|secret)[\\w.%-]*\\s*=)[^&;]*");
    private static final Pattern SECRET_HOST_ATTRIBUTE = Pattern.compile(
            "(?i)([(,]\\s*[\\w.%-]*(?:password|passwd|pwd|secret)[\\w.%-]*\\s*=)[^),]*");

    private JdbcUrls() {
    }

    static boolean isMySql(String url) {
        return url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")
                || url.startsWith("jdbc:aws-wrapper:mysql:");
    }

    /** Whether the URL can be read, and so shown masked, without guessing. */
    static boolean isSafe(String url) {
        return url != null && ParsedJdbcUrl.of(url).safe();
    }

    /**
     * The URL with user-info and secret values masked; for a URL that cannot be read safely,
     * only its {@code jdbc:<driver>:} prefix followed by the mask.
     */
    static String withoutSecrets(String url) {
        if (url == null) {
            return null;
        }
        ParsedJdbcUrl parsed = ParsedJdbcUrl.of(url);
        if (!parsed.safe()) {
            Matcher prefix = ParsedJdbcUrl.PREFIX.matcher(url);
            return (prefix.find() ? prefix.group() : "") + MASK;
        }
        String masked = SECRET_PARAMETER.matcher(parsed.masked()).replaceAll("$1" + MASK);
        return SECRET_HOST_ATTRIBUTE.matcher(masked).replaceAll("$1" + MASK);
    }

    /**
     * The user names the URL itself logs in as: the user-info user, {@code user=} parameters and
     * {@code user=} host attributes, percent-decoded. Empty when the URL names no user.
     */
    static List<String> users(String url) {
        return List.copyOf(ParsedJdbcUrl.of(url).users());
    }

    /**
     * Every secret the URL holds, raw and percent-decoded, longest first: text to be replaced
     * wherever a driver may have echoed the URL or part of it.
     */
    static List<String> secrets(String url) {
        Set<String> secrets = new LinkedHashSet<>(ParsedJdbcUrl.of(url).secrets());
        List<String> sorted = new ArrayList<>(secrets);
        sorted.removeIf(String::isEmpty);
        sorted.sort((a, b) -> b.length() - a.length());
        return sorted;
    }

    /**
     * The value of a query parameter (key compared ignoring case), or null. Connector/J
     * percent-decodes URL values and MariaDB's driver does not, so the value is decoded only for
     * a {@code jdbc:mysql:} URL.
     */
    static String parameter(String url, String key) {
        String value = null;
        for (ParsedJdbcUrl.Parameter parameter : ParsedJdbcUrl.of(url).parameters()) {
            if (parameter.decodedKey().equalsIgnoreCase(key)) {
                value = url.startsWith("jdbc:mysql:") ? ParsedJdbcUrl.decode(parameter.value()) : parameter.value();
            }
        }
        return value;
    }

    /**
     * A timeout in milliseconds the user set as the URL parameter or driver property {@code key}
     * (compared ignoring case), where both are set the one the driver itself would use (Connector/J:
     * the property; MariaDB: the URL); null when neither is set.
     *
     * @throws NumberFormatException when the value is not a whole number
     */
    static Long timeoutMillis(String url, Map<String, String> driverProperties, String key) {
        String fromUrl = parameter(url, key);
        String fromProperties = null;
        for (Map.Entry<String, String> property : driverProperties.entrySet()) {
            if (property.getKey().equalsIgnoreCase(key)) {
                fromProperties = property.getValue();
            }
        }
        String value = url.startsWith("jdbc:mariadb:")
                ? (fromUrl != null ? fromUrl : fromProperties)
                : (fromProperties != null ? fromProperties : fromUrl);
        return value == null ? null : Long.valueOf(value.trim());
    }

    /** The URL without the query parameters of this key (compared ignoring case). */
    static String withoutParameter(String url, String key) {
        int query = queryStart(url);
        if (query < 0) {
            return url;
        }
        List<String> kept = new ArrayList<>();
        for (String parameter : url.substring(query + 1).split("&", -1)) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String decoded = ParsedJdbcUrl.decodeOrNull(name);
            if (!(decoded != null ? decoded : name).trim().equalsIgnoreCase(key)) {
                kept.add(parameter);
            }
        }
        return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    /** The host part, such as {@code db.example:3306}, or the whole safe URL when it has none. */
    static String hosts(String url) {
        String safe = withoutSecrets(url);
        Matcher prefix = ParsedJdbcUrl.PREFIX_WITH_SLASHES.matcher(safe);
        if (!prefix.find()) {
            return safe;
        }
        String rest = safe.substring(prefix.end());
        int at = rest.lastIndexOf('@', ParsedJdbcUrl.indexOfPathOrEnd(rest));
        if (at >= 0) {
            rest = rest.substring(at + 1);
        }
        return rest.substring(0, ParsedJdbcUrl.indexOfPathOrEnd(rest));
    }

    /** Where the query starts: the first {@code ?} after user-info, or -1. */
    private static int queryStart(String url) {
        int start = ParsedJdbcUrl.prefixLength(url);
        int firstQuestion = url.indexOf('?', start);
        int at = url.lastIndexOf('@', firstQuestion < 0 ? url.length() - 1 : firstQuestion - 1);
        int afterUserInfo = at >= start ? at + 1 : start;
        return url.indexOf('?', afterUserInfo);
    }
}
