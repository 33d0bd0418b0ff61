package dev.serverlessmysql.lambdasim.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds why an invocation failed in its container's log. The error response of the AWS adapter
 * carries only the outermost exception (for the sample nearly always Spring's
 * {@code CannotCreateTransactionException}); the log has the whole chain, between the line that
 * logs the event ({@code Received: {"idempotencyKey":...}}) and {@code Result ERROR}. Invocations
 * of one container are sequential, so each such block belongs to the key it follows.
 */
final class FailureCauses {

    private static final Pattern RECEIVED_KEY = Pattern.compile("Received: \\{\"idempotencyKey\":\"([^\"]+)\"");
    private static final Pattern TOO_MANY = Pattern.compile("(?i)too many connections|\\b1040\\b");

    private FailureCauses() {
    }

    /** The outcomes with the cause of each failed attempt filled in where the log tells it. */
    static List<OrderOutcome> attach(List<OrderOutcome> outcomes, Path logDirectory) {
        Map<String, Map<String, Deque<String>>> blocksByContainer = new HashMap<>();
        List<OrderOutcome> explained = new ArrayList<>();
        for (OrderOutcome outcome : outcomes) {
            List<OrderOutcome.Attempt> attempts = new ArrayList<>();
            for (OrderOutcome.Attempt attempt : outcome.attempts()) {
                String cause = null;
                if (attempt.failed() && attempt.containerId() != null) {
                    Deque<String> blocks = blocksByContainer
                            .computeIfAbsent(attempt.containerId(), id -> errorBlocks(logDirectory.resolve(id + ".log")))
                            .get(outcome.order().idempotencyKey());
                    if (blocks != null && !blocks.isEmpty()) {
                        cause = classify(blocks.pollFirst());
                    }
                }
                attempts.add(cause == null ? attempt : attempt.withCause(cause));
            }
            explained.add(new OrderOutcome(outcome.order(), attempts, outcome.acknowledgement()));
        }
        return explained;
    }

    /** Idempotency key to the error blocks logged for it, in order. */
    static Map<String, Deque<String>> errorBlocks(Path log) {
        Map<String, Deque<String>> blocks = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException unreadable) {
            return blocks;
        }
        String key = null;
        StringBuilder block = new StringBuilder();
        for (String line : lines) {
            Matcher received = RECEIVED_KEY.matcher(line);
            if (received.find()) {
                key = received.group(1);
                block.setLength(0);
            } else if (line.contains("Result ERROR") && key != null) {
                blocks.computeIfAbsent(key, k -> new ArrayDeque<>()).add(block.toString());
                key = null;
            } else if (key != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** A short cause for a report, from the whole exception chain. */
    static String classify(String block) {
        if (block.contains("attempts over")) {
            if (block.contains("Connection refused")) {
                return "connect retries exhausted: connection refused";
            }
            if (TOO_MANY.matcher(block).find()) {
                return "connect retries exhausted: 1040 Too many connections";
            }
            return "connect retries exhausted";
        }
        if (block.contains("Connection refused")) {
            return "connection refused";
        }
        // The COMMIT reached the server but its answer did not come back: the order may well be
        // stored. Spring then reports the failed rollback, not the commit.
        if (block.contains("JDBC commit") && block.contains("Communications link failure")) {
            return "connection lost at COMMIT (outcome unknown to the function)";
        }
        if (block.contains("Communications link failure") || block.contains("EOFException")
                || block.contains("Connection reset") || block.contains("connection was killed")
                || block.contains("Broken pipe")) {
            return "connection lost";
        }
        if (TOO_MANY.matcher(block).find()) {
            return "1040 Too many connections";
        }
        return null;
    }
}
