package dev.serverlessmysql.autoconfigure.diagnostics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.serverlessmysql.autoconfigure.ServerlessMySqlProperties.BackoffPolicy;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a {@code serverless.mysql.retry.backoff} that names no policy in the form the
 * documentation uses ({@code full-jitter}, {@code decorrelated-jitter}); Spring Boot's own analysis
 * would list the enum's constants ({@code FULL_JITTER}), which bind too but are not what the
 * documentation shows.
 */
class BackoffPolicyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    static final String PROPERTY = "serverless.mysql.retry.backoff";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        if (!PROPERTY.equals(cause.getName().toString())) {
            return null;
        }
        String allowed = Arrays.stream(BackoffPolicy.values())
                .map((policy) -> policy.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(" or "));
        Object value = (cause.getProperty() != null) ? cause.getProperty().getValue() : "(unknown)";
        StringBuilder description = new StringBuilder("The serverless MySQL DataSource could not be created: ")
                .append(PROPERTY).append(" names no backoff policy.\n\n\tProperty: ").append(PROPERTY)
                .append("\n\tValue: ").append(value);
        if (cause.getProperty() != null && cause.getProperty().getOrigin() != null) {
            description.append("\n\tOrigin: ").append(cause.getProperty().getOrigin());
        }
        description.append("\n\tAllowed: ").append(allowed).append("\n");
        String action = "Consider the following:\n\tSet " + PROPERTY + " to " + allowed + ".\n"
                + "\tFor a policy of your own, declare a ServerlessMySqlDataSourceBuilderCustomizer bean that sets it"
                + " with backoff(...).";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
