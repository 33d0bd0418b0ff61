package dev.serverlessmysql.autoconfigure.diagnostics;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.serverlessmysql.autoconfigure.ServerlessMySqlProperties;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a {@code serverless.mysql.*} key that binds to nothing (a typo such as
 * {@code zombie.mintimeout}): Spring Boot's binder finds it, because
 * {@link ServerlessMySqlProperties} does not ignore unknown fields; this names the nearest valid key.
 * Runs before Boot's own analysis of unbound properties, which would name the key but not the fix.
 */
class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException>
        implements Ordered {

    private static final String PREFIX = "serverless.mysql.";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
        List<ConfigurationProperty> unknown = cause.getUnboundProperties().stream()
                .filter((property) -> property.getName().toString().startsWith(PREFIX))
                .sorted(Comparator.comparing((ConfigurationProperty property) -> property.getName().toString()))
                .toList();
        if (unknown.isEmpty()) {
            return null;
        }
        List<String> valid = ServerlessMySqlPropertyNames.of(ServerlessMySqlProperties.class, PREFIX);
        StringBuilder description = new StringBuilder();
        StringBuilder action = new StringBuilder("Consider the following:\n");
        for (ConfigurationProperty property : unknown) {
            // As the user wrote it, where the origin knows (Boot's canonical form is lower case).
            String name = (property.getOrigin() instanceof PropertySourceOrigin origin)
                    ? origin.getPropertyName() : property.getName().toString();
            String nearest = ServerlessMySqlPropertyNames.nearest(name, valid);
            description.append(name).append(" is not a property of the serverless MySQL DataSource (did you mean ")
                    .append(nearest).append("?).\n\n\tProperty: ").append(name)
                    .append("\n\tValue: ").append(property.getValue());
            if (property.getOrigin() != null) {
                description.append("\n\tOrigin: ").append(property.getOrigin());
            }
            description.append("\n\tNearest valid property: ").append(nearest).append("\n\n");
            action.append("\tRename ").append(name).append(" to ").append(nearest).append(" (or its environment variable ")
                    .append(environmentVariable(nearest)).append(").\n");
        }
        action.append("\tValid properties: ").append(valid.stream().map((key) -> key.substring(PREFIX.length()))
                .collect(Collectors.joining(", ", PREFIX + "{", "}"))).append(".");
        return new FailureAnalysis(description.toString().stripTrailing() + "\n", action.toString(), cause);
    }

    private static String environmentVariable(String property) {
        return property.toUpperCase(Locale.ROOT).replace("-", "").replace('.', '_');
    }
}
