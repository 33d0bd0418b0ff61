package dev.serverlessmysql.lambdasim.fault;

import java.util.List;

/**
 * What happened to one order: every attempt the client made, and the acknowledgement if one came.
 *
 * @param order the order
 * @param attempts every attempt, in order
 * @param acknowledgement the acknowledging response, or {@code null} when every attempt failed
 */
public record OrderOutcome(ClientOrder order, List<Attempt> attempts, Acknowledgement acknowledgement) {

    public OrderOutcome {
        attempts = List.copyOf(attempts);
    }

    /**
     * One invocation of {@code placeOrder} for the order.
     *
     * @param number 1 for the first attempt
     * @param error {@code null} when it acknowledged the order, else the failure's category
     *        ({@code connection lost}, {@code timeout}, {@code unexpected response}, ...)
     * @param cause for a failed attempt, what the container's log says about it (the function's error
     *        response carries only the outermost exception); {@code null} when the log does not tell
     * @param detail the error message or the response, shortened
     * @param faultsBefore how many faults had been injected when the attempt ended
     * @param containerId the container that ran it, or {@code null}
     */
    public record Attempt(int number, String error, String cause, String detail, int faultsBefore, String containerId) {

        public boolean failed() {
            return error != null;
        }

        /** The error with its cause, for counting failures: {@code connection lost — CannotCreateTransactionException}. */
        public String category() {
            return cause == null ? error : cause + " — " + error;
        }

        Attempt withCause(String cause) {
            return new Attempt(number, error, cause, detail, faultsBefore, containerId);
        }
    }

    public boolean acknowledged() {
        return acknowledgement != null;
    }

    /** Failed at least once, and was acknowledged later. */
    public boolean recovered() {
        return acknowledged() && failedAttempts() > 0;
    }

    public long failedAttempts() {
        return attempts.stream().filter(Attempt::failed).count();
    }
}
