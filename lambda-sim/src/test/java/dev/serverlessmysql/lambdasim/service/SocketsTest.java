package dev.serverlessmysql.lambdasim.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Counting a process's established connections to a port from {@code /proc}. */
class SocketsTest {

    @Test
    void countsOnlyEstablishedRowsToThePortFromTheProcessSockets() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:C350 0100007F:0CEA 01 00000000:00000000 00:00000000 00000000  1000        0 111 1",
                "   1: 0100007F:C351 0100007F:0CEA 08 00000000:00000000 00:00000000 00000000  1000        0 112 1",
                "   2: 0100007F:C352 0100007F:0CEB 01 00000000:00000000 00:00000000 00000000  1000        0 113 1",
                "   3: 0100007F:C353 0100007F:0CEA 01 00000000:00000000 00:00000000 00000000  1000        0 999 1");

        assertThat(Sockets.establishedTo(table, Set.of("111", "112", "113"), 0x0CEA)).isEqualTo(1);
    }

    @Test
    void findsThisProcessesOwnLoopbackConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            assertThat(Sockets.establishedTo(ProcessHandle.current().pid(), server.getLocalPort())).isEqualTo(1);
        }
    }
}
