package dev.serverlessmysql.test;

/**
 * One row of {@code information_schema.processlist}.
 *
 * @param id the thread id, as {@code CONNECTION_ID()} returns it
 * @param user the account's user name
 * @param command what the thread does, {@code Sleep} when idle
 * @param timeSeconds seconds in the current state
 */
public record ServerThread(long id, String user, String command, long timeSeconds) {

    /** Whether the thread is idle, waiting for its client. */
    public boolean isSleeping() {
        return "Sleep".equalsIgnoreCase(command);
    }
}
