package dev.serverlessmysql.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The server's own round-trip counters, server-wide: {@code Questions} (statements),
 * {@code Com_admin_commands} (pings, and {@code COM_RESET_CONNECTION} on MariaDB) and
 * {@code Connections}. Each read is one statement of the administrator's own.
 */
final class ServerCounters {

    private ServerCounters() {
    }

    /** Questions, Com_admin_commands and Connections, in that order. */
    static long[] read(Connection admin) throws SQLException {
        long[] values = new long[3];
        try (Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN"
                     + " ('Questions', 'Com_admin_commands', 'Connections')")) {
            while (rows.next()) {
                switch (rows.getString(1).toLowerCase(Locale.ROOT)) {
                    case "questions" -> values[0] = rows.getLong(2);
                    case "com_admin_commands" -> values[1] = rows.getLong(2);
                    case "connections" -> values[2] = rows.getLong(2);
                    default -> {
                    }
                }
            }
        }
        return values;
    }

    /**
     * Appends one line to a round-trip CSV file (in {@code results/}, where forks run):
     * benchmark, kind, invocations, then statements, admin commands and connects per invocation.
     * The later counter read is one statement of the admin's own, taken off.
     */
    static void append(String file, String benchmark, String kind, long invocations, long[] start, long[] end)
            throws IOException {
        String line = String.join(",", benchmark, kind, Long.toString(invocations),
                perInvocation(end[0] - start[0] - 1, invocations), perInvocation(end[1] - start[1], invocations),
                perInvocation(end[2] - start[2], invocations)) + System.lineSeparator();
        Files.writeString(Path.of("results", file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static String perInvocation(long count, long invocations) {
        return String.format(Locale.ROOT, "%.3f", invocations == 0 ? 0.0 : (double) count / invocations);
    }
}
