package dev.serverlessmysql;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Connects a DataSource to CRaC (and so to Lambda SnapStart). This class refers to
 * {@code org.crac}: it must not be touched, not even for a static method, unless
 * {@link Lifecycle} found the library on the class path.
 */
final class CheckpointHook implements Resource {

    private final ServerlessMySqlDataSource dataSource;

    private CheckpointHook(ServerlessMySqlDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Registers a resource for the DataSource with the global CRaC context. The context holds
     * resources weakly: the caller must keep the returned object for as long as the DataSource lives.
     */
    static Object register(ServerlessMySqlDataSource dataSource) {
        CheckpointHook hook = new CheckpointHook(dataSource);
        Core.getGlobalContext().register(hook);
        return hook;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        dataSource.beforeCheckpoint();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        dataSource.afterRestore();
    }
}
