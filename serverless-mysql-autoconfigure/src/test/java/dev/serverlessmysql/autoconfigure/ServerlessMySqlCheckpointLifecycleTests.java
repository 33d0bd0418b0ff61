package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The lifecycle's own logic, on a real DataSource that never connects (watched through a spy):
 * idempotent start and stop, no restart of a closed DataSource, no checkpoint work on shutdown
 * nor for a DataSource that runs its own CRaC hook. SpringDatasourcePropertiesIT checks a real
 * checkpoint and restore against the server.
 */
class ServerlessMySqlCheckpointLifecycleTests {

    private final ConfigurableApplicationContext context = mock(ConfigurableApplicationContext.class);

    private final ServerlessMySqlDataSource dataSource = spy(dataSource(false));

    private final ServerlessMySqlCheckpointLifecycle lifecycle = new ServerlessMySqlCheckpointLifecycle(dataSource,
            context);

    @AfterEach
    void closeDataSource() {
        dataSource.close();
    }

    @Test
    void runningFromTheStartAndStartingAgainDoesNothing() {
        assertThat(lifecycle.isRunning()).isTrue();
        lifecycle.start();
        assertThat(lifecycle.isRunning()).isTrue();
        verify(dataSource, never()).afterRestore();
    }

    @Test
    void stopPreparesTheCheckpointOnceHoweverOftenItIsCalled() {
        lifecycle.stop();
        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(dataSource.isClosed()).isFalse();
        assertThatNoException().isThrownBy(lifecycle::stop);
        verify(dataSource, times(1)).beforeCheckpoint();
    }

    @Test
    void startAfterStopTellsTheDataSourceItWasRestoredOnce() {
        lifecycle.stop();
        lifecycle.start();
        assertThat(lifecycle.isRunning()).isTrue();
        lifecycle.start();
        verify(dataSource, times(1)).afterRestore();
        assertThat(dataSource.isClosed()).isFalse();
    }

    @Test
    void checkpointAndRestoreCanRepeat() {
        lifecycle.stop();
        lifecycle.start();
        lifecycle.stop();
        lifecycle.start();
        verify(dataSource, times(2)).beforeCheckpoint();
        verify(dataSource, times(2)).afterRestore();
    }

    @Test
    void closedDataSourceIsNotRunningAndCannotBeStarted() {
        dataSource.close();
        assertThat(lifecycle.isRunning()).isFalse();
        assertThatIllegalStateException().isThrownBy(lifecycle::start).withMessageContaining("closed");
        verify(dataSource, never()).afterRestore();
    }

    @Test
    void dataSourceClosedWhileStoppedCannotBeStartedAgain() {
        lifecycle.stop();
        dataSource.close();
        assertThatIllegalStateException().isThrownBy(lifecycle::start);
        verify(dataSource, never()).afterRestore();
    }

    @Test
    void stopOnAClosedDataSourceDoesNothing() {
        dataSource.close();
        lifecycle.stop();
        verify(dataSource, never()).beforeCheckpoint();
    }

    @Test
    void stopWhileTheContextShutsDownLeavesTheConnectionToClose() {
        given(context.isClosed()).willReturn(true);
        lifecycle.stop();
        assertThat(lifecycle.isRunning()).isFalse();
        verify(dataSource, never()).beforeCheckpoint();
    }

    @Test
    void dataSourceWithItsOwnCracHookIsLeftToIt() {
        ServerlessMySqlDataSource ownHook = spy(dataSource(true));
        try {
            ServerlessMySqlCheckpointLifecycle own = new ServerlessMySqlCheckpointLifecycle(ownHook, context);
            own.stop();
            assertThat(own.isRunning()).isFalse();
            own.start();
            assertThat(own.isRunning()).isTrue();
            verify(ownHook, never()).beforeCheckpoint();
            verify(ownHook, never()).afterRestore();
        }
        finally {
            ownHook.close();
        }
    }

    private static ServerlessMySqlDataSource dataSource(boolean registerCheckpointHook) {
        return ServerlessMySqlDataSource.builder().jdbcUrl("jdbc:mysql://no-such-host.invalid:3306/app").username("app")
                .registerCheckpointHook(registerCheckpointHook).build();
    }
}
