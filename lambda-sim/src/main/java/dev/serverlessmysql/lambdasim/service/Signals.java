package dev.serverlessmysql.lambdasim.service;

import java.io.IOException;

/**
 * SIGSTOP and SIGCONT through {@code kill(1)}: the JDK can send only SIGTERM and SIGKILL. A
 * stopped process is what a frozen Lambda sandbox is: no thread runs, its sockets stay open.
 */
final class Signals {

    private Signals() {
    }

    static void stop(long pid) {
        send(pid, "STOP");
    }

    static void resume(long pid) {
        send(pid, "CONT");
    }

    private static void send(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            int status = kill.waitFor();
            if (status != 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + status);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run kill -" + signal + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + signal + " to " + pid, e);
        }
    }
}
