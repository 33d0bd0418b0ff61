package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.Stats;

import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;

/**
 * Pool metadata of a {@link ServerlessMySqlDataSource}: a "pool" of at most one connection,
 * opened lazily. Read from {@code stats()}; it never opens a connection.
 */
final class ServerlessMySqlPoolMetadata implements DataSourcePoolMetadata {

    private final ServerlessMySqlDataSource dataSource;

    ServerlessMySqlPoolMetadata(ServerlessMySqlDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** 1 while the connection is leased, else 0. */
    @Override
    public Float getUsage() {
        return getActive().floatValue();
    }

    /** 1 while a caller holds the lease, else 0. */
    @Override
    public Integer getActive() {
        return dataSource.stats().leased() ? 1 : 0;
    }

    /** 1 while the connection is open and not leased, else 0. */
    @Override
    public Integer getIdle() {
        Stats stats = dataSource.stats();
        return stats.connected() && !stats.leased() ? 1 : 0;
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
