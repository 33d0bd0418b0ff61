package dev.serverlessmysql.lambdasim.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.service.InvocationResult;

/**
 * A load pattern run against one fleet: the same {@code placeOrder} events for every container
 * kind, so their results compare.
 *
 * @param name {@code burst}, {@code zombie-flood} or {@code steady}
 * @param width concurrent invocations per wave, and the fleet's concurrency limit
 * @param waves waves of {@code width} concurrent invocations ({@code steady}: 1)
 * @param pause time between waves; in {@code zombie-flood} the time the expired containers
 *        stay frozen before the next wave
 * @param sequential sequential invocations per wave ({@code steady}); 1 for the others
 */
public record LoadProfile(String name, int width, int waves, Duration pause, int sequential) {

    private static final AtomicLong orderNumbers = new AtomicLong();

    /** Waves of {@code width} concurrent invocations; containers stay warm between waves. */
    public static LoadProfile burst(int width, int waves, Duration pause) {
        return new LoadProfile("burst", width, waves, pause, 1);
    }

    /**
     * A wave, then every container expires frozen (its connection a zombie on the server) for
     * {@code frozen}, then a wave of new containers; repeated {@code waves - 1} times.
     */
    public static LoadProfile zombieFlood(int width, int waves, Duration frozen) {
        return new LoadProfile("zombie-flood", width, waves, frozen, 1);
    }

    /** One warm container, {@code invocations} sequential invocations. */
    public static LoadProfile steady(int invocations) {
        return new LoadProfile("steady", 1, 1, Duration.ZERO, invocations);
    }

    /** Runs the profile and returns every invocation's result, in submission order. */
    public List<InvocationResult> run(Fleet fleet) throws InterruptedException {
        List<InvocationResult> results = new ArrayList<>();
        for (int wave = 0; wave < waves; wave++) {
            if (wave > 0) {
                if (name.equals("zombie-flood")) {
                    fleet.expireIdle();
                }
                Thread.sleep(pause.toMillis());
            }
            if (sequential > 1) {
                for (int i = 0; i < sequential; i++) {
                    results.add(fleet.invoke(placeOrderEvent()).join());
                }
            } else {
                List<CompletableFuture<InvocationResult>> wavefront = new ArrayList<>();
                for (int i = 0; i < width; i++) {
                    wavefront.add(fleet.invoke(placeOrderEvent()));
                }
                for (CompletableFuture<InvocationResult> result : wavefront) {
                    results.add(result.join());
                }
            }
        }
        return results;
    }

    /** The sample's {@code placeOrder} input with a fresh idempotency key. */
    public static String placeOrderEvent() {
        long number = orderNumbers.incrementAndGet();
        return "{\"idempotencyKey\":\"" + UUID.randomUUID() + "\",\"customer\":\"customer-" + (number % 50)
                + "\",\"item\":\"item-" + (number % 7) + "\",\"quantity\":" + (1 + number % 5)
                + ",\"unitPrice\":12.50}";
    }
}
