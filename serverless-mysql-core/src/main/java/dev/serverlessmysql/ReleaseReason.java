package dev.serverlessmysql;

/** Why the DataSource closed its physical connection. */
public enum ReleaseReason {
    /** The server stayed over the utilization threshold and no zombie could be killed. */
    SERVER_BUSY,
    /** A CRaC / SnapStart checkpoint is about to be taken. */
    CHECKPOINT,
    /** A statement failed in a way that leaves the connection unusable (SQLState 08, killed). */
    BROKEN,
    /** A thaw found the connection dead (failed validation, or idle past {@code wait_timeout}). */
    DEAD_ON_THAW,
    /** The DataSource was closed. */
    CLOSED,
    /**
     * A lease came back with a streaming result set not read to the end: closing it would read
     * the rest from the socket first, so the connection is closed instead.
     */
    UNREAD_RESULT,
    /**
     * A lease left session state behind in SQL (locks, variables, temporary tables, ...) that the
     * driver cannot reset in place (an unknown driver; Connector/J with {@code paranoid}, or with
     * {@code useServerPrepStmts} and {@code cachePrepStmts}): the connection is closed instead.
     */
    SESSION_STATE,
    /**
     * The invocation ended while a thread other than the invocation's own still held the lease
     * (a worker thread that never closed it): the lease was taken back and, since that thread may
     * still be using the socket, the connection closed rather than reused.
     */
    LEFT_ON_ANOTHER_THREAD
}
