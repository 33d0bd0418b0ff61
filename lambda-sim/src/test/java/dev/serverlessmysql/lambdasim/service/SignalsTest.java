package dev.serverlessmysql.lambdasim.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Stopping and resuming a process through the one long-lived helper, without a process per signal. */
class SignalsTest {

    @Test
    void stopsAndResumesAProcessThroughOneHelperProcess() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            long helper = Signals.senderPid();
            for (int i = 0; i < 5; i++) {
                Signals.stop(sleeper.pid());
                awaitState(sleeper.pid(), "T");
                Signals.resume(sleeper.pid());
                awaitState(sleeper.pid(), "S");
            }
            assertThat(Signals.senderPid()).as("every signal sent by the same helper").isEqualTo(helper);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aSignalToAProcessAlreadyGoneIsNoError() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();

        Signals.stop(gone.pid()); // a container that exited meanwhile: nothing to freeze
    }

    /** Waits (generously) for the state letter of {@code /proc/<pid>/stat}; the signal is asynchronous. */
    private static void awaitState(long pid, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen;
        do {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            seen = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            if (seen.equals(state)) {
                return;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        assertThat(seen).isEqualTo(state);
    }
}
