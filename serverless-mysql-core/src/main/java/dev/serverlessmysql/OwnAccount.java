package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a thread of the configured user name belongs to this DataSource's own account, which
 * is {@code 'user'@'host pattern'} ({@code CURRENT_USER()}): the server lets a session KILL every
 * thread of the same user NAME, whatever its account, so the reaper must tell accounts apart.
 *
 * <p>The server resolves a login to the account whose host pattern matches the client host most
 * specifically. From the processlist ({@code USER}, {@code HOST}) this class can tell:
 * <ul>
 * <li>a thread whose client host does not match the own host pattern belongs to another account:
 *     never own (the listing's SQL filters it out, and {@link #isOwn} checks again);</li>
 * <li>a thread whose client host equals this session's own client host resolved to the same
 *     account as this session: own;</li>
 * <li>any other thread matching the own pattern may belong to a more specific account of the
 *     same name (own {@code 'app'@'%'} beside {@code 'app'@'10.0.0.5'}). When the grant tables
 *     are readable ({@code mysql.user}, or {@code mysql.global_priv} on MariaDB), a thread whose
 *     host another account of the name (or an anonymous one) matches is spared unless the own
 *     pattern is surely more specific; when they are not readable, the thread counts as own, as
 *     the README says, and one user name per function makes it exact.</li>
 * </ul>
 * A host pattern with a netmask ({@code 10.0.0.0/255.255.255.0}) matches no thread here: such an
 * account's zombies are never killed. Host names (a server without {@code skip_name_resolve})
 * are compared as the processlist shows them.
 */
final class OwnAccount {

    private static final Logger log = LoggerFactory.getLogger(OwnAccount.class);

    /** The client host of a processlist HOST ({@code host:port}, or {@code localhost} for a socket). */
    static String clientHostSql(String host) {
        return "IF(LOCATE(':', " + host + ") > 0, SUBSTRING(" + host + ", 1, CHAR_LENGTH(" + host + ") - LOCATE(':',"
                + " REVERSE(" + host + "))), " + host + ")";
    }

    /** The host part of {@code CURRENT_USER()}: everything after the last {@code @}. */
    static final String OWN_PATTERN_SQL = "SUBSTRING(CURRENT_USER(), CHAR_LENGTH(CURRENT_USER())"
            + " - LOCATE('@', REVERSE(CURRENT_USER())) + 2)";

    /**
     * The listing's extra columns: the thread's client host, this session's client host and its
     * account's host pattern; and its condition: the client host matches the own pattern.
     */
    static final String COLUMNS = ", " + clientHostSql("p.HOST") + " AS client_host, "
            + clientHostSql("(SELECT q.HOST FROM information_schema.PROCESSLIST q WHERE q.ID = CONNECTION_ID())")
            + " AS own_client_host, " + OWN_PATTERN_SQL + " AS own_pattern";
    static final String MATCHES_OWN_PATTERN = " AND " + clientHostSql("p.HOST") + " LIKE " + OWN_PATTERN_SQL;

    private static final String[] GRANT_TABLE_QUERIES = {
        "SELECT Host FROM mysql.user WHERE User = ? OR User = ''",
        "SELECT Host FROM mysql.global_priv WHERE User = ? OR User = ''",
    };

    private final String username;
    /**
     * null until needed; then the host patterns of every account named like ours or anonymous,
     * ours included, or an empty list when the grant tables could not be read.
     */
    private volatile List<String> accountHosts;
    private volatile boolean readable;

    OwnAccount(String username) {
        this.username = username;
    }

    /**
     * Whether a listed thread is this account's. Reads the grant tables once (one statement, or
     * two when the first is denied) the first time a thread from another client host matches.
     */
    boolean isOwn(Connection own, Counters counters, String clientHost, String ownClientHost, String ownPattern)
            throws SQLException {
        if (clientHost == null || ownPattern == null || !matches(ownPattern, clientHost)) {
            return false;
        }
        if (clientHost.equalsIgnoreCase(ownClientHost) || !hasWildcard(ownPattern)) {
            // The same user name from the same host resolves to the same account; and a literal
            // own host is the most specific pattern there is.
            return true;
        }
        List<String> hosts = accountHosts(own, counters);
        for (String other : hosts) {
            if (!other.equalsIgnoreCase(ownPattern) && matches(other, clientHost) && !lessSpecific(other, ownPattern)) {
                log.debug("Thread from {} matches both this account's host '{}' and another account's '{}' of user '{}'"
                        + " (or an anonymous one); it is spared", clientHost, ownPattern, other, username);
                return false;
            }
        }
        return true;
    }

    /** Whether the grant tables could be read (tests). */
    boolean grantTablesReadable() {
        return readable;
    }

    /** Forgets what was read (after a restore, accounts may differ). */
    void clear() {
        accountHosts = null;
        readable = false;
    }

    private List<String> accountHosts(Connection own, Counters counters) throws SQLException {
        List<String> known = accountHosts;
        if (known != null) {
            return known;
        }
        for (String sql : GRANT_TABLE_QUERIES) {
            counters.housekeepingStatements.incrementAndGet();
            try (PreparedStatement statement = own.prepareStatement(sql)) {
                statement.setString(1, username);
                List<String> hosts = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        hosts.add(rows.getString(1));
                    }
                }
                readable = true;
                accountHosts = List.copyOf(hosts);
                return accountHosts;
            } catch (SQLException e) {
                if (ErrorClassifier.isConnectionBroken(e)) {
                    throw e;
                }
                // Denied (1142, 1143) or no such table: try the next, else count as unknown.
            }
        }
        log.debug("The grant tables are not readable for user '{}': housekeeping counts every thread of the user whose"
                + " host matches this account's host pattern as this account's. Another account of the same name whose"
                + " host pattern is more specific cannot be told apart; use one user name per function, or grant"
                + " SELECT (User, Host) ON mysql.user to make it exact", username);
        accountHosts = List.of();
        return accountHosts;
    }

    /**
     * Whether {@code other} surely sorts after {@code own} in the server's account order: any-host
     * patterns ({@code %}, empty) come after every more specific one.
     */
    private static boolean lessSpecific(String other, String own) {
        return isAnyHost(other) && !isAnyHost(own);
    }

    private static boolean isAnyHost(String pattern) {
        return pattern.isEmpty() || pattern.equals("%");
    }

    private static boolean hasWildcard(String pattern) {
        return pattern.indexOf('%') >= 0 || pattern.indexOf('_') >= 0 || pattern.indexOf('/') >= 0 || pattern.isEmpty();
    }

    /**
     * SQL LIKE as the server matches host patterns: {@code %} any run, {@code _} one character,
     * backslash escapes, case-insensitive; an empty pattern matches any host. A netmask pattern
     * ({@code a.b.c.d/m.m.m.m}) matches nothing here.
     */
    static boolean matches(String pattern, String host) {
        if (pattern.isEmpty()) {
            return true;
        }
        if (pattern.indexOf('/') >= 0) {
            return false;
        }
        return like(pattern.toLowerCase(Locale.ROOT), 0, host.toLowerCase(Locale.ROOT), 0);
    }

    private static boolean like(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                for (int k = si; k <= s.length(); k++) {
                    if (like(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '\\' && pi + 1 < p.length()) {
                pi++;
                c = p.charAt(pi);
                if (s.charAt(si) != c) {
                    return false;
                }
            } else if (c != '_' && s.charAt(si) != c) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
