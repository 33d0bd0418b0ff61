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
}
