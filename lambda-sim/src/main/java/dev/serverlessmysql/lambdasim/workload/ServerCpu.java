package dev.serverlessmysql.lambdasim.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.lambdasim.service.ProcStat;

/**
 * The embedded server's CPU time. Where the machine lets this process make a control group (Linux,
 * root: cgroup v1 {@code cpuacct} or cgroup v2), the server's process is moved into one of its own
 * and its CPU time is the group's usage, in nanoseconds, counting every thread the server had or
 * ended since; otherwise {@code utime + stime} from {@code /proc/<pid>/stat} ({@link ProcStat}),
 * in 10 ms ticks: a spaced block of 10 containers costs the server about 20 ms, so ticks made its
 * CPU per invocation a coin toss. The server's process is found among this JVM's child processes,
 * or by its command line.
 */
public final class ServerCpu {

    private static final Logger log = LoggerFactory.getLogger(ServerCpu.class);

    private final long pid;
    /** The control group's usage file, {@code cpuacct.usage} (ns) or {@code cpu.stat} (usage_usec); null: ticks. */
    private final Path usage;

    private ServerCpu(long pid) {
        this.pid = pid;
        this.usage = ownGroup(pid);
        log.info("Server CPU: {}", source());
    }

    /**
     * Moves the process into a control group of its own and returns the file its CPU usage is read
     * from, or null when no hierarchy takes it. A group left by an earlier run (its server gone) is
     * removed first.
     */
    private static Path ownGroup(long pid) {
        for (Path root : List.of(Path.of("/sys/fs/cgroup/cpuacct"), Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup"))) {
            boolean v1 = Files.exists(root.resolve("cpuacct.usage"));
            boolean v2 = !v1 && Files.exists(root.resolve("cgroup.controllers")) && !distributesCpu(root);
            if (!v1 && !v2) {
                continue;
            }
            try (Stream<Path> old = Files.list(root)) {
                old.filter(path -> path.getFileName().toString().startsWith("lambda-sim-server-")).forEach(stale -> {
                    try {
                        Files.deleteIfExists(stale);
                    } catch (IOException | RuntimeException populated) {
                        // another run's server still lives: left alone
                    }
                });
            } catch (IOException | RuntimeException e) {
                continue;
            }
            Path group = root.resolve("lambda-sim-server-" + pid);
            try {
                Files.createDirectories(group);
                Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
                Path usage = group.resolve(v1 ? "cpuacct.usage" : "cpu.stat");
                if (nanos(usage) >= 0) {
                    return usage;
                }
            } catch (IOException | RuntimeException e) {
                // not writable here: the next hierarchy, or ticks
            }
        }
        return null;
    }

    /** Where the CPU time is read, for the results' header. */
    public String source() {
        return usage == null ? "utime + stime of the server's process (/proc/<pid>/stat, 10 ms ticks)"
                : "the CPU usage of a control group holding the server's process alone (" + usage.getFileName() + ", ns)";
    }

    /**
     * Whether a cgroup v2 root shares the CPU among its children (the {@code cpu} controller on
     * in its subtree): a group of its own would then give the server another share than the
     * containers', so the ticks are read instead. cgroup v1's {@code cpuacct} only counts.
     */
    private static boolean distributesCpu(Path root) {
        try {
            return List.of(Files.readString(root.resolve("cgroup.subtree_control")).trim().split("\\s+")).contains("cpu");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** A control group's CPU usage in nanoseconds; -1 when unreadable. */
    static long nanos(Path usage) {
        try {
            String text = Files.readString(usage).trim();
            if (usage.getFileName().toString().equals("cpuacct.usage")) {
                return Long.parseLong(text);
            }
            for (String line : text.split("\n")) {
                if (line.startsWith("usage_usec ")) {
                    return Long.parseLong(line.substring("usage_usec ".length()).trim()) * 1000;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The server listening on {@code port}: a child process of this JVM (the embedded server), else
     * any visible one with that port on its command line; {@code null} when none is visible.
     */
    public static ServerCpu find(int port) {
        ServerCpu child = ProcessHandle.current().descendants()
                .filter(process -> process.info().command().map(command -> command.endsWith("mariadbd")
                        || command.endsWith("mysqld")).orElse(false))
                .findFirst().map(process -> new ServerCpu(process.pid())).orElse(null);
        if (child != null) {
            return child;
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                String commandLine;
                try {
                    commandLine = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                } catch (IOException gone) {
                    continue;
                }
                List<String> words = List.of(commandLine.split(" "));
                boolean server = !words.isEmpty() && (words.get(0).endsWith("mariadbd") || words.get(0).endsWith("mysqld"));
                if (server && (words.contains("--port=" + port) || commandLine.contains("--port " + port + " "))) {
                    return new ServerCpu(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    public long pid() {
        return pid;
    }

    /** CPU time the server used so far (since it joined its control group), in milliseconds; -1 if unreadable. */
    public double millis() {
        if (usage != null) {
            long nanos = nanos(usage);
            return nanos < 0 ? -1 : nanos / 1e6;
        }
        return ProcStat.cpuMillis(pid);
    }
}
