package dev.serverlessmysql.lambdasim.service;

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
        if (text.contains("attempts over") && TOO_MANY.matcher(text).find()) {
            return "connect retries exhausted (1040)";
        }
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

    /** The category of a container that exited, from the end of its log (what Lambda's logs would show). */
    static String ofExit(java.nio.file.Path log, int exitCode) {
        String tail = "";
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(log);
            int from = Math.max(0, bytes.length - 64 * 1024);
            tail = new String(bytes, from, bytes.length - from, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | RuntimeException unreadable) {
            // no log: the exit code is all there is
        }
        String category = of("Runtime.ExitError", tail);
        return category.equals("Runtime.ExitError") ? "Runtime.ExitError (exit code " + exitCode + ")" : category;
    }

    private static String shortType(String type) {
        int dot = type.lastIndexOf('.');
        return dot >= 0 ? type.substring(dot + 1) : type;
    }
}
