package dev.serverlessmysql;

/**
 * A setting has a value the DataSource cannot work with. The message names the setting (by its
 * Spring Boot property name), the rejected value and what is allowed.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String value;
    private final String allowed;

    InvalidConfigurationException(String property, Object value, String allowed) {
        this(property, value instanceof java.time.Duration duration ? Durations.format(duration) : String.valueOf(value),
                allowed);
    }

    private InvalidConfigurationException(String property, String value, String allowed) {
        super("Invalid " + property + ": " + value + " (allowed: " + allowed + ")");
        this.property = property;
        this.value = value;
        this.allowed = allowed;
    }

    /** The Spring Boot property name, such as {@code serverless.mysql.retry.cap}. */
    public String property() {
        return property;
    }

    /** The rejected value, as text (never a password); a duration as a user writes it ({@code 500ms}). */
    public String value() {
        return value;
    }

    /** What would have been accepted. */
    public String allowed() {
        return allowed;
    }
}
