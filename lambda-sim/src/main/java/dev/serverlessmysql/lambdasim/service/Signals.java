package dev.serverlessmysql.lambdasim.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * SIGSTOP, SIGCONT and SIGTERM: the JDK can send only SIGTERM and SIGKILL (and only to a process it
 * started). A stopped process is what a frozen Lambda sandbox is: no thread runs, its sockets stay
 * open.
 *
 * <p>One long-lived {@code bash} sends them all with its {@code kill} builtin, reading
 * {@code SIGNAL PID} lines from its stdin and answering each with the builtin's status. A
 * {@code kill(1)} process per signal cost about 6 ms of CPU and 5 ms of latency per invocation on
 * 2 cores (two signals per warm invocation), for every kind alike, which blurred the differences the
 * benchmark measures. The helper ends when this JVM does (its stdin closes); one that died is
 * started again. Signals are sent one at a time, each answered before the next.
 */
final class Signals {

    private static final String HELPER = "while read -r signal pid; do kill -\"$signal\" \"$pid\" 2>/dev/null; echo $?; done";

    // Guarded by Signals.class.
    private static Process helper;
    private static Writer commands;
    private static BufferedReader answers;

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

    /** The helper process's id (started if need be), for tests. */
    static synchronized long senderPid() {
        return helper().pid();
    }

    private static synchronized void send(long pid, String signal) {
        String status;
        try {
            helper();
            commands.write(signal + " " + pid + "\n");
            commands.flush();
            status = answers.readLine();
        } catch (IOException e) {
            status = null;
        }
        if (status == null) {
            // The helper died (or could not be written to): drop it; the next signal starts a new one.
            helper.destroyForcibly();
            helper = null;
            throw new IllegalStateException("The signal helper (bash) ended before it sent SIG" + signal + " to " + pid);
        }
        if (!status.equals("0") && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed with status " + status);
        }
    }

    // Guarded by Signals.class.
    private static Process helper() {
        if (helper == null || !helper.isAlive()) {
            try {
                helper = new ProcessBuilder("bash", "-c", HELPER)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("Could not start the signal helper (bash): " + e.getMessage(), e);
            }
            commands = new OutputStreamWriter(helper.getOutputStream(), StandardCharsets.US_ASCII);
            answers = new BufferedReader(new InputStreamReader(helper.getInputStream(), StandardCharsets.US_ASCII));
        }
        return helper;
    }
}
