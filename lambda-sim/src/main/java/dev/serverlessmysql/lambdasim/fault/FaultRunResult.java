package dev.serverlessmysql.lambdasim.fault;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.serverlessmysql.lambdasim.service.Fleet;

/**
 * One fault run: the scenario, what the injector did, every order with its attempts, and the
 * exactly-once check.
 *
 * @param kind the container kind's name
 * @param description what runs inside
 * @param scenario the load and the planned faults
 * @param faults what the injector did, one entry per planned fault
 * @param outcomes every order, in the order it was sent
 * @param ledger the exactly-once check of the {@code orders} table
 * @param fleet the fleet's counters at the end
 * @param wallMillis how long the traffic ran
 */
public record FaultRunResult(String kind, String description, FaultScenario scenario,
        List<FaultInjector.InjectedFault> faults, List<OrderOutcome> outcomes, LedgerCheck ledger, Fleet.Counts fleet,
        long wallMillis) {

    public FaultRunResult {
        faults = List.copyOf(faults);
        outcomes = List.copyOf(outcomes);
    }

    public int orders() {
        return outcomes.size();
    }

    public int acknowledged() {
        return (int) outcomes.stream().filter(OrderOutcome::acknowledged).count();
    }

    /** Orders whose every attempt failed. */
    public int neverAcknowledged() {
        return orders() - acknowledged();
    }

    /** Invocations in all: every attempt of every order. */
    public int attempts() {
        return outcomes.stream().mapToInt(outcome -> outcome.attempts().size()).sum();
    }

    public int failedAttempts() {
        return (int) outcomes.stream().mapToLong(OrderOutcome::failedAttempts).sum();
    }

    /** Orders that failed at least once and were acknowledged later. */
    public List<OrderOutcome> recovered() {
        return outcomes.stream().filter(OrderOutcome::recovered).toList();
    }

    /**
     * Orders acknowledged as {@code replayed}: an earlier attempt had committed the order although
     * the client saw it fail (or the client's retry raced it). Without the idempotency key each of
     * these would be a second row.
     */
    public int acknowledgedAsReplayed() {
        return (int) outcomes.stream().filter(outcome -> outcome.acknowledged() && outcome.acknowledgement().replayed())
                .count();
    }

    public int faultsInjected() {
        return (int) faults.stream().filter(FaultInjector.InjectedFault::injected).count();
    }

    /** Failed attempts by error category. */
    public Map<String, Integer> failedAttemptsByError() {
        Map<String, Integer> failures = new TreeMap<>();
        for (OrderOutcome outcome : outcomes) {
            for (OrderOutcome.Attempt attempt : outcome.attempts()) {
                if (attempt.failed()) {
                    failures.merge(attempt.category(), 1, Integer::sum);
                }
            }
        }
        return failures;
    }

    /** Failed attempts by the number of faults injected when they ended (0: before the first fault). */
    public Map<Integer, Integer> failedAttemptsByFaultsBefore() {
        Map<Integer, Integer> failures = new TreeMap<>();
        for (OrderOutcome outcome : outcomes) {
            for (OrderOutcome.Attempt attempt : outcome.attempts()) {
                if (attempt.failed()) {
                    failures.merge(attempt.faultsBefore(), 1, Integer::sum);
                }
            }
        }
        return failures;
    }
}
