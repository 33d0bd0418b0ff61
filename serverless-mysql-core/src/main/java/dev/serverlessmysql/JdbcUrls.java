package dev.serverlessmysql;

import java.util.regex.Pattern;

/** Reading MySQL JDBC URLs for validation and for messages that must never carry a password. */
final class JdbcUrls {

    /**
     * Query parameters that hold secrets: {@code password}, Connector/J's {@code password1..3},
     * and every key-store or trust-store password of either driver. The value runs to the next
     * parameter separator, so commas or parentheses inside it are masked too.
     */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;]\\s*[\\w.-]*(?:password\\d?|pwd)\\s*=)[^&;]*");
    /**
     * The same inside Connector/J's host descriptions:
     * {@code address=(host=h)(password=...)} and {@code (host=h,password=...)}.
     */
    private static final Pattern SECRET_HOST_ATTRIBUTE = Pattern.compile(
            "(?i)([(,]\\s*[\\w.-]*(?:password\\d?|pwd)\\s*=)[^),]*");

    private JdbcUrls() {
    }

    static boolean isMySql(String url) {
        return url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:");
    }

    /** The URL with {@code user:password@} and password-like parameters masked. */
    static String withoutSecrets(String url) {
        if (url == null) {
            return null;
        }
        String masked = SECRET_PARAMETER.matcher(maskUserInfo(url)).replaceAll("$1****");
        return SECRET_HOST_ATTRIBUTE.matcher(masked).replaceAll("$1****");
    }

    /**
     * Masks everything between {@code //} and the last {@code @} before the query. Taking the
     * last one, not the first, covers a password with a raw {@code @} in it and the per-host
     * {@code user:password@} of a multi-host URL; it may hide a host name, never a secret.
     */
    private static String maskUserInfo(String url) {
        int start = url.indexOf("//");
        if (start < 0) {
            return url;
        }
        start += 2;
        int query = url.indexOf('?', start);
        int at = url.lastIndexOf('@', query < 0 ? url.length() : query - 1);
        if (at < start) {
            return url;
        }
        return url.substring(0, start) + "****" + url.substring(at);
    }

    /** The host part, such as {@code db.example:3306}, or the whole safe URL when it has none. */
    static String hosts(String url) {
        String safe = withoutSecrets(url);
        int start = safe.indexOf("//");
        if (start < 0) {
            return safe;
        }
        String rest = safe.substring(start + 2);
        int at = rest.lastIndexOf('@', indexOfPathOrEnd(rest));
        if (at >= 0) {
            rest = rest.substring(at + 1);
        }
        return rest.substring(0, indexOfPathOrEnd(rest));
    }

    private static int indexOfPathOrEnd(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?') {
                return i;
            }
        }
        return rest.length();
    }
}
