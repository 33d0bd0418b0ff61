package dev.serverlessmysql.lambdasim.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A function timeout ends the container as Lambda does: the invocation fails, the process is
 * stopped where it is, without a Shutdown phase, its socket still established (a zombie, where
 * SIGKILL would have let the kernel close it), and the next event is a cold start. A runtime of
 * {@code bash} and {@code curl} holding one connection to a loopback listener (the "server").
 */
class FleetTimeoutIT {

    /** Connects to the "server" once, then answers each event, or sleeps past any timeout if it says so. */
    private static final String RUNTIME = """
            exec 3<>/dev/tcp/127.0.0.1/$SERVER_PORT
            api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
            while true; do
              headers=$(mktemp)
              body=$(curl -sS -D "$headers" "$api/next")
              id=$(tr -d '\\r' < "$headers" | sed -n 's/^[Ll]ambda-[Rr]untime-[Aa]ws-[Rr]equest-[Ii]d: *//p')
              rm -f "$headers"
              case "$body" in *slow*) sleep 600 ;; esac
              curl -sS -X POST -d '{"ok":true}' "$api/$id/response" > /dev/null
            done
            """;

    @Test
    void anInvocationPastTheTimeoutFailsAndLeavesItsContainerStoppedWithItsSocketOpenAndTheNextEventStartsCold()
            throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            int port = server.getLocalPort();
            ContainerKind kind = new ContainerKind("bash-curl", "a shell runtime", List.of("bash", "-c", RUNTIME),
                    Map.of("SERVER_PORT", String.valueOf(port)), "none", null);
            Path logs = Path.of("target", "fleet-timeout-it");
            try (Fleet fleet = new Fleet(kind, new Fleet.Settings(1, Duration.ofSeconds(1), Duration.ofSeconds(60), logs))) {
                // The cold start's timeout counts from the end of its init: it answers.
                assertThat(fleet.invoke("{}").join().succeeded()).isTrue();
                Socket accepted = server.accept(); // closed with the listener
                List<Long> pids = fleet.livePids();
                assertThat(pids).hasSize(1);
                long pid = pids.get(0);

                InvocationResult slow = fleet.invoke("{\"slow\":true}").join();

                assertThat(slow.error()).isEqualTo("timeout");
                assertThat(fleet.counts().timeouts()).isEqualTo(1);
                assertThat(stateOf(pid)).as("the timed-out container is stopped, not killed").isEqualTo("T");
                assertThat(fleet.zombiesFromTimeouts(port)).as("its connection stays open: a zombie").isEqualTo(1);

                InvocationResult next = fleet.invoke("{}").join();

                assertThat(next.succeeded()).as("%s", next).isTrue();
                assertThat(next.coldStart()).isTrue();
                assertThat(fleet.counts().coldStarts()).isEqualTo(2);
                assertThat(fleet.counts().coldStartsAfterTimeouts()).isEqualTo(1);
            }
        }
    }

    /** The process state letter from {@code /proc/<pid>/stat} ({@code T}: stopped). */
    private static String stateOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }
}
