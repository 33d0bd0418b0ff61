package dev.serverlessmysql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JDBC URL as the tokenizer reads it, for the queries of {@link JdbcUrls}: whether it can be
 * read safely, the URL with its secrets masked, the users it names, the secrets it holds and its
 * query parameters.
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
 *
 * <p>Guards: none needed. An instance is filled by {@link #of} while it reads the URL, on the
 * calling thread, and never shared; the patterns are immutable.
 */
final class ParsedJdbcUrl {

    static final Pattern PREFIX_WITH_SLASHES = Pattern.compile("(?i)^jdbc:(?:[a-z][a-z0-9+.-]*:)+/+");
    static final Pattern PREFIX = Pattern.compile("(?i)^jdbc:[a-z][a-z0-9+.-]*:");
    private static final Pattern PARAMETER_KEY = Pattern.compile("[A-Za-z0-9_.%-]+");
    private static final Pattern PLAIN_HOST = Pattern.compile("[A-Za-z0-9_.%-]*(:\\d*)?");
    private static final Pattern IPV6_HOST = Pattern.compile("\\[[0-9A-Fa-f:.%a-zA-Z]*](:\\d*)?");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s*([^=(),\\s]+)\\s*=([^(),]*)");

    /** Whether the URL was read without guessing: only then may it be shown, masked. */
    private boolean safe = true;
    /** The URL with user-info and secret values masked. */
    private String masked;
    /** The user names it logs in as, percent-decoded. */
    private final List<String> users = new ArrayList<>();
    /** Its secrets, raw and percent-decoded. */
    private final List<String> secrets = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();

    private ParsedJdbcUrl() {
    }

    /** Reads the URL; never fails: what it cannot read makes it unsafe. */
    static ParsedJdbcUrl of(String url) {
        ParsedJdbcUrl parsed = new ParsedJdbcUrl();
        boolean mySql = JdbcUrls.isMySql(url);
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
            masked.append(JdbcUrls.MASK).append('@');
            hostsStart = at + 1;
        }
        int query = url.indexOf('?', hostsStart);
        String beforeQuery = query < 0 ? url.substring(hostsStart) : url.substring(hostsStart, query);
        int pathStart = indexOfPathOrEnd(beforeQuery);
        String hosts = beforeQuery.substring(0, pathStart);
        masked.append(parsed.maskHosts(hosts, mySql)).append(beforeQuery.substring(pathStart));
        if (query >= 0) {
            masked.append('?');
            String[] parameters = url.substring(query + 1).split("&", -1);
            for (int i = 0; i < parameters.length; i++) {
                masked.append(i == 0 ? "" : "&").append(parsed.maskParameter(parameters[i], mySql));
            }
        }
        parsed.masked = masked.toString();
        return parsed;
    }

    private String maskHosts(String hosts, boolean mySql) {
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
                    unsafe();
                }
            } else if (c == ',' && depth == 0) {
                if (segmentStart > 0) {
                    out.append(',');
                }
                out.append(maskHost(hosts.substring(segmentStart, i), mySql));
                segmentStart = i + 1;
            }
        }
        if (depth != 0) {
            unsafe();
        }
        return out.toString();
    }

    /** One host: plain, IPv6, {@code address=(k=v)(k=v)} or {@code (k=v,k=v)}. */
    private String maskHost(String host, boolean mySql) {
        String trimmed = host.trim();
        if (trimmed.indexOf('(') < 0) {
            if (mySql && !PLAIN_HOST.matcher(trimmed).matches() && !IPV6_HOST.matcher(trimmed).matches()) {
                unsafe();
            }
            return host;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (mySql && !(lower.startsWith("(") || lower.matches("^address\\s*=\\s*\\(.*"))) {
            unsafe();
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
                unsafe();
                return JdbcUrls.MASK;
            }
            out.append(host, i, open + 1);
            out.append(maskAttributes(host.substring(open + 1, close), mySql));
            out.append(')');
            i = close + 1;
            if (mySql && i < host.length() && host.charAt(i) != '(' && !host.substring(i).isBlank()) {
                unsafe();
            }
        }
        return out.toString();
    }

    private String maskAttributes(String attributes, boolean mySql) {
        StringBuilder out = new StringBuilder();
        String[] parts = attributes.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            Matcher attribute = ATTRIBUTE.matcher(parts[i]);
            out.append(i == 0 ? "" : ",");
            if (!attribute.matches()) {
                if (mySql) {
                    unsafe();
                }
                out.append(JdbcUrls.MASK);
                continue;
            }
            String key = decodeOrNull(attribute.group(1));
            String value = attribute.group(2);
            if (key == null) {
                unsafe();
                key = attribute.group(1);
            }
            if (isSecretKey(key) || isSecretKey(attribute.group(1))) {
                secret(value);
                out.append(parts[i], 0, attribute.start(2)).append(JdbcUrls.MASK);
            } else {
                if (key.trim().equalsIgnoreCase("user")) {
                    String decoded = decodeOrNull(value.trim());
                    users.add(decoded != null ? decoded : value.trim());
                }
                out.append(parts[i]);
            }
        }
        return out.toString();
    }

    private String maskParameter(String parameter, boolean mySql) {
        if (parameter.isEmpty()) {
            return parameter;
        }
        int equals = parameter.indexOf('=');
        String rawKey = equals < 0 ? parameter : parameter.substring(0, equals);
        String key = decodeOrNull(rawKey);
        if (equals < 0 || key == null || !PARAMETER_KEY.matcher(rawKey.trim()).matches()) {
            // "?useSSL" alone, or what is left of a value that held a raw '&' or '?': unreadable.
            if (mySql || equals < 0) {
                unsafe();
            }
            return JdbcUrls.MASK;
        }
        String value = parameter.substring(equals + 1);
        if (mySql && value.indexOf('%') >= 0 && decodeOrNull(value) == null) {
            unsafe();
        }
        parameters.add(new Parameter(key.trim(), value));
        if (isSecretKey(key) || isSecretKey(rawKey)) {
            secret(value);
            return rawKey + "=" + JdbcUrls.MASK;
        }
        if (key.trim().equalsIgnoreCase("user") && !value.isEmpty()) {
            String decoded = decodeOrNull(value);
            users.add(decoded != null ? decoded : value);
        }
        return parameter;
    }

    private static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("passwd") || lower.contains("pwd")
                || lower.contains("secret");
    }

    /** Percent-decodes ({@code +} stays a plus, as both drivers read it); null for a bad escape. */
    static String decodeOrNull(String text) {
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

    /** Percent-decoded; the text as it is when it holds a bad escape. */
    static String decode(String text) {
        String decoded = decodeOrNull(text);
        return decoded != null ? decoded : text;
    }

    boolean safe() {
        return safe;
    }

    String masked() {
        return masked;
    }

    List<String> users() {
        return users;
    }

    List<String> secrets() {
        return secrets;
    }

    List<Parameter> parameters() {
        return parameters;
    }

    private void unsafe() {
        safe = false;
    }

    private void secret(String value) {
        secrets.add(value);
        String decoded = decodeOrNull(value);
        if (decoded != null) {
            secrets.add(decoded);
        }
    }

    /** Where the host part ends: the first {@code /} or {@code ?} outside parentheses, or the end. */
    static int indexOfPathOrEnd(String rest) {
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

    /** The length of the {@code jdbc:<driver>:[<subprotocol>:]*[/]*} prefix; 0 when there is none. */
    static int prefixLength(String url) {
        Matcher withSlashes = PREFIX_WITH_SLASHES.matcher(url);
        if (withSlashes.find()) {
            return withSlashes.end();
        }
        Matcher prefix = PREFIX.matcher(url);
        return prefix.find() ? prefix.end() : 0;
    }

    /** A query parameter: its key percent-decoded and trimmed, its value as written. */
    record Parameter(String decodedKey, String value) {
    }
}
