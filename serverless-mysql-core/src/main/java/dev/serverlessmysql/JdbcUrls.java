package dev.serverlessmysql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading MySQL JDBC URLs: whether one can be read safely, its users, hosts, parameters and
 * secrets, and the URL with those secrets masked for messages. Keeping secrets out of a driver's
 * exceptions is {@link SecretScrubber}'s job.
 *
 * <p>A small tokenizer rather than either driver's parser: core depends on no driver, and both
 * drivers accept shapes the other refuses. It reads a URL as
 * {@code jdbc:<driver>:[<subprotocol>:]*[/]*[<user-info>@]<hosts>[/<database>][?<key>=<value>&...]},
 * where user-info runs to the last {@code @} before the first {@code ?}, and hosts are
 * {@code host[:port]}, {@code [ipv6][:port]}, {@code address=(k=v)...} or {@code (k=v,...)}
 * separated by commas. A MySQL URL that does not fit (a bare parameter without {@code =}, a port
 * that is not a number, unbalanced parentheses, a bad percent escape) is not safe to show in any
 * form but its prefix, and the configuration rejects it.
 *
 * <p>Masked are: all of user-info; the value of every parameter and host attribute whose key,
 * percent-decoded and in any case, contains {@code password}, {@code passwd}, {@code pwd} or
 * {@code secret} (Connector/J's {@code password1..3}, every key- and trust-store password of
 * either driver, {@code pass%77ord}).
 */
final class JdbcUrls {

    static final String MASK = "****";

    private static final Pattern PREFIX_WITH_SLASHES = Pattern.compile("(?i)^jdbc:(?:[a-z][a-z0-9+.-]*:)+/+");
    private static final Pattern PREFIX = Pattern.compile("(?i)^jdbc:[a-z][a-z0-9+.-]*:");
    private static final Pattern PARAMETER_KEY = Pattern.compile("[A-Za-z0-9_.%-]+");
    private static final Pattern PLAIN_HOST = Pattern.compile("[A-Za-z0-9_.%-]*(:\\d*)?");
    private static final Pattern IPV6_HOST = Pattern.compile("\\[[0-9A-Fa-f:.%a-zA-Z]*](:\\d*)?");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s*([^=(),\\s]+)\\s*=([^(),]*)");

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
        return url != null && parse(url).safe;
    }

    /**
     * The URL with user-info and secret values masked; for a URL that cannot be read safely,
     * only its {@code jdbc:<driver>:} prefix followed by the mask.
     */
    static String withoutSecrets(String url) {
        if (url == null) {
            return null;
        }
        Parsed parsed = parse(url);
        if (!parsed.safe) {
            Matcher prefix = PREFIX.matcher(url);
            return (prefix.find() ? prefix.group() : "") + MASK;
        }
        String masked = SECRET_PARAMETER.matcher(parsed.masked).replaceAll("$1" + MASK);
        return SECRET_HOST_ATTRIBUTE.matcher(masked).replaceAll("$1" + MASK);
    }

    /**
     * The user names the URL itself logs in as: the user-info user, {@code user=} parameters and
     * {@code user=} host attributes, percent-decoded. Empty when the URL names no user.
     */
    static List<String> users(String url) {
        return List.copyOf(parse(url).users);
    }

    /**
     * Every secret the URL holds, raw and percent-decoded, longest first: text to be replaced
     * wherever a driver may have echoed the URL or part of it.
     */
    static List<String> secrets(String url) {
        Set<String> secrets = new LinkedHashSet<>(parse(url).secrets);
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
        for (Parameter parameter : parse(url).parameters) {
            if (parameter.decodedKey.equalsIgnoreCase(key)) {
                value = url.startsWith("jdbc:mysql:") ? decode(parameter.value) : parameter.value;
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
            String decoded = decodeOrNull(name);
            if (!(decoded != null ? decoded : name).trim().equalsIgnoreCase(key)) {
                kept.add(parameter);
            }
        }
        return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    /** The host part, such as {@code db.example:3306}, or the whole safe URL when it has none. */
    static String hosts(String url) {
        String safe = withoutSecrets(url);
        Matcher prefix = PREFIX_WITH_SLASHES.matcher(safe);
        if (!prefix.find()) {
            return safe;
        }
        String rest = safe.substring(prefix.end());
        int at = rest.lastIndexOf('@', indexOfPathOrEnd(rest));
        if (at >= 0) {
            rest = rest.substring(at + 1);
        }
        return rest.substring(0, indexOfPathOrEnd(rest));
    }

    private static int indexOfPathOrEnd(String rest) {
        int depth = 0;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth <= 0 && (c == '/' || c == '?')) {
                return i;
            }
        }
        return rest.length();
    }

    /** Where the query starts: the first {@code ?} after user-info, or -1. */
    private static int queryStart(String url) {
        int start = prefixLength(url);
        int firstQuestion = url.indexOf('?', start);
        int at = url.lastIndexOf('@', firstQuestion < 0 ? url.length() - 1 : firstQuestion - 1);
        int afterUserInfo = at >= start ? at + 1 : start;
        return url.indexOf('?', afterUserInfo);
    }

    private static int prefixLength(String url) {
        Matcher withSlashes = PREFIX_WITH_SLASHES.matcher(url);
        if (withSlashes.find()) {
            return withSlashes.end();
        }
        Matcher prefix = PREFIX.matcher(url);
        return prefix.find() ? prefix.end() : 0;
    }

    private static Parsed parse(String url) {
        Parsed parsed = new Parsed();
        boolean mySql = isMySql(url);
        int start = prefixLength(url);
        StringBuilder masked = new StringBuilder(url.substring(0, start));
        int firstQuestion = url.indexOf('?', start);
        int at = url.lastIndexOf('@', firstQuestion < 0 ? url.length() - 1 : firstQuestion - 1);
        int hostsStart = start;
        if (at >= start) {
            String userInfo = url.substring(start, at);
            parsed.secret(userInfo);
            // A multi-host URL may carry user-info per host (u1:pw@h1,u2:pw@h2): after the first,
            // each follows the last comma of a segment. A raw '@' in a password makes a segment
            // without a comma, which is no user.
            String[] segments = userInfo.split("@", -1);
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (i > 0) {
                    int comma = segment.lastIndexOf(',');
                    if (comma < 0) {
                        continue;
                    }
                    segment = segment.substring(comma + 1);
                }
                int colon = segment.indexOf(':');
                String user = colon < 0 ? segment : segment.substring(0, colon);
                if (colon >= 0) {
                    parsed.secret(segment.substring(colon + 1));
                }
                if (!user.isEmpty()) {
                    String decoded = decodeOrNull(user);
                    parsed.users.add(decoded != null ? decoded : user);
                }
            }
            masked.append(MASK).append('@');
            hostsStart = at + 1;
        }
        int query = url.indexOf('?', hostsStart);
        String beforeQuery = query < 0 ? url.substring(hostsStart) : url.substring(hostsStart, query);
        int pathStart = indexOfPathOrEnd(beforeQuery);
        String hosts = beforeQuery.substring(0, pathStart);
        masked.append(maskHosts(hosts, parsed, mySql)).append(beforeQuery.substring(pathStart));
        if (query >= 0) {
            masked.append('?');
            String[] parameters = url.substring(query + 1).split("&", -1);
            for (int i = 0; i < parameters.length; i++) {
                masked.append(i == 0 ? "" : "&").append(maskParameter(parameters[i], parsed, mySql));
            }
        }
        parsed.masked = masked.toString();
        return parsed;
    }

    private static String maskHosts(String hosts, Parsed parsed, boolean mySql) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        int segmentStart = 0;
        for (int i = 0; i <= hosts.length(); i++) {
            char c = i < hosts.length() ? hosts.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    parsed.unsafe();
                }
            } else if (c == ',' && depth == 0) {
                if (segmentStart > 0) {
                    out.append(',');
                }
                out.append(maskHost(hosts.substring(segmentStart, i), parsed, mySql));
                segmentStart = i + 1;
            }
        }
        if (depth != 0) {
            parsed.unsafe();
        }
        return out.toString();
    }

    /** One host: plain, IPv6, {@code address=(k=v)(k=v)} or {@code (k=v,k=v)}. */
    private static String maskHost(String host, Parsed parsed, boolean mySql) {
        String trimmed = host.trim();
        if (trimmed.indexOf('(') < 0) {
            if (mySql && !PLAIN_HOST.matcher(trimmed).matches() && !IPV6_HOST.matcher(trimmed).matches()) {
                parsed.unsafe();
            }
            return host;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (mySql && !(lower.startsWith("(") || lower.matches("^address\\s*=\\s*\\(.*"))) {
            parsed.unsafe();
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < host.length()) {
            int open = host.indexOf('(', i);
            if (open < 0) {
                out.append(host, i, host.length());
                break;
            }
            int close = host.indexOf(')', open);
            if (close < 0) {
                parsed.unsafe();
                return MASK;
            }
            out.append(host, i, open + 1);
            out.append(maskAttributes(host.substring(open + 1, close), parsed, mySql));
            out.append(')');
            i = close + 1;
            if (mySql && i < host.length() && host.charAt(i) != '(' && !host.substring(i).isBlank()) {
                parsed.unsafe();
            }
        }
        return out.toString();
    }

    private static String maskAttributes(String attributes, Parsed parsed, boolean mySql) {
        StringBuilder out = new StringBuilder();
        String[] parts = attributes.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            Matcher attribute = ATTRIBUTE.matcher(parts[i]);
            out.append(i == 0 ? "" : ",");
            if (!attribute.matches()) {
                if (mySql) {
                    parsed.unsafe();
                }
                out.append(MASK);
                continue;
            }
            String key = decodeOrNull(attribute.group(1));
            String value = attribute.group(2);
            if (key == null) {
                parsed.unsafe();
                key = attribute.group(1);
            }
            if (isSecretKey(key) || isSecretKey(attribute.group(1))) {
                parsed.secret(value);
                out.append(parts[i], 0, attribute.start(2)).append(MASK);
            } else {
                if (key.trim().equalsIgnoreCase("user")) {
                    String decoded = decodeOrNull(value.trim());
                    parsed.users.add(decoded != null ? decoded : value.trim());
                }
                out.append(parts[i]);
            }
        }
        return out.toString();
    }

    private static String maskParameter(String parameter, Parsed parsed, boolean mySql) {
        if (parameter.isEmpty()) {
            return parameter;
        }
        int equals = parameter.indexOf('=');
        String rawKey = equals < 0 ? parameter : parameter.substring(0, equals);
        String key = decodeOrNull(rawKey);
        if (equals < 0 || key == null || !PARAMETER_KEY.matcher(rawKey.trim()).matches()) {
            // "?useSSL" alone, or what is left of a value that held a raw '&' or '?': unreadable.
            if (mySql || equals < 0) {
                parsed.unsafe();
            }
            return MASK;
        }
        String value = parameter.substring(equals + 1);
        if (mySql && value.indexOf('%') >= 0 && decodeOrNull(value) == null) {
            parsed.unsafe();
        }
        parsed.parameters.add(new Parameter(key.trim(), value));
        if (isSecretKey(key) || isSecretKey(rawKey)) {
            parsed.secret(value);
            return rawKey + "=" + MASK;
        }
        if (key.trim().equalsIgnoreCase("user") && !value.isEmpty()) {
            String decoded = decodeOrNull(value);
            parsed.users.add(decoded != null ? decoded : value);
        }
        return parameter;
    }

    private static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("passwd") || lower.contains("pwd")
                || lower.contains("secret");
    }

    /** Percent-decodes ({@code +} stays a plus, as both drivers read it); null for a bad escape. */
    private static String decodeOrNull(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        String decoded = decodeOrNull(text);
        return decoded != null ? decoded : text;
    }

    private record Parameter(String decodedKey, String value) {
    }

    private static final class Parsed {
        boolean safe = true;
        String masked;
        final List<String> users = new ArrayList<>();
        final List<String> secrets = new ArrayList<>();
        final List<Parameter> parameters = new ArrayList<>();

        void unsafe() {
            safe = false;
        }

        void secret(String value) {
            secrets.add(value);
            String decoded = decodeOrNull(value);
            if (decoded != null) {
                secrets.add(decoded);
            }
        }
    }
}
