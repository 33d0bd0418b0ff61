package dev.serverlessmysql;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Receives the DataSource's events, on the thread that caused them. Every method has an empty
 * default, so implement only what you need. A listener must not throw; an exception it throws is
 * logged and otherwise ignored.
 */
public interface ServerlessMySqlListener {

    /** A physical connection was opened after {@code attempts} attempts, taking {@code elapsed}. */
    default void onConnected(int attempts, Duration elapsed) {
    }

    /**
     * Connecting failed for good: a non-retryable error, or retries exhausted.
     *
     * @param attempts how many attempts were made
     * @param cause the last error the server or driver gave
     */
    default void onConnectFailed(int attempts, SQLException cause) {
    }

    /** A capacity error will be retried after {@code delay}; {@code attempt} counts from 1. */
    default void onRetry(int attempt, Duration delay, SQLException cause) {
    }

    /**
     * A lease found the connection idle for {@code idle} (or first after a restore) and checked it.
     *
     * @param survived whether the connection was still alive and was handed out
     */
    default void onThaw(Duration idle, boolean survived) {
    }

    /** The physical connection was closed by the DataSource, for {@code reason}. */
    default void onReleased(ReleaseReason reason) {
    }

    /** A sleeping thread of this user was killed at invocation end. */
    default void onZombieKilled(long threadId, long idleSeconds) {
    }

    /** A KILL failed for a reason other than "the thread is already gone". */
    default void onKillFailed(long threadId, SQLException cause) {
    }

    /**
     * The server's connection usage as housekeeping saw it.
     *
     * @param used connections counted against the limit
     * @param limit the effective limit: {@code max_user_connections} when it applies, else
     *        {@code max_connections}
     */
    default void onUsageSampled(int used, int limit) {
    }
}
