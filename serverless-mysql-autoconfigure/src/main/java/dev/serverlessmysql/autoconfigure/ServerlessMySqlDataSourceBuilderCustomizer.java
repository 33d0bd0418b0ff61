package dev.serverlessmysql.autoconfigure;

import dev.serverlessmysql.ServerlessMySqlConfig;

/**
 * Customizes the builder of the auto-configured {@code ServerlessMySqlDataSource} after the
 * properties were applied and before it is built: for settings that have no property, such as a
 * custom {@code Backoff} or a driver property. Declare one or more as beans; they run in
 * {@code @Order}.
 */
@FunctionalInterface
public interface ServerlessMySqlDataSourceBuilderCustomizer {

    /** Adjusts the builder; validation runs after every customizer. */
    void customize(ServerlessMySqlConfig.Builder builder);
}
