package dev.serverlessmysql.lambdasim;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sorts function errors into a few categories a report can count, by the MySQL error they carry. */
final class ErrorCategory {

    private static final Pattern TOO_MANY = Pattern.compile("(?i)too many connections|\\b1040\\b|ER_CON_COUNT_ERROR");
    private static final Pattern VENDOR_CODE = Pattern.compile("\\b(1\\d{3}|2\\d{3})\\b");

    private ErrorCategory() {
    }

    static String of(String errorType, String message) {
        String text = message == null ? "" : message;
        if (TOO_MANY.matcher(text).find()) {
            return "1040 Too many connections";
        }
        if (text.contains("Connection is not available") || text.contains("request timed out after")) {
            return "pool timeout";
        }
        if (text.matches("(?s).*(Communications link failure|connection was killed|Connection killed|PROTOCOL_CONNECTION_LOST|ECONNRESET|EPIPE|closed).*")) {
            return "connection lost";
        }
        Matcher code = VENDOR_CODE.matcher(text);
        if (code.find() && text.contains("SQL")) {
            return "SQL error " + code.group(1);
        }
        return errorType == null || errorType.isBlank() ? "error" : shortType(errorType);
    }

    private static String shortType(String type) {
        int dot = type.lastIndexOf('.');
        return dot >= 0 ? type.substring(dot + 1) : type;
    }
}
