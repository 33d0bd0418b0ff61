package dev.serverlessmysql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The JDBC session settings a lease's caller changed: the first change of each remembers the value
 * before it, and the return of the lease sets it back, as a pool does. Nothing is read while the
 * caller changes nothing. Written by the holder's calls, read on return after the lease became
 * inert (the lease's volatile {@code returned} orders the two).
 */
final class ChangedSettings {

    /** Another only when a thawed connection's first call found it dead, before any setting changed. */
    private Connection physical;
    private Integer isolation;
    private Boolean readOnly;
    private String catalog;
    private boolean catalogChanged;
    private String schema;
    private boolean schemaChanged;
    private Integer networkTimeout;

    ChangedSettings(Connection physical) {
        this.physical = physical;
    }

    /** The connection that replaced a dead one (the holder's thread, before any setting changed). */
    void retarget(Connection fresh) {
        physical = fresh;
    }

    void isolationChanging() throws SQLException {
        if (isolation == null) {
            isolation = physical.getTransactionIsolation();
        }
    }

    void readOnlyChanging() throws SQLException {
        if (readOnly == null) {
            readOnly = physical.isReadOnly();
        }
    }

    void catalogChanging() throws SQLException {
        if (!catalogChanged) {
            catalogChanged = true;
            catalog = physical.getCatalog();
        }
    }

    void schemaChanging() throws SQLException {
        if (!schemaChanged) {
            schemaChanged = true;
            schema = physical.getSchema();
        }
    }

    void networkTimeoutChanging() throws SQLException {
        if (networkTimeout == null) {
            networkTimeout = physical.getNetworkTimeout();
        }
    }

    /** The default database the lease began with: the driver's answer (no round trip) unless setCatalog changed it. */
    String catalogAtStart() throws SQLException {
        return catalogChanged ? catalog : physical.getCatalog();
    }

    /** Sets back what was changed. */
    void restore() throws SQLException {
        if (isolation != null) {
            physical.setTransactionIsolation(isolation);
        }
        if (readOnly != null) {
            physical.setReadOnly(readOnly);
        }
        if (catalogChanged && catalog != null) {
            physical.setCatalog(catalog);
        }
        if (schemaChanged && schema != null) {
            physical.setSchema(schema);
        }
        if (networkTimeout != null) {
            physical.setNetworkTimeout(DirectExecutor.INSTANCE, networkTimeout);
        }
    }
}
