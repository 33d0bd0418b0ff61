package dev.serverlessmysql.autoconfigure.diagnostics;

import dev.serverlessmysql.InvalidConfigurationException;

/**
 * The core's {@link InvalidConfigurationException} in the terms of a Spring Boot application: the
 * property ({@code serverless.mysql.retry.cap}) in place of the builder setting ({@code retryCap}),
 * in the message and in what is allowed. It takes the core exception's place rather than wrapping
 * it, so that the root cause a log shows names the property; the core exception is kept as
 * suppressed.
 */
public final class InvalidPropertyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String value;
    private final String allowed;

    private InvalidPropertyException(InvalidConfigurationException core) {
        this(PropertyKeys.of(core.setting()), core.value(), PropertyKeys.translate(core.allowed(), core.mentions()));
        setStackTrace(core.getStackTrace());
        addSuppressed(core);
    }

    private InvalidPropertyException(String property, String value, String allowed) {
        super("Invalid " + property + ": " + value + " (allowed: " + allowed + ")");
        this.property = property;
        this.value = value;
        this.allowed = allowed;
    }

    /** The core's exception, with Spring Boot property names. */
    public static InvalidPropertyException of(InvalidConfigurationException core) {
        return new InvalidPropertyException(core);
    }

    /** The property, such as {@code serverless.mysql.retry.cap} or {@code spring.datasource.url}. */
    public String property() {
        return property;
    }

    /** The rejected value, as text (never a password). */
    public String value() {
        return value;
    }

    /** What would have been accepted, other settings named by their properties. */
    public String allowed() {
        return allowed;
    }
}
