package dev.serverlessmysql.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A database of its own and an unprivileged user of its own (no PROCESS, no SUPER) on the
 * shared {@link MySqlTestServer}, so that one test class's zombies, limits and KILLs cannot
 * touch another's. Closing it kills the user's threads and drops the user and the database.
 */
public final class TestDatabase implements AutoCloseable {

    private final MySqlTestServer server;
    private final String name;
    private final String username;
    private final String password;
    private final TestDatabase owner;
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

    TestDatabase(MySqlTestServer server, String name, String username, String password, TestDatabase owner) {
        this.server = server;
        this.name = name;
        this.username = username;
        this.password = password;
        this.owner = owner;
    }

    /** The server this database lives on. */
    public MySqlTestServer server() {
        return server;
    }

    /** The database (schema) name. */
    public String name() {
        return name;
    }

    /** The user that owns this database; it has no global privileges. */
    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** A Connector/J URL for this database. */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** A new connection as this database's user. The caller closes it. */
    public Connection connect() throws SQLException {
        return server.connect(name, username, password);
    }

    /**
     * Another unprivileged user with all privileges on this same database, dropped when this
     * database is closed. Its connections are "another user's" for zombie tests.
     */
    public TestDatabase newUser() {
        TestDatabase other = server.createUser(this);
        resources.add(other);
        return other;
    }

    /**
     * Opens {@code count} connections as this user and keeps them open and idle, the way a
     * frozen Lambda container keeps its socket: zombies. They are closed with the returned handle
     * or, at the latest, when this database is closed.
     *
     * @throws SQLException when the server refuses one (for example 1040, too many connections);
     *         the connections opened before it are closed
     */
    public IdleConnections openIdleConnections(int count) throws SQLException {
        IdleConnections idle = new IdleConnections(this);
        try {
            for (int i = 0; i < count; i++) {
                idle.add(connect());
            }
        } catch (SQLException e) {
            idle.close();
            throw e;
        }
        resources.add(idle);
        return idle;
    }

    /**
     * Opens idle connections as this user until the server refuses one as full (1040, too many
     * connections) twice, {@link #FILL_SETTLE} apart with no connect let in between, then closes
     * {@code leaveFree} of them again: the server then has exactly that many free slots, whatever
     * other connections were open or still closing (one that was closing at the first refusal frees
     * its slot a moment later, and the fill takes it). Counting free slots from
     * {@code Threads_connected} instead races with connections the server is still tearing down.
     * The administrator keeps the one extra slot MySQL and MariaDB reserve for it.
     *
     * @throws IllegalStateException when the server still accepts connections after 1000 (lower
     *         {@code max_connections} first) or refuses for another reason
     */
    public IdleConnections fillServer(int leaveFree) {
        IdleConnections idle = new IdleConnections(this);
        resources.add(idle);
        boolean refusedOnce = false;
        for (int i = 0; ; i++) {
            if (i == 1000) {
                idle.close();
                throw new IllegalStateException("The server still accepts connections after 1000; lower max_connections first");
            }
            Connection connection;
            try {
                connection = connect();
            } catch (SQLException e) {
                if (e.getErrorCode() == TOO_MANY_CONNECTIONS || isTooManyConnections(e)) {
                    if (refusedOnce) {
                        break;
                    }
                    refusedOnce = true;
                    sleepQuietly(FILL_SETTLE);
                    continue;
                }
                idle.close();
                throw new IllegalStateException("Filling the server failed: " + e.getMessage(), e);
            }
            refusedOnce = false;
            try {
                idle.add(connection);
            } catch (SQLException e) {
                idle.close();
                throw new IllegalStateException("Filling the server failed: " + e.getMessage(), e);
            }
        }
        if (idle.size() < leaveFree) {
            idle.close();
            throw new IllegalStateException("Only " + idle.size() + " slots were free; cannot leave " + leaveFree);
        }
        idle.release(leaveFree);
        return idle;
    }

    private static final int TOO_MANY_CONNECTIONS = 1040;
    /** How long {@link #fillServer} waits after a refusal for slots of connections still closing. */
    private static final Duration FILL_SETTLE = Duration.ofMillis(300);

    private static boolean isTooManyConnections(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == TOO_MANY_CONNECTIONS) {
                return true;
            }
        }
        return false;
    }

    /** This user's threads as the administrator sees them in {@code information_schema.processlist}. */
    public List<ServerThread> threads() {
        String sql = "SELECT ID, USER, COMMAND, TIME FROM information_schema.PROCESSLIST WHERE USER = ? ORDER BY ID";
        try (Connection admin = server.adminConnection(); PreparedStatement statement = admin.prepareStatement(sql)) {
            statement.setString(1, username);
            try (ResultSet rows = statement.executeQuery()) {
                List<ServerThread> threads = new ArrayList<>();
                while (rows.next()) {
                    threads.add(new ServerThread(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4)));
                }
                return threads;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the processlist: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until every given thread is in {@code Sleep} for at least {@code atLeast}
     * (the processlist counts whole seconds) and returns their rows.
     *
     * @throws IllegalStateException when that has not happened within {@code atLeast} plus 15 seconds
     */
    public List<ServerThread> awaitSleeping(Collection<Long> threadIds, Duration atLeast) {
        long deadline = System.nanoTime() + atLeast.plusSeconds(15).toNanos();
        long seconds = (atLeast.toMillis() + 999) / 1000;
        while (true) {
            List<ServerThread> matching = threads().stream()
                    .filter(thread -> threadIds.contains(thread.id()))
                    .toList();
            boolean allAsleep = matching.size() == threadIds.size()
                    && matching.stream().allMatch(thread -> thread.isSleeping() && thread.timeSeconds() >= seconds);
            if (allAsleep) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Threads " + threadIds + " were not all asleep for " + atLeast
                        + "; processlist shows " + matching);
            }
            sleepQuietly(Duration.ofMillis(200));
        }
    }

    /**
     * Waits until this user has no thread in the processlist: the connections of an earlier test
     * method (the user is the test class's) leave it a moment after their clients closed them.
     *
     * @throws AssertionError when some are still listed after 60 seconds
     */
    public void awaitNoThreads() {
        Await.until("no thread of " + username + " in the processlist", Duration.ofSeconds(60), () -> threads().isEmpty());
    }

    /**
     * Waits until the server no longer lists the thread: a closed or killed connection's thread
     * lingers in the processlist for a moment.
     *
     * @throws AssertionError when it is still listed after 60 seconds
     */
    public void awaitThreadGone(long threadId) {
        Await.until("thread " + threadId + " gone from the processlist", Duration.ofSeconds(60), () -> {
            try {
                return threads().stream().noneMatch(thread -> thread.id() == threadId);
            } catch (IllegalStateException serverStillFull) {
                // Reading the processlist needs a slot, which the threads being waited for still hold.
                return false;
            }
        });
    }

    /** Sets this user's own connection limit ({@code ALTER USER ... WITH MAX_USER_CONNECTIONS n}). */
    public void setMaxUserConnections(int limit) {
        server.executeAsAdmin("ALTER USER '" + username + "'@'%' WITH MAX_USER_CONNECTIONS " + limit);
    }

    /** Grants this user the PROCESS privilege, so it may see every thread and InnoDB transactions. */
    public void grantProcess() {
        server.executeAsAdmin("GRANT PROCESS ON *.* TO '" + username + "'@'%'");
    }

    /**
     * Drops this database but keeps the user and its grants, so that connecting to it fails with
     * "unknown database" (1049) rather than "access denied".
     */
    public void dropDatabase() {
        server.executeAsAdmin("DROP DATABASE IF EXISTS `" + name + "`");
    }

    /** Kills one thread as the administrator, as a zombie reaper in another container would. */
    public void killThread(long threadId) {
        server.executeAsAdmin("KILL " + threadId);
    }

    /** Kills every thread of this user. */
    public void killAllThreads() {
        for (ServerThread thread : threads()) {
            try {
                killThread(thread.id());
            } catch (IllegalStateException alreadyGone) {
                // It ended between the listing and the KILL.
            }
        }
    }

    /** The thread id ({@code CONNECTION_ID()}) of a connection. */
    public static long connectionId(Connection connection) throws SQLException {
        return queryLong(connection, "SELECT CONNECTION_ID()");
    }

    /** The first column of the first row of a query, as a number. */
    public static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The first column of the first row of a query, as text. */
    public static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Runs one statement. */
    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** {@link #queryLong(Connection, String)} on a connection of this user opened for it. */
    public long queryLong(String sql) throws SQLException {
        try (Connection connection = connect()) {
            return queryLong(connection, sql);
        }
    }

    /** Kills this user's threads, drops its users and database. */
    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // Best effort: the database is going away.
            }
        }
        killAllThreads();
        server.executeAsAdmin("DROP USER IF EXISTS '" + username + "'@'%'");
        if (owner == null) {
            server.executeAsAdmin("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }

    static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + ", user " + username + " on " + server.hostAndPort() + "]";
    }
}
