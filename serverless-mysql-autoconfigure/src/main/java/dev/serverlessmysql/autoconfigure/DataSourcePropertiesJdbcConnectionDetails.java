package dev.serverlessmysql.autoconfigure;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * {@code spring.datasource.*} seen as {@link JdbcConnectionDetails}, registered when the
 * application has no connection details of its own, so that the DataSource reads its connection
 * from one place, as Spring Boot's pools do.
 *
 * <p>Unlike Boot's own adapter, it never falls back to an embedded database: this DataSource
 * speaks only to MySQL and MariaDB, and a missing URL must fail naming
 * {@code spring.datasource.url}.
 */
final class DataSourcePropertiesJdbcConnectionDetails implements JdbcConnectionDetails {

    private final DataSourceProperties properties;

    DataSourcePropertiesJdbcConnectionDetails(DataSourceProperties properties) {
        this.properties = properties;
    }

    @Override
    public String getJdbcUrl() {
        return properties.getUrl();
    }

    @Override
    public String getUsername() {
        return properties.getUsername();
    }

    @Override
    public String getPassword() {
        return properties.getPassword();
    }

    /** {@code spring.datasource.driver-class-name}, else the driver Boot knows for the URL. */
    @Override
    public String getDriverClassName() {
        String driverClassName = properties.getDriverClassName();
        if (driverClassName != null && !driverClassName.isBlank()) {
            return driverClassName;
        }
        String url = properties.getUrl();
        return (url != null) ? DatabaseDriver.fromJdbcUrl(url).getDriverClassName() : null;
    }

    @Override
    public String toString() {
        // The URL may carry a password; the user is enough to recognise the settings.
        return "DataSourcePropertiesJdbcConnectionDetails[username=" + getUsername() + ", password=****]";
    }
}
