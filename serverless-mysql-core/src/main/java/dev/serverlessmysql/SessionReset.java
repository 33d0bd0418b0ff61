package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session state that SQL can leave on a connection, and how to take it off again.
 *
 * <p><b>When.</b> A statement's text says whether it may leave state behind: table locks
 * ({@code LOCK TABLES}, {@code FLUSH ... WITH READ LOCK}), named locks ({@code GET_LOCK}), user
 * variables (any {@code @name}), session variables and transaction characteristics ({@code SET}),
 * the default database ({@code USE}), temporary tables, SQL prepared statements ({@code PREPARE}),
 * {@code HANDLER}s, stored procedures ({@code CALL}: they may do any of it), compound blocks and
 * several statements in one string. Plain queries, DML, DDL and transaction control leave none
 * (their transaction is the lease's business already), so a lease that ran only those pays no
 * round trip. The server's own session-state tracking ({@code session_track_state_change}) was
 * measured and not used: on MariaDB 11.4 it reports neither {@code LOCK TABLES} nor
 * {@code GET_LOCK} nor {@code SELECT @v := 1} / {@code SELECT ... INTO @v}, so the text must be
 * read anyway, and switching it on makes MariaDB Connector/J 3.5 misread the tracking data as the
 * current database ({@code getCatalog()} returned garbage). What the text cannot show is state a
 * stored function or trigger sets from inside a plain statement.
 *
 * <p><b>How.</b> {@code COM_RESET_CONNECTION} (MySQL 5.7.3+, MariaDB 10.2.4+) rolls back, releases
 * table and named locks, drops temporary tables, user variables and prepared statements, and sets
 * every session variable back to its global value; the connection's own set-up (character set,
 * the DataSource's {@code wait_timeout} safety net, the URL's {@code sessionVariables}, the
 * driver's own settings) is then applied again by the driver's own code, and a default database
 * changed with {@code USE} is set back. Where that is not possible the connection must be
 * replaced ({@link #reset} returns false).
 */
final class SessionReset {

    private static final Logger log = LoggerFactory.getLogger(SessionReset.class);

    /** First words of statements that leave no session state (their transaction aside). */
    private static final Set<String> STATELESS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "WITH",
            "VALUES", "TABLE", "SHOW", "EXPLAIN", "DESCRIBE", "DESC", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
            "START", "BEGIN", "CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "ANALYZE", "OPTIMIZE", "CHECK",
            "CHECKSUM", "REPAIR", "GRANT", "REVOKE", "LOAD", "HELP", "KILL");

    private SessionReset() {
    }

    /** {@link #verdict}: the statement may leave session state behind ({@link #leavesState}). */
    static final int LEAVES_STATE = 1;
    /** {@link #verdict}: the statement changes the default database ({@link #changesDatabase}). */
    static final int CHANGES_DATABASE = 2;
    /** Texts read at most this long are kept, at most {@link #TEXTS_KEPT} of them: a few hundred KB at worst. */
    private static final int KEPT_TEXT_LENGTH = 1_000;
    private static final int TEXTS_KEPT = 256;
    /** What each text kept said, by text: any thread, any DataSource (the answer depends on the text alone). */
    private static final ConcurrentHashMap<String, Integer> VERDICTS = new ConcurrentHashMap<>();

    /**
     * What a statement's text says, {@link #LEAVES_STATE} and {@link #CHANGES_DATABASE} or'ed:
     * read once per text and kept, since a function sends the same few statements in every
     * invocation and reading one costs more than the lease's other work per statement (about
     * 15 µs in a C1-only JVM, where it stays interpreted: lambda-sim's profile). A text with its
     * values written in, or a long one, is read every time once the room is taken.
     */
    static int verdict(String sql) {
        if (sql == null) {
            return 0;
        }
        Integer known = VERDICTS.get(sql);
        if (known != null) {
            return known;
        }
        int verdict = (leavesState(sql) ? LEAVES_STATE : 0) | (changesDatabase(sql) ? CHANGES_DATABASE : 0);
        if (sql.length() <= KEPT_TEXT_LENGTH && VERDICTS.size() < TEXTS_KEPT) {
            VERDICTS.putIfAbsent(sql, verdict);
        }
        return verdict;
    }

    /** How many texts' verdicts are kept: for tests. */
    static int textsKept() {
        return VERDICTS.size();
    }

    /** Whether a statement may leave session state behind that would reach the next lease. */
    static boolean leavesState(String sql) {
        if (sql == null) {
            return false;
        }
        int start = skipToFirstWord(sql);
        if (start < 0) {
            return true;
        }
        String first = word(sql, start);
        if (!STATELESS.contains(first)) {
            return true;
        }
        // What a string literal holds is data: an address with an @, a ; in a text.
        String code = withoutLiterals(sql);
        String upper = code.toUpperCase(Locale.ROOT);
        if (first.equals("BEGIN") && upper.indexOf("ATOMIC", start) >= 0) {
            // MariaDB's BEGIN NOT ATOMIC ... END: a compound block, which may SET anything.
            return true;
        }
        return upper.contains("GET_LOCK") || upper.contains("TEMPORARY") || hasUserVariable(code)
                || hasSecondStatement(code);
    }

    /**
     * The statement with the content of its quoted strings and names blanked out ({@code '...'},
     * {@code "..."} with backslash escapes, and {@code `...`}; doubled quotes inside). An
     * unterminated quote blanks nothing: the text is then read as it is.
     */
    private static String withoutLiterals(String sql) {
        if (sql.indexOf('\'') < 0 && sql.indexOf('"') < 0 && sql.indexOf('`') < 0) {
            return sql;
        }
        StringBuilder code = new StringBuilder(sql);
        int i = 0;
        while (i < sql.length()) {
            char quote = sql.charAt(i);
            if (quote != '\'' && quote != '"' && quote != '`') {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < sql.length()) {
                char c = sql.charAt(j);
                if (c == '\\' && quote != '`') {
                    j += 2;
                } else if (c == quote && j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                } else if (c == quote) {
                    break;
                } else {
                    j++;
                }
            }
            if (j >= sql.length()) {
                return sql;
            }
            for (int k = i + 1; k < j; k++) {
                code.setCharAt(k, ' ');
            }
            i = j + 1;
        }
        return code.toString();
    }

    /** Whether a statement changes the default database ({@code USE}). */
    static boolean changesDatabase(String sql) {
        if (sql == null) {
            return false;
        }
        int start = skipToFirstWord(sql);
        return start >= 0 && word(sql, start).equals("USE");
    }

    /**
     * Resets the session to what it was right after connect, in place.
     *
     * @param database the default database to set back after a {@code USE}; null when none ran
     * @return false when this driver or its settings allow no reset in place: replace the connection
     */
    static boolean reset(Connection physical, String database) throws SQLException {
        log.debug("A statement of the returned lease may have left session state (locks, variables, USE, temporary"
                + " tables): resetting the session");
        boolean done;
        try {
            if (DriverState.isConnectorJ(physical)) {
                done = ConnectorJ.reset(physical);
            } else if (DriverState.isMariaDb(physical)) {
                done = MariaDb.reset(physical);
            } else {
                done = false;
            }
        } catch (LinkageError e) {
            // A driver version whose internals differ from those this was built against.
            log.debug("Could not reset the session with this driver version ({}); the connection is replaced", e.toString());
            return false;
        }
        if (done && database != null) {
            // COM_RESET_CONNECTION keeps the default database; the drivers' own idea of it may be stale.
            try (Statement statement = physical.createStatement()) {
                statement.execute("USE `" + database.replace("`", "``") + "`");
            }
        }
        return done;
    }

    /** The index of the first word, past blanks, comments and parentheses; -1 for an executable comment. */
    private static int skipToFirstWord(String sql) {
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("/*", i)) {
                if (sql.startsWith("/*!", i) || sql.startsWith("/*M!", i)) {
                    // Runs on the server: its content counts, and may be anything.
                    return -1;
                }
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else if (c == '#' || sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else {
                return i;
            }
        }
        return i;
    }

    private static String word(String sql, int start) {
        int end = start;
        while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        return sql.substring(start, end).toUpperCase(Locale.ROOT);
    }

    /** An {@code @name} that is not an {@code @@system_variable}: reading one is harmless, but setting one is not. */
    private static boolean hasUserVariable(String sql) {
        for (int i = sql.indexOf('@'); i >= 0; i = sql.indexOf('@', i + 1)) {
            boolean doubled = (i + 1 < sql.length() && sql.charAt(i + 1) == '@') || (i > 0 && sql.charAt(i - 1) == '@');
            if (!doubled) {
                return true;
            }
        }
        return false;
    }

    /** A {@code ;} followed by more than blanks and comments: several statements in one string. */
    private static boolean hasSecondStatement(String sql) {
        for (int i = sql.indexOf(';'); i >= 0; i = sql.indexOf(';', i + 1)) {
            int next = skipToFirstWord(sql.substring(i + 1));
            if (next < 0 || next < sql.length() - i - 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * Connector/J's {@code resetServerState()}: {@code COM_RESET_CONNECTION}, then the driver's own
     * connection set-up again (character set, {@code sessionVariables}, autocommit, sql_mode for
     * truncation checks). Not with {@code paranoid} (it then does nothing) nor with cached
     * server-side prepared statements ({@code useServerPrepStmts} and {@code cachePrepStmts}):
     * the reset drops them on the server while the driver's cache keeps their ids, and the next
     * use fails with "Unknown prepared statement handler" (measured with Connector/J 9.7).
     */
    private static final class ConnectorJ {
        static boolean reset(Connection physical) throws SQLException {
            com.mysql.cj.jdbc.JdbcConnection connection = physical.unwrap(com.mysql.cj.jdbc.JdbcConnection.class);
            com.mysql.cj.jdbc.JdbcPropertySet properties = connection.getPropertySet();
            boolean cachedServerStatements = properties.getBooleanProperty(com.mysql.cj.conf.PropertyKey.useServerPrepStmts)
                    .getValue() && properties.getBooleanProperty(com.mysql.cj.conf.PropertyKey.cachePrepStmts).getValue();
            if (cachedServerStatements || properties.getBooleanProperty(com.mysql.cj.conf.PropertyKey.paranoid).getValue()) {
                return false;
            }
            connection.resetServerState();
            return true;
        }
    }

    /**
     * MariaDB Connector/J's own {@code reset()} sends {@code COM_RESET_CONNECTION} only with
     * {@code useResetConnection=true} and only to MariaDB servers. So the packet is sent here, the
     * driver drops its cache of server-side prepared statements (the reset dropped them on the
     * server), and one {@code SET} applies the connection's set-up again: the character set (the
     * reset leaves the server's default: latin1 on MariaDB 11.4 while the driver speaks utf8mb4,
     * measured), {@code IGNORE_SPACE} (asked for in the handshake, lost in the reset), and what the
     * driver sends at connect ({@code createSessionVariableQuery}: autocommit, session tracking,
     * isolation, {@code sessionVariables} with the DataSource's {@code wait_timeout}).
     */
    private static final class MariaDb {
        private static final String SET = "SET ";

        static boolean reset(Connection physical) throws SQLException {
            org.mariadb.jdbc.Connection connection = physical.unwrap(org.mariadb.jdbc.Connection.class);
            org.mariadb.jdbc.client.Client client = connection.getClient();
            if (!(client instanceof org.mariadb.jdbc.client.impl.StandardClient standard)) {
                return false;
            }
            org.mariadb.jdbc.client.Context context = client.getContext();
            client.execute(org.mariadb.jdbc.message.client.ResetPacket.INSTANCE, true);
            client.reset();
            StringBuilder setUp = new StringBuilder(SET).append("NAMES utf8mb4");
            String collation = context.getConf().connectionCollation();
            if (collation != null) {
                setUp.append(" COLLATE ").append(collation);
            }
            String driverSetUp = standard.createSessionVariableQuery(context);
            String ignoreSpace = context.hasClientCapability(org.mariadb.jdbc.util.constants.Capabilities.IGNORE_SPACE)
                    ? "sql_mode=CONCAT(@@sql_mode, ',IGNORE_SPACE')" : null;
            boolean separateSqlMode = false;
            if (driverSetUp != null && !driverSetUp.isBlank()) {
                String assignments = driverSetUp.trim();
                if (assignments.regionMatches(true, 0, SET, 0, SET.length())) {
                    assignments = assignments.substring(SET.length());
                }
                if (ignoreSpace != null && assignments.toLowerCase(Locale.ROOT).contains("sql_mode")) {
                    // The driver's own sql_mode assignment (strict mode for truncation checks) builds on
                    // @@sql_mode: a second assignment in the same SET would drop what the first added.
                    String merged = assignments.replace("@@sql_mode", "CONCAT(@@sql_mode, ',IGNORE_SPACE')");
                    separateSqlMode = merged.equals(assignments);
                    assignments = merged;
                    ignoreSpace = separateSqlMode ? ignoreSpace : null;
                }
                setUp.append(", ").append(assignments);
            }
            if (ignoreSpace != null && !separateSqlMode) {
                setUp.append(", ").append(ignoreSpace);
            }
            client.execute(new org.mariadb.jdbc.message.client.QueryPacket(setUp.toString()), true);
            if (ignoreSpace != null && separateSqlMode) {
                client.execute(new org.mariadb.jdbc.message.client.QueryPacket(SET + ignoreSpace), true);
            }
            return true;
        }
    }
}
