package dev.serverlessmysql.lambdasim.service;

import java.io.IOException;

/**
 * SIGSTOP, SIGCONT and SIGTERM through {@code kill(1)}: the JDK can send only SIGTERM and SIGKILL
 * (and only to a process it started). A
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

    /** SIGTERM: what Lambda sends the runtime at the start of the Shutdown phase. */
    static void terminate(long pid) {
        send(pid, "TERM");
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
