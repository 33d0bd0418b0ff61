package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlDataSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;

/**
 * Lets one {@link ServerlessMySqlDataSource} take part in a CRaC / SnapStart checkpoint through
 * Spring's lifecycle: Spring Framework stops running lifecycle beans before a checkpoint and
 * starts them after the restore. Stopping closes the physical connection (a snapshot must not
 * carry a socket); starting again after a stop tells the DataSource it was restored.
 *
 * <p>Running from the start, like the DataSource it drives. {@code start()} on a running and
 * {@code stop()} on a stopped lifecycle do nothing; a closed DataSource is never running and
 * cannot be started again.
 *
 * <p>A DataSource that registered its own CRaC resource
 * ({@code registerCheckpointHook(true)}, the core default) is left alone, so that exactly one
 * mechanism runs the hooks. The auto-configured DataSource is built with the hook off.
 */
public final class ServerlessMySqlCheckpointLifecycle implements Lifecycle {

    private final ServerlessMySqlDataSource dataSource;
    private final ConfigurableApplicationContext applicationContext;
    private boolean stopped;

    /**
     * @param dataSource the DataSource to close before a checkpoint and to tell about the restore
     * @param applicationContext the context, to tell a checkpoint from a shutdown, or {@code null}
     */
    public ServerlessMySqlCheckpointLifecycle(ServerlessMySqlDataSource dataSource,
            ConfigurableApplicationContext applicationContext) {
        this.dataSource = dataSource;
        this.applicationContext = applicationContext;
    }

    /**
     * Tells the DataSource it was restored, when it was stopped before.
     *
     * @throws IllegalStateException when the DataSource was closed
     */
    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        if (dataSource.isClosed()) {
            throw new IllegalStateException(dataSource + " has been closed and cannot be started again");
        }
        if (ownsHooks()) {
            dataSource.afterRestore();
        }
        stopped = false;
    }

    /** Closes the physical connection before a checkpoint; nothing on shutdown, where close() follows. */
    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        stopped = true;
        if (ownsHooks() && (applicationContext == null || !applicationContext.isClosed())) {
            dataSource.beforeCheckpoint();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return !stopped && !dataSource.isClosed();
    }

    /** The DataSource this lifecycle drives. */
    public ServerlessMySqlDataSource getDataSource() {
        return dataSource;
    }

    private boolean ownsHooks() {
        return !dataSource.config().registerCheckpointHook();
    }
}
