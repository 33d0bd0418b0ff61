package dev.serverlessmysql.test;

/**
 * Where the test server runs: an external server, a container or an embedded MariaDB.
 * A backend knows how to reach the server as an administrator and how to stop it.
 */
interface ServerBackend {

    /** A short description for logs, such as "embedded MariaDB 11.4.5 on 127.0.0.1:33061". */
    String describe();

    /** Host and port, as {@code host:port}. */
    String hostAndPort();

    /** A user that may {@code SET GLOBAL}, create databases and create users. */
    String adminUser();

    String adminPassword();

    /** Stops the server if this JVM started it; an external server is left running. */
    void stop();

    /** Whether {@link #freeze()}, {@link #thaw()} and {@link #restart()} work: only for a server this JVM started. */
    default boolean canInjectFaults() {
        return false;
    }

    /** Stops the server process with SIGSTOP: sockets stay open, nothing answers. */
    default void freeze() {
        throw new UnsupportedOperationException(describe() + " cannot be frozen from here");
    }

    /** Resumes a frozen server with SIGCONT. */
    default void thaw() {
        throw new UnsupportedOperationException(describe() + " cannot be thawed from here");
    }

    /** Stops the server and starts it again on the same port and data. */
    default void restart() {
        throw new UnsupportedOperationException(describe() + " cannot be restarted from here");
    }
}
