package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlDataSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Lets a {@link ServerlessMySqlDataSource} take part in a CRaC / SnapStart checkpoint through
 * Spring's lifecycle: Spring Framework stops running lifecycle beans before a checkpoint and
 * starts them after the restore. Stopping closes the physical connection (a snapshot must not
 * carry a socket); starting again after a stop tells the DataSource it was restored.
 *
 * <p>A DataSource that registered its own CRaC resource
 * ({@code registerCheckpointHook(true)}, the core default) is left alone, so that exactly one
 * mechanism runs the hooks. The auto-configured DataSource is built with the hook off.
 */
public final class ServerlessMySqlCheckpointLifecycle implements SmartLifecycle {

    /** Stopped after, and started before, any component that might still use a connection. */
    static final int PHASE = Integer.MIN_VALUE + 1000;

    private final ServerlessMySqlDataSource dataSource;
    private final ConfigurableApplicationContext applicationContext;
    private volatile boolean running;
    private volatile boolean stoppedBefore;

    public ServerlessMySqlCheckpointLifecycle(ServerlessMySqlDataSource dataSource,
            ConfigurableApplicationContext applicationContext) {
        this.dataSource = dataSource;
        this.applicationContext = applicationContext;
    }

    @Override
    public void start() {
        if (stoppedBefore && ownsHooks()) {
            dataSource.afterRestore();
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stoppedBefore = true;
        // On shutdown the bean's destroy method closes the DataSource; nothing to prepare.
        if (ownsHooks() && !applicationContext.isClosed()) {
            dataSource.beforeCheckpoint();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private boolean ownsHooks() {
        return !dataSource.config().registerCheckpointHook();
    }
}
