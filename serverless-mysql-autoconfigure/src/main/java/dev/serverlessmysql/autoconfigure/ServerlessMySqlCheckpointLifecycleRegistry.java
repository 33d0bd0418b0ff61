package dev.serverlessmysql.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * One {@link ServerlessMySqlCheckpointLifecycle} for every serverless DataSource of the context,
 * found once all singletons exist (see {@link ServerlessMySqlDataSources}), so that it does not
 * matter which configuration defined them or in what order. {@code start()} and {@code stop()}
 * reach each of them; running while all of them are.
 */
final class ServerlessMySqlCheckpointLifecycleRegistry implements SmartInitializingSingleton, SmartLifecycle {

    /** Stopped after, and started before, any component that might still use a connection. */
    static final int PHASE = Integer.MIN_VALUE + 1000;

    private final ListableBeanFactory beanFactory;
    private final ConfigurableApplicationContext applicationContext;
    private volatile List<ServerlessMySqlCheckpointLifecycle> lifecycles = List.of();

    ServerlessMySqlCheckpointLifecycleRegistry(ListableBeanFactory beanFactory,
            ConfigurableApplicationContext applicationContext) {
        this.beanFactory = beanFactory;
        this.applicationContext = applicationContext;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<ServerlessMySqlCheckpointLifecycle> found = new ArrayList<>();
        ServerlessMySqlDataSources.find(beanFactory).values()
                .forEach((dataSource) -> found.add(new ServerlessMySqlCheckpointLifecycle(dataSource, applicationContext)));
        lifecycles = List.copyOf(found);
    }

    /** The lifecycles of the DataSources found; empty before all singletons exist. */
    List<ServerlessMySqlCheckpointLifecycle> getLifecycles() {
        return lifecycles;
    }

    @Override
    public void start() {
        lifecycles.forEach(ServerlessMySqlCheckpointLifecycle::start);
    }

    @Override
    public void stop() {
        lifecycles.forEach(ServerlessMySqlCheckpointLifecycle::stop);
    }

    @Override
    public boolean isRunning() {
        return lifecycles.stream().allMatch(ServerlessMySqlCheckpointLifecycle::isRunning);
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
