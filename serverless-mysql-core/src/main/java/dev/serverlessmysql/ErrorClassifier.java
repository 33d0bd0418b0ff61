package dev.serverlessmysql;

import java.sql.SQLException;

/** Placeholder for the one place that decides retry / broken / fatal. */
final class ErrorClassifier {

    /** What to do after a connect attempt failed. */
    enum ConnectVerdict {
        /** A capacity or network error that may heal by waiting: back off and try again. */
        RETRY,
        /** An error that waiting cannot heal (access denied, unknown database, bad URL, TLS setup). */
        FATAL
    }

    private ErrorClassifier() {
    }

    /** Classifies a failed connect attempt, walking the cause chain. */
    static ConnectVerdict classifyConnectFailure(SQLException e) {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Whether a statement failure leaves the connection unusable (SQLState 08, killed, server gone). */
    static boolean isConnectionBroken(SQLException e) {
        throw new UnsupportedOperationException("not written yet");
    }

    /** The first non-zero vendor code in the chain, or 0. */
    static int vendorCode(SQLException e) {
        throw new UnsupportedOperationException("not written yet");
    }
}
