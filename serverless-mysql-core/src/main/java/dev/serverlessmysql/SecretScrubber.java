package dev.serverlessmysql;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

/**
 * Keeps secrets out of the exceptions a driver throws: its messages may echo the URL, a part of
 * it, or the password. The URL's secrets come from {@link JdbcUrls}; every one found is replaced
 * by {@link JdbcUrls#MASK} in a copy of the exception chain.
 */
final class SecretScrubber {

    /**
     * A secret-looking key and its value in a driver's message ({@code password=x},
     * {@code trustStorePassword = 'x'}), wherever it stands: the value is masked whether or not it
     * is the password we know. A colon does not count ("using password: YES" says no secret).
     */
    private static final Pattern SECRET_PAIR = Pattern.compile(
            "(?i)((?<![\\w.%-])[\\w.%-]*(?:password|passwd|pwd|secret)[\\w.%-]*\\s*=\\s*)"
                    + "('[^']*'|\"[^\"]*\"|[^\\s&;,)}'\"]*)");

    private SecretScrubber() {
    }

    /**
     * The exception itself when no message in its chain carries one of the URLs or a secret of
     * them or the password; else a copy of the chain with those replaced by the masked URL and
     * {@value JdbcUrls#MASK}. Copies keep the JDBC exception class, SQLState, vendor code and
     * stack, and the network exception classes that tell a retryable failure from a fatal one (refused, timed
     * out, reset, end of stream: {@link ErrorClassifier} reads them).
     */
    static SQLException withoutSecrets(SQLException e, List<String> urls, String password) {
        List<String> hidden = new ArrayList<>();
        for (String url : urls) {
            hidden.addAll(JdbcUrls.secrets(url));
        }
        if (password != null && !password.isEmpty()) {
            hidden.add(password);
        }
        hidden.sort((a, b) -> b.length() - a.length());
        Scrubber scrubber = new Scrubber(urls, hidden);
        return scrubber.carries(e, 0) ? (SQLException) scrubber.copy(e, 0) : e;
    }

    private record Scrubber(List<String> urls, List<String> hidden) {
        private static final int MAX_DEPTH = 20;

        String clean(String text) {
            if (text == null) {
                return null;
            }
            for (String url : urls) {
                text = text.replace(url, JdbcUrls.withoutSecrets(url));
            }
            text = SECRET_PAIR.matcher(text).replaceAll("$1" + JdbcUrls.MASK);
            for (String secret : hidden) {
                text = maskWhereItStandsApart(text, secret);
            }
            return text;
        }

        boolean dirty(String text) {
            return text != null && !text.equals(clean(text));
        }

        boolean carries(Throwable t, int depth) {
            if (t == null || depth > MAX_DEPTH) {
                return false;
            }
            if (dirty(t.getMessage()) || carries(t.getCause(), depth + 1)) {
                return true;
            }
            return t instanceof SQLException sql && carries(sql.getNextException(), depth + 1);
        }

        Throwable copy(Throwable t, int depth) {
            if (depth > MAX_DEPTH) {
                return null;
            }
            if (!carries(t, depth)) {
                return t;
            }
            Throwable cause = t.getCause() == null ? null : copy(t.getCause(), depth + 1);
            String message = clean(t.getMessage());
            Throwable copy;
            if (t instanceof SQLException sql) {
                SQLException sqlCopy = copySql(sql, message, cause);
                if (sql.getNextException() != null) {
                    Throwable next = copy(sql.getNextException(), depth + 1);
                    if (next instanceof SQLException nextSql) {
                        sqlCopy.setNextException(nextSql);
                    }
                }
                copy = sqlCopy;
            } else if (t instanceof UnknownHostException) {
                copy = new UnknownHostException(message);
            } else if (t instanceof SocketTimeoutException) {
                copy = new SocketTimeoutException(message);
            } else if (t instanceof ConnectException) {
                copy = new ConnectException(message);
            } else if (t instanceof SocketException) {
                copy = new SocketException(message);
            } else if (t instanceof EOFException) {
                copy = new EOFException(message);
            } else if (t instanceof SSLException) {
                copy = new SSLException(message, cause);
            } else {
                copy = new ScrubbedException(t.getClass().getName(), message);
            }
            if (cause != null && copy.getCause() == null) {
                copy.initCause(cause);
            }
            copy.setStackTrace(t.getStackTrace());
            return copy;
        }

        private static SQLException copySql(SQLException e, String message, Throwable cause) {
            String state = e.getSQLState();
            int code = e.getErrorCode();
            if (e instanceof SQLInvalidAuthorizationSpecException) {
                return new SQLInvalidAuthorizationSpecException(message, state, code, cause);
            } else if (e instanceof SQLNonTransientConnectionException) {
                return new SQLNonTransientConnectionException(message, state, code, cause);
            } else if (e instanceof SQLSyntaxErrorException) {
                return new SQLSyntaxErrorException(message, state, code, cause);
            } else if (e instanceof SQLNonTransientException) {
                return new SQLNonTransientException(message, state, code, cause);
            } else if (e instanceof SQLTransientConnectionException) {
                return new SQLTransientConnectionException(message, state, code, cause);
            } else if (e instanceof SQLTimeoutException) {
                return new SQLTimeoutException(message, state, code, cause);
            } else if (e instanceof SQLTransientException) {
                return new SQLTransientException(message, state, code, cause);
            } else if (e instanceof SQLRecoverableException) {
                return new SQLRecoverableException(message, state, code, cause);
            }
            return new SQLException(message, state, code, cause);
        }
    }

    /**
     * Every occurrence of {@code secret} in {@code text} that stands apart, replaced by the mask:
     * where the secret begins with a letter, digit or underscore, the character before it must not
     * be one, and likewise at its end. So a value is masked wherever a driver puts it (after
     * {@code =} or {@code :}, before {@code @}, quoted, alone), while a word that merely contains a
     * short password stays readable: masking inside words garbled messages and, by where the masks
     * fell, told the password.
     */
    static String maskWhereItStandsApart(String text, String secret) {
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        int found;
        while ((found = text.indexOf(secret, from)) >= 0) {
            int end = found + secret.length();
            boolean apartBefore = found == 0 || !isWordChar(secret.charAt(0)) || !isWordChar(text.charAt(found - 1));
            boolean apartAfter = end == text.length() || !isWordChar(secret.charAt(secret.length() - 1))
                    || !isWordChar(text.charAt(end));
            if (apartBefore && apartAfter) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, found).append(JdbcUrls.MASK);
                copied = end;
                from = end;
            } else {
                from = found + 1;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Stands in for an exception of another class whose message had to be masked. */
    private static final class ScrubbedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String originalClass;

        ScrubbedException(String originalClass, String message) {
            super(message);
            this.originalClass = originalClass;
        }

        @Override
        public String toString() {
            String message = getMessage();
            return originalClass + (message != null ? ": " + message : "");
        }
    }
}
