package dev.serverlessmysql.lambdasim.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/**
 * Events that arrive at once reach as many containers as there are events, however fast the
 * runtime starts and answers: a runtime of {@code sh} and {@code curl}, no database.
 */
class FleetWaveIT {

    /** A custom runtime in a few lines: take the next event, answer it, again. */
    private static final String RUNTIME = """
            api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
            while true; do
              id=$(curl -sS -D - -o /dev/null "$api/next" | tr -d '\\r' | sed -n 's/^[Ll]ambda-[Rr]untime-[Aa]ws-[Rr]equest-[Ii]d: *//p')
              curl -sS -X POST -d '{"ok":true}' "$api/$id/response" > /dev/null
            done
            """;
    private static final int WAVE = 30;

    @Test
    void aWaveOfConcurrentEventsFindsOneContainerPerEventEvenWhenTheRuntimeAnswersAtOnce() throws Exception {
        ContainerKind kind = new ContainerKind("sh-curl", "a shell runtime", List.of("sh", "-c", RUNTIME), Map.of(),
                "none", null);
        Path logs = Path.of("target", "fleet-wave-it");
        try (Fleet fleet = new Fleet(kind, new Fleet.Settings(WAVE, Duration.ofSeconds(30), Duration.ofSeconds(60), logs))) {
            List<InvocationResult> cold = join(fleet.invokeAll(Collections.nCopies(WAVE, "{}")));
            assertThat(cold).allSatisfy(result -> assertThat(result.succeeded()).as("%s", result).isTrue());
            assertThat(fleet.counts().coldStarts()).isEqualTo(WAVE);
            assertThat(cold.stream().map(InvocationResult::containerId).distinct()).hasSize(WAVE);

            awaitAllIdle(fleet);
            List<InvocationResult> warm = join(fleet.invokeAll(Collections.nCopies(WAVE, "{}")));
            assertThat(warm).allSatisfy(result -> assertThat(result.succeeded()).as("%s", result).isTrue());
            assertThat(fleet.counts().coldStarts()).isEqualTo(WAVE);
            assertThat(warm.stream().map(InvocationResult::containerId).distinct()).hasSize(WAVE);
        }
    }

    private static List<InvocationResult> join(List<CompletableFuture<InvocationResult>> futures) {
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /** A container is idle once it asked for its next event; wait (generously) until all have. */
    private static void awaitAllIdle(Fleet fleet) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (fleet.frozenStates().containsValue(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(fleet.frozenStates()).hasSize(WAVE).doesNotContainValue(false);
    }
}
