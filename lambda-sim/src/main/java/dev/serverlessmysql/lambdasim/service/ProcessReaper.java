package dev.serverlessmysql.lambdasim.service;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every container process this JVM started and has not ended yet, killed by one shutdown hook
 * if the JVM exits before the fleet could end them (an interrupt, a crash of the benchmark).
 * SIGKILL ends stopped processes too.
 */
final class ProcessReaper {

    private static final Set<Process> live = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "lambda-sim-process-reaper"));
    }

    private ProcessReaper() {
    }

    static void track(Process process) {
        live.add(process);
        process.onExit().thenRun(() -> live.remove(process));
    }

    /** Sends SIGKILL and waits briefly for the process to be gone. */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        live.remove(process);
    }

    static int liveCount() {
        return (int) live.stream().filter(Process::isAlive).count();
    }

    private static void killAll() {
        for (Process process : live) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
