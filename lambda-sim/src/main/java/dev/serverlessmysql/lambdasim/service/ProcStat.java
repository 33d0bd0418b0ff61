package dev.serverlessmysql.lambdasim.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time and memory, read from {@code /proc} with plain file reads: sampling it
 * around every invocation must not start a process (a {@code ps} per sample would cost more CPU
 * than the invocation it measures).
 */
public final class ProcStat {

    /** Linux's {@code USER_HZ} ({@code getconf CLK_TCK}), the unit of {@code utime} and {@code stime}. */
    public static final int TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /**
     * {@code utime + stime} of a {@code /proc/<pid>/stat} line, in clock ticks. The command name
     * (field 2) is in parentheses and may itself hold spaces and parentheses, so the fields are
     * counted from the <em>last</em> {@code ')'}: state is field 3, utime 14, stime 15.
     *
     * @throws IllegalArgumentException when the line is not a {@code stat} line
     */
    public static long cpuTicks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0 || end + 2 > stat.length()) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(end + 2).trim().split(" +");
        if (fields.length < 13) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line (too few fields): " + stat);
        }
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** CPU time the process used so far, user and system, in milliseconds; -1 when unreadable (gone, not Linux). */
    public static long cpuMillis(long pid) {
        try {
            return cpuTicks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))) * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The process's proportional set size in KiB ({@code Pss} of {@code /proc/<pid>/smaps_rollup}):
     * its resident memory with every shared page (the AppCDS archive, the JDK's libraries) divided
     * among the processes that map it, so the sum over a fleet is what the fleet takes; -1 when unreadable.
     */
    public static long pssKib(long pid) {
        return field(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), "Pss:");
    }

    /** The process's resident set size in KiB ({@code VmRSS} of {@code /proc/<pid>/status}); -1 when unreadable. */
    public static long rssKib(long pid) {
        return field(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:");
    }

    static long field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
