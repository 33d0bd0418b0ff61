package dev.serverlessmysql.lambdasim.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.serverlessmysql.lambdasim.service.ProcStat;

/**
 * The embedded server's CPU time, from {@code /proc/<pid>/stat} ({@link ProcStat}). The server's process is
 * found among this JVM's child processes, or by its command line.
 */
public final class ServerCpu {

    private final long pid;

    private ServerCpu(long pid) {
        this.pid = pid;
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

    /** CPU time the server used so far, user and system, in milliseconds; -1 if unreadable. */
    public long millis() {
        return ProcStat.cpuMillis(pid);
    }
}
