package dev.serverlessmysql.lambdasim.service;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP connections a process holds, from Linux's {@code /proc}: its file descriptors
 * ({@code /proc/<pid>/fd/* -> socket:[inode]}) matched with the socket table of its network
 * namespace ({@code /proc/<pid>/net/tcp} and {@code tcp6}). Works on a stopped process: what a
 * frozen or timed-out container still holds open on the server.
 */
final class Sockets {

    /** {@code st} of an established connection in {@code /proc/net/tcp}. */
    private static final String ESTABLISHED = "01";

    private Sockets() {
    }

    /** The process's connections to {@code port} that are established; 0 when it is gone or unreadable. */
    static int establishedTo(long pid, int port) {
        Path process = Path.of("/proc", String.valueOf(pid));
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
            List<String> table = new ArrayList<>();
            for (String file : List.of("tcp", "tcp6")) {
                Path path = process.resolve("net").resolve(file);
                if (Files.isReadable(path)) {
                    table.addAll(Files.readAllLines(path));
                }
            }
            return establishedTo(table, inodes, port);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Counts the rows of a {@code /proc/net/tcp} table that are established connections to
     * {@code port} (the remote address's port, hexadecimal) from a socket in {@code inodes}.
     */
    static int establishedTo(List<String> table, Set<String> inodes, int port) {
        String remotePort = String.format(":%04X", port);
        int count = 0;
        for (String row : table) {
            String[] fields = row.trim().split("\\s+");
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            if (fields.length > 9 && fields[2].endsWith(remotePort) && fields[3].equals(ESTABLISHED)
                    && inodes.contains(fields[9])) {
                count++;
            }
        }
        return count;
    }
}
