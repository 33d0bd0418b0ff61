package dev.serverlessmysql.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one real MySQL-protocol server of this JVM, started on first use and stopped when the
 * JVM exits. Chosen in this order: an external server named by {@code SERVERLESS_MYSQL_TEST_URL},
 * Testcontainers {@code mysql:8.4} when a Docker engine answers, else an embedded MariaDB.
 *
 * <p>Tests normally do not use this class directly: {@link MySqlTest} gives each test class its
 * own {@link TestDatabase} with its own unprivileged user.
 */
public final class MySqlTestServer {

    private static final Logger log = LoggerFactory.getLogger(MySqlTestServer.class);
    private static final AtomicInteger databaseCounter = new AtomicInteger();
    private static volatile MySqlTestServer instance;

    private final ServerBackend backend;
    private final String flavour;

    private MySqlTestServer(ServerBackend backend) {
        this.backend = backend;
        this.flavour = readVersion();
    }

    /** The server of this JVM, starting it on the first call. */
    public static MySqlTestServer get() {
        MySqlTestServer server = instance;
        if (server == null) {
            synchronized (MySqlTestServer.class) {
                server = instance;
                if (server == null) {
                    server = new MySqlTestServer(startBackend());
                    MySqlTestServer started = server;
                    Runtime.getRuntime().addShutdownHook(new Thread(started.backend::stop, "mysql-test-server-stop"));
                    log.info("Test server: {} ({})", started.backend.describe(), started.flavour);
                    instance = server;
                }
            }
        }
        return server;
    }

    /**
     * Stops this JVM's server now, if one was started, rather than in the shutdown hook: for a JVM
     * that may end without running its hooks (a JMH fork that is halted because the embedded
     * server's process watcher is a non-daemon thread). Later calls of {@link #get()} start a new one.
     */
    public static void stopNow() {
        synchronized (MySqlTestServer.class) {
            MySqlTestServer server = instance;
            instance = null;
            if (server != null) {
                server.backend.stop();
            }
        }
    }

    private static ServerBackend startBackend() {
        ServerBackend external = ExternalServer.fromEnvironment();
        if (external != null) {
            return external;
        }
        if (ContainerServer.dockerMayBeAvailable()) {
            ServerBackend container = ContainerServer.startIfDockerAnswers();
            if (container != null) {
                return container;
            }
        }
        return EmbeddedMariaDbServer.start();
    }

    /** Whether this server can be frozen and restarted from the test (an embedded server can). */
    public boolean canInjectFaults() {
        return backend.canInjectFaults();
    }

    /**
     * Skips the calling test unless this server can be frozen and restarted from here, with a
     * reason that names what the test needed and which server it got: surefire and failsafe count
     * the test as skipped and print the reason, so a run against MySQL or an external server shows
     * how many fault tests it did not run.
     *
     * @param fault what the test does to the server, such as "freezing the server"
     */
    public void assumeProcessControl(String fault) {
        Assumptions.assumeTrue(canInjectFaults(), () -> fault + " needs process control of the test server"
                + " (SIGSTOP/SIGCONT, stop and start), which only an embedded MariaDB started by this JVM gives;"
                + " the test server is " + backend.describe());
    }

    /**
     * Freezes the server process (SIGSTOP) until the returned handle is closed (SIGCONT): sockets
     * stay open and nothing answers, like a stalled network. Every admin helper blocks meanwhile.
     */
    public Frozen freeze() {
        backend.freeze();
        return new Frozen(backend);
    }

    /** Stops and starts the server again on the same port, with the same users and data. */
    public void restart() {
        backend.restart();
        if (backend instanceof EmbeddedMariaDbServer embedded) {
            try (Connection admin = adminConnection()) {
                embedded.afterRestart(admin);
            } catch (SQLException e) {
                throw new IllegalStateException("The restarted server does not answer: " + e.getMessage(), e);
            }
        }
    }

    /** A frozen server; closing this thaws it. */
    public static final class Frozen implements AutoCloseable {
        private final ServerBackend backend;
        private boolean thawed;

        private Frozen(ServerBackend backend) {
            this.backend = backend;
        }

        @Override
        public synchronized void close() {
            if (!thawed) {
                thawed = true;
                backend.thaw();
            }
        }
    }

    /** {@code host:port} of the server. */
    public String hostAndPort() {
        return backend.hostAndPort();
    }

    /**
     * A JDBC URL for Connector/J to the given database. Test servers speak plain TCP on
     * loopback, so the URL turns TLS off and lets MySQL 8 send its RSA key for passwords.
     */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + hostAndPort() + "/" + database + "?useSSL=false&allowPublicKeyRetrieval=true";
    }

    /** The server's {@code VERSION()}, for example {@code 11.4.5-MariaDB}. */
    public String version() {
        return flavour;
    }

    /** Whether the server is MariaDB rather than MySQL. */
    public boolean isMariaDb() {
        return flavour.toLowerCase().contains("mariadb");
    }

    /** A new connection as the administrator, with no database selected. Close it. */
    public Connection adminConnection() throws SQLException {
        return connect(null, backend.adminUser(), backend.adminPassword());
    }

    /** A new connection as the given user. Close it. */
    public Connection connect(String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database == null ? "" : database), properties);
    }

    /**
     * Creates a fresh database and an unprivileged user (no PROCESS, no SUPER) that owns it.
     * The name starts with the given prefix, made safe for SQL.
     */
    public TestDatabase createDatabase(String prefix) {
        String safe = prefix.replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        if (safe.length() > 16) {
            safe = safe.substring(safe.length() - 16);
        }
        String name = "t" + ProcessHandle.current().pid() + "_" + databaseCounter.incrementAndGet() + "_" + safe;
        // MySQL user names are at most 32 characters.
        String user = name.length() > 32 ? name.substring(0, 32) : name;
        String password = "pw-" + UUID.randomUUID();
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE `" + name + "`");
            statement.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
            statement.execute("GRANT ALL PRIVILEGES ON `" + name + "`.* TO '" + user + "'@'%'");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(this, name, user, password, null);
    }

    /** Creates another unprivileged user with all privileges on an existing test database. */
    TestDatabase createUser(TestDatabase database) {
        String user = "u" + ProcessHandle.current().pid() + "_" + databaseCounter.incrementAndGet();
        String password = "pw-" + UUID.randomUUID();
        executeAsAdmin("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
        executeAsAdmin("GRANT ALL PRIVILEGES ON `" + database.name() + "`.* TO '" + user + "'@'%'");
        return new TestDatabase(this, database.name(), user, password, database);
    }

    /**
     * Sets a global variable and returns a handle that restores the value it had before.
     * Use it in try-with-resources: {@code try (var restore = server.setGlobal("max_connections", 10)) { ... }}.
     */
    public GlobalRestore setGlobal(String variable, Object value) {
        requireVariableName(variable);
        String previous = readGlobal(variable);
        executeAsAdmin("SET GLOBAL " + variable + " = " + sqlLiteral(value));
        return new GlobalRestore(this, variable, previous);
    }

    /** The current value of a global variable, as text. */
    public String readGlobal(String variable) {
        requireVariableName(variable);
        return querySingle("SELECT @@GLOBAL." + variable);
    }

    void executeAsAdmin(String sql) {
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Admin statement failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    private String querySingle(String sql) {
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    private String readVersion() {
        return querySingle("SELECT VERSION()");
    }

    private static void requireVariableName(String variable) {
        if (!variable.matches("[A-Za-z_]+")) {
            throw new IllegalArgumentException("Not a variable name: " + variable);
        }
    }

    static String sqlLiteral(Object value) {
        if (value instanceof Number) {
            return value.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /** Restores a global variable to the value it had before {@link #setGlobal}. */
    public static final class GlobalRestore implements AutoCloseable {
        private final MySqlTestServer server;
        private final String variable;
        private final String previous;

        private GlobalRestore(MySqlTestServer server, String variable, String previous) {
            this.server = server;
            this.variable = variable;
            this.previous = previous;
        }

        /** The value before the change. */
        public String previous() {
            return previous;
        }

        @Override
        public void close() {
            String literal = previous.matches("-?\\d+") ? previous : sqlLiteral(previous);
            server.executeAsAdmin("SET GLOBAL " + variable + " = " + literal);
        }
    }
}
