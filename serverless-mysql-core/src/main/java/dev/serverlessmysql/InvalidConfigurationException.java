package dev.serverlessmysql;

import java.util.List;

/**
 * A setting has a value the DataSource cannot work with. The message names the setting by its
 * builder method ({@code leaseTimeout}; {@code SecretsManagerCredentials.cacheTtl} for a setting
 * of another builder), the rejected value and what is allowed; other settings in the allowed text
 * are named the same way and listed by {@link #mentions()}, so that the Spring Boot starter can
 * report it with its property names instead.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String value;
    private final String allowed;
    private final List<String> mentions;

    /**
     * @param mentions the other settings {@code allowed} names, each as a whole word (not a driver
     *        parameter of the same name, such as the URL's {@code connectTimeout})
     */
    InvalidConfigurationException(String setting, Object value, String allowed, String... mentions) {
        super("Invalid " + setting + ": " + text(value) + " (allowed: " + allowed + ")");
        this.setting = setting;
        this.value = text(value);
        this.allowed = allowed;
        this.mentions = List.of(mentions);
    }

    private static String text(Object value) {
        return value instanceof java.time.Duration duration ? Durations.format(duration) : String.valueOf(value);
    }

    /**
     * The setting, by its builder method, such as {@code retryCap} or {@code jdbcUrl}; for a
     * setting of a credentials builder, qualified by its class
     * ({@code SecretsManagerCredentials.secretId}).
     */
    public String setting() {
        return setting;
    }

    /**
     * The same as {@link #setting()}.
     *
     * @deprecated the setting is named by its builder method now, not by a Spring Boot property;
     *             use {@link #setting()}
     */
    @Deprecated(since = "0.1.0")
    public String property() {
        return setting;
    }

    /** The rejected value, as text (never a password); a duration as a user writes it ({@code 500ms}). */
    public String value() {
        return value;
    }

    /** What would have been accepted; other settings named by their builder methods. */
    public String allowed() {
        return allowed;
    }

    /** The other settings {@link #allowed()} names, by their builder methods; often none. */
    public List<String> mentions() {
        return mentions;
    }
}
