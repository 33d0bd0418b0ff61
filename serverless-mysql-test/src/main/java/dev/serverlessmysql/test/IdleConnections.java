package dev.serverlessmysql.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections held open and idle, like the sockets of frozen Lambda containers.
 * Closing the handle closes those still open.
 */
public final class IdleConnections implements AutoCloseable {

    private final TestDatabase database;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Long> threadIds = new ArrayList<>();

    IdleConnections(TestDatabase database) {
        this.database = database;
    }

    synchronized void add(Connection connection) throws SQLException {
        long id;
        try {
            id = TestDatabase.connectionId(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        connections.add(connection);
        threadIds.add(id);
    }

    /** The server thread ids of the connections still held, oldest first. */
    public synchronized List<Long> threadIds() {
        return List.copyOf(threadIds);
    }

    /** How many connections are still held. */
    public synchronized int size() {
        return connections.size();
    }

    /** Waits until all of them have slept at least {@code atLeast} on the server. */
    public List<ServerThread> awaitSleeping(Duration atLeast) {
        return database.awaitSleeping(threadIds(), atLeast);
    }

    /**
     * Closes the newest {@code count} connections and waits until the server has let their
     * threads go, so that their slots are free when this returns (a closed thread lingers a
     * moment on a loaded machine, and a test that reconnected at once could still be refused).
     */
    public synchronized void release(int count) {
        List<Long> released = new java.util.ArrayList<>();
        for (int i = 0; i < count && !connections.isEmpty(); i++) {
            int last = connections.size() - 1;
            closeQuietly(connections.remove(last));
            released.add(threadIds.remove(last));
        }
        released.forEach(database::awaitThreadGone);
    }

    @Override
    public synchronized void close() {
        release(connections.size());
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // A killed connection cannot be closed cleanly; its slot is free all the same.
        }
    }

    @Override
    public synchronized String toString() {
        return "IdleConnections" + threadIds;
    }
}
