package dev.serverlessmysql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event as a line of text, for assertions. */
final class RecordingListener implements ServerlessMySqlListener {

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<SQLException> retryCauses = new CopyOnWriteArrayList<>();
    final List<Duration> retryDelays = new CopyOnWriteArrayList<>();

    @Override
    public void onConnected(int attempts, Duration elapsed) {
        events.add("connected " + attempts);
    }

    @Override
    public void onConnectFailed(int attempts, SQLException cause) {
        events.add("connectFailed " + attempts + " " + cause.getErrorCode());
    }

    @Override
    public void onRetry(int attempt, Duration delay, SQLException cause) {
        retryCauses.add(cause);
        retryDelays.add(delay);
        events.add("retry " + attempt);
    }

    @Override
    public void onThaw(Duration idle, boolean survived) {
        events.add("thaw " + survived);
    }

    @Override
    public void onReleased(ReleaseReason reason) {
        events.add("released " + reason);
    }

    @Override
    public void onZombieKilled(long threadId, long idleSeconds) {
        events.add("killed " + threadId);
    }

    @Override
    public void onKillFailed(long threadId, SQLException cause) {
        events.add("killFailed " + threadId + " " + cause.getErrorCode());
    }

    @Override
    public void onUsageSampled(int used, int limit) {
        events.add("usage " + used + "/" + limit);
    }

    long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }
}
