package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongSupplier;

/** Placeholder for invocation-end housekeeping: usage, zombie reaping, release under pressure. */
final class Housekeeping {

    Housekeeping(ServerlessMySqlConfig config, Counters counters, Events events, LongSupplier nanoClock) {
    }

    /**
     * One invocation-end run on the own (leased, idle, autocommit) connection. Never called when
     * {@code zombie.enabled=false}.
     *
     * @return true when the own connection should be closed: the server stays over the threshold
     *         and nothing could be killed
     */
    boolean run(Connection own) throws SQLException {
        return false;
    }

    /** Forgets cached limit and usage (after a CRaC restore). */
    void clearCaches() {
    }

    /** The session {@code wait_timeout} in seconds as last read from the server, or -1 when unknown. */
    long sessionWaitTimeoutSeconds() {
        return -1;
    }
}
