package dev.serverlessmysql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends each event to every listener; a listener that throws is logged and skipped. */
final class Events implements ServerlessMySqlListener {

    private static final Logger log = LoggerFactory.getLogger(Events.class);

    private final List<ServerlessMySqlListener> listeners;

    Events(List<ServerlessMySqlListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(Consumer<ServerlessMySqlListener> event) {
        for (ServerlessMySqlListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.warn("A serverless-mysql listener ({}) threw; the event is skipped for it. Listeners must not throw.",
                        listener.getClass().getName(), e);
            }
        }
    }

    @Override
    public void onConnected(int attempts, Duration elapsed) {
        each(l -> l.onConnected(attempts, elapsed));
    }

    @Override
    public void onConnectFailed(int attempts, SQLException cause) {
        each(l -> l.onConnectFailed(attempts, cause));
    }

    @Override
    public void onRetry(int attempt, Duration delay, SQLException cause) {
        each(l -> l.onRetry(attempt, delay, cause));
    }

    @Override
    public void onThaw(Duration idle, boolean survived) {
        each(l -> l.onThaw(idle, survived));
    }

    @Override
    public void onReleased(ReleaseReason reason) {
        each(l -> l.onReleased(reason));
    }

    @Override
    public void onZombieKilled(long threadId, long idleSeconds) {
        each(l -> l.onZombieKilled(threadId, idleSeconds));
    }

    @Override
    public void onKillFailed(long threadId, SQLException cause) {
        each(l -> l.onKillFailed(threadId, cause));
    }

    @Override
    public void onUsageSampled(int used, int limit) {
        each(l -> l.onUsageSampled(used, limit));
    }
}
