package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlDataSource;

import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;

/**
 * Pool metadata of a {@link ServerlessMySqlDataSource}: a "pool" of at most one connection,
 * opened lazily. Read from {@code stats()}; it never opens a connection.
 */
final class ServerlessMySqlPoolMetadata implements DataSourcePoolMetadata {

    @SuppressWarnings("unused") // for active and idle, once the core exposes the lease state
    private final ServerlessMySqlDataSource dataSource;

    ServerlessMySqlPoolMetadata(ServerlessMySqlDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Unknown: the core does not expose whether the lease is held (see {@link #getActive()}). */
    @Override
    public Float getUsage() {
        Integer active = getActive();
        return active == null ? null : active.floatValue();
    }

    /**
     * Not yet known: the core's public API says whether a connection is open, not whether it is
     * leased right now. Boot leaves the "active" meter out when this is {@code null}.
     */
    @Override
    public Integer getActive() {
        return null;
    }

    @Override
    public Integer getMax() {
        return 1;
    }

    /** Opened lazily, and given up under pressure: the pool may hold none. */
    @Override
    public Integer getMin() {
        return 0;
    }

    /** Thaw validation uses {@code Connection.isValid}, not a query. */
    @Override
    public String getValidationQuery() {
        return null;
    }

    /** Leases are reset to the driver's default (autocommit on) when returned. */
    @Override
    public Boolean getDefaultAutoCommit() {
        return Boolean.TRUE;
    }
}
