package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlDataSource;

import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;

/**
 * Pool metadata of a {@link ServerlessMySqlDataSource}: a "pool" of at most
 * {@code max-connections-per-environment} connections (one on classic Lambda), opened lazily. Spring
 * Boot publishes it as the {@code jdbc.connections.*} meters. Read from the DataSource's state; it
 * never opens a connection.
 */
final class ServerlessMySqlPoolMetadata implements DataSourcePoolMetadata {

    private final ServerlessMySqlDataSource dataSource;

    ServerlessMySqlPoolMetadata(ServerlessMySqlDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Active connections divided by the most the DataSource may hold. */
    @Override
    public Float getUsage() {
        return getActive().floatValue() / getMax();
    }

    /**
     * 1 while a caller holds a lease, else 0: exact with one connection per environment; with
     * several it says whether any is leased.
     */
    @Override
    public Integer getActive() {
        return dataSource.stats().leased() ? 1 : 0;
    }

    /** Open connections not counted as active. */
    @Override
    public Integer getIdle() {
        return Math.max(0, dataSource.openConnections() - getActive());
    }

    /** {@code max-connections-per-environment}: 1 on classic Lambda. */
    @Override
    public Integer getMax() {
        return dataSource.config().maxConnectionsPerEnvironment();
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
