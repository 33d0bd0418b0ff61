package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What both supported drivers know of a physical connection without asking the server: its
 * server thread id (from the handshake), and its transaction state as the server reported it in
 * its last reply:
 * the {@code SERVER_STATUS_IN_TRANS} and {@code SERVER_STATUS_AUTOCOMMIT} flags of the MySQL
 * protocol's OK and EOF packets. Both supported drivers keep those flags, so reading them costs
 * no round trip, and they tell the truth however the transaction began ({@code setAutoCommit},
 * {@code START TRANSACTION}, {@code BEGIN}, {@code SET autocommit=0}).
 *
 * <p>Each driver's classes are touched only when that driver is on the class path and the
 * connection is one of its own; for any other connection the flags are {@link #UNKNOWN}, and
 * the caller must assume the worst: a transaction open and autocommit off.
 */
final class DriverState {

    /** {@code SERVER_STATUS_IN_TRANS}, the same bit in both drivers. */
    static final int IN_TRANSACTION = 1;
    /** {@code SERVER_STATUS_AUTOCOMMIT}. */
    static final int AUTOCOMMIT = 2;
    /** The driver's flags cannot be read. */
    static final int UNKNOWN = -1;

    private static final boolean CONNECTOR_J = present("com.mysql.cj.jdbc.JdbcConnection");
    private static final boolean MARIADB = present("org.mariadb.jdbc.Connection");

    private DriverState() {
    }

    /** The server status flags of the connection's last reply, or {@link #UNKNOWN}. */
    static int flags(Connection physical) {
        try {
            if (CONNECTOR_J && ConnectorJ.owns(physical)) {
                return ConnectorJ.statusFlags(physical);
            }
            if (MARIADB && MariaDb.owns(physical)) {
                return MariaDb.statusFlags(physical);
            }
        } catch (SQLException | RuntimeException | LinkageError e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    /** The connection's server thread id ({@code CONNECTION_ID()}) from the handshake, or -1. */
    static long threadId(Connection physical) {
        try {
            if (CONNECTOR_J && ConnectorJ.owns(physical)) {
                return ConnectorJ.threadId(physical);
            }
            if (MARIADB && MariaDb.owns(physical)) {
                return MariaDb.threadId(physical);
            }
        } catch (SQLException | RuntimeException | LinkageError e) {
            return -1;
        }
        return -1;
    }

    /** Whether the connection is Connector/J's own; false when Connector/J is absent. */
    static boolean isConnectorJ(Connection physical) {
        try {
            return CONNECTOR_J && ConnectorJ.owns(physical);
        } catch (SQLException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Whether the connection is the MariaDB driver's own; false when that driver is absent. */
    static boolean isMariaDb(Connection physical) {
        try {
            return MARIADB && MariaDb.owns(physical);
        } catch (SQLException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    static boolean inTransaction(int flags) {
        return flags == UNKNOWN || (flags & IN_TRANSACTION) != 0;
    }

    static boolean autoCommit(int flags) {
        return flags != UNKNOWN && (flags & AUTOCOMMIT) != 0;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, DriverState.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only when Connector/J is present. */
    private static final class ConnectorJ {
        static boolean owns(Connection physical) throws SQLException {
            return physical.isWrapperFor(com.mysql.cj.jdbc.JdbcConnection.class);
        }

        static int statusFlags(Connection physical) throws SQLException {
            return physical.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getSession().getServerSession().getStatusFlags();
        }

        static long threadId(Connection physical) throws SQLException {
            return physical.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId();
        }
    }

    /** Loaded only when the MariaDB driver is present. */
    private static final class MariaDb {
        static boolean owns(Connection physical) throws SQLException {
            return physical.isWrapperFor(org.mariadb.jdbc.Connection.class);
        }

        static int statusFlags(Connection physical) throws SQLException {
            return physical.unwrap(org.mariadb.jdbc.Connection.class).getContext().getServerStatus();
        }

        static long threadId(Connection physical) throws SQLException {
            return physical.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
        }
    }
}
