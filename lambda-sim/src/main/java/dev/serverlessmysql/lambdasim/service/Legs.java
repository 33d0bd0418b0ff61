package dev.serverlessmysql.lambdasim.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A diagnostic, with the light kinds' {@code THREADCPU} lines ({@code LAMBDA_SIM_THREAD_CPU=1} in the
 * emulator's environment, which its containers inherit): one line per ended invocation in the log
 * folder's {@code legs.tsv}: container, submitted, thawed (SIGCONT answered), handed (the event
 * written to the runtime), responded, phase ended, each in microseconds of {@code System.nanoTime()}
 * (one clock for every process on Linux), to be set beside the containers' handler start and end.
 */
final class Legs {

    static final boolean ENABLED = "1".equals(System.getenv("LAMBDA_SIM_THREAD_CPU"));

    private Legs() {
    }

    /** Appends {@code ended}'s line; {@code phaseEndNanos}: when the runtime and the extensions were all waiting again. */
    static synchronized void write(Path folder, Invocation ended, long phaseEndNanos) {
        if (!ENABLED) {
            return;
        }
        try {
            // The folder is the fleet's log folder, which the fleet created.
            Files.writeString(folder.resolve("legs.tsv"), ended.legs(phaseEndNanos) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a diagnostic: lost lines are only missing data
        }
    }
}
