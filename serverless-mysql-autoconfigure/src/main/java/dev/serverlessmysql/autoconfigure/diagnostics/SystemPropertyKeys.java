package dev.serverlessmysql.autoconfigure.diagnostics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.serverlessmysql.autoconfigure.ServerlessMySqlProperties;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Unknown {@code serverless.mysql.*} keys among the JVM's system properties ({@code -D}). Spring
 * Boot reports unknown keys from files and the command line, but deliberately leaves system
 * properties and environment variables out of that check; a typo in a {@code -D} would then be
 * ignored in silence. This applies the same check to system properties and fails the same way,
 * so that {@link UnknownPropertyFailureAnalyzer} names the nearest valid key. Environment
 * variables stay unchecked: the environment holds many variables that are not meant for the
 * application.
 */
public final class SystemPropertyKeys {

    private static final String PREFIX = "serverless.mysql.";

    private SystemPropertyKeys() {
    }

    /**
     * @throws UnboundConfigurationPropertiesException naming each system property under
     *         {@code serverless.mysql.} that is no setting
     */
    public static void check(Environment environment) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return;
        }
        PropertySource<?> source = configurable.getPropertySources()
                .get(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        if (!(source instanceof EnumerablePropertySource<?> systemProperties)) {
            return;
        }
        List<ConfigurationPropertyName> valid = new ArrayList<>();
        ServerlessMySqlPropertyNames.of(ServerlessMySqlProperties.class, PREFIX)
                .forEach((name) -> valid.add(ConfigurationPropertyName.of(name)));
        Set<ConfigurationProperty> unknown = new LinkedHashSet<>();
        for (String key : systemProperties.getPropertyNames()) {
            if (!key.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                continue;
            }
            ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
            // Relaxed, as the binder matches: minTimeout, min-timeout and min_timeout are one key.
            if (valid.stream().noneMatch(name::equals)) {
                unknown.add(new ConfigurationProperty(name, systemProperties.getProperty(key),
                        new PropertySourceOrigin(systemProperties, key)));
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnboundConfigurationPropertiesException(unknown);
        }
    }
}
