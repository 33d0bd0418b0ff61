package dev.serverlessmysql;

import java.util.regex.Pattern;

/** Reading MySQL JDBC URLs for validation and for messages that must never carry a password. */
final class JdbcUrls {

    private static final Pattern USER_INFO = Pattern.compile("(//)[^/@?]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;](?:password\\d?|pwd|trustCertificateKeyStorePassword|clientCertificateKeyStorePassword)=)[^&;]*");

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
        String masked = USER_INFO.matcher(url).replaceAll("$1****@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1****");
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
