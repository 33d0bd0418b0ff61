package dev.serverlessmysql.lambdasim.fault;

import java.util.ArrayList;
import java.util.List;

import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.service.InvocationResult;

/**
 * The load generator as a real client of {@code placeOrder}: an attempt that fails (an error
 * response, a timeout, a container that died, an answer that is not an acknowledgement) is sent
 * again with the same idempotency key and the same fields, after a growing pause, until the order
 * is acknowledged or the attempts run out.
 */
final class OrderClient {

    private static final long FIRST_PAUSE_MILLIS = 250;
    private static final long LONGEST_PAUSE_MILLIS = 2000;

    private final Fleet fleet;
    private final FaultInjector injector;
    private final int maxAttempts;

    OrderClient(Fleet fleet, FaultInjector injector, int maxAttempts) {
        this.fleet = fleet;
        this.injector = injector;
        this.maxAttempts = maxAttempts;
    }

    /** Places one order, retrying as described; never throws for a failed attempt. */
    OrderOutcome place(ClientOrder order) throws InterruptedException {
        List<OrderOutcome.Attempt> attempts = new ArrayList<>();
        for (int number = 1; number <= maxAttempts; number++) {
            if (number > 1) {
                Thread.sleep(Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << (number - 2)));
            }
            injector.attemptStarted();
            InvocationResult result;
            try {
                result = fleet.invoke(order.event()).join();
            } finally {
                injector.attemptEnded();
            }
            Acknowledgement acknowledgement = result.succeeded() ? Acknowledgement.parse(result.detail()) : null;
            String error = result.succeeded() ? (acknowledgement == null ? "unexpected response" : null) : result.error();
            attempts.add(new OrderOutcome.Attempt(number, error, null, result.detail(), injector.started(),
                    result.containerId()));
            if (acknowledgement != null) {
                injector.acknowledged();
                return new OrderOutcome(order, attempts, acknowledgement);
            }
        }
        return new OrderOutcome(order, attempts, null);
    }
}
