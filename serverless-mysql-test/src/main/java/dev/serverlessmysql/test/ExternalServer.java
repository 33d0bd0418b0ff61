package dev.serverlessmysql.test;

import java.net.URI;

/**
 * A server named by environment variables, for CI against Aurora or a managed MySQL:
 * {@code SERVERLESS_MYSQL_TEST_URL} (a {@code jdbc:mysql://host:port} URL),
 * {@code SERVERLESS_MYSQL_TEST_USER} and {@code SERVERLESS_MYSQL_TEST_PASSWORD}.
 */
final class ExternalServer implements ServerBackend {

    static final String URL_VARIABLE = "SERVERLESS_MYSQL_TEST_URL";
    static final String USER_VARIABLE = "SERVERLESS_MYSQL_TEST_USER";
    static final String PASSWORD_VARIABLE = "SERVERLESS_MYSQL_TEST_PASSWORD";

    private final String hostAndPort;
    private final String user;
    private final String password;

    private ExternalServer(String hostAndPort, String user, String password) {
        this.hostAndPort = hostAndPort;
        this.user = user;
        this.password = password;
    }

    /** The external server, or {@code null} when the URL variable is not set. */
    static ExternalServer fromEnvironment() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return null;
        }
        String user = System.getenv(USER_VARIABLE);
        if (user == null || user.isBlank()) {
            throw new IllegalStateException(URL_VARIABLE + " is set but " + USER_VARIABLE
                    + " is not: name a user that may SET GLOBAL and create users");
        }
        String password = System.getenv(PASSWORD_VARIABLE);
        return new ExternalServer(hostAndPortOf(url), user, password == null ? "" : password);
    }

    static String hostAndPortOf(String jdbcUrl) {
        String prefix = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring("jdbc:".length()) : jdbcUrl;
        URI uri = URI.create(prefix);
        if (uri.getHost() == null) {
            throw new IllegalStateException(URL_VARIABLE + " must look like jdbc:mysql://host:3306, was " + jdbcUrl);
        }
        return uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 3306);
    }

    @Override
    public String describe() {
        return "external server " + hostAndPort + " (from " + URL_VARIABLE + ")";
    }

    @Override
    public String hostAndPort() {
        return hostAndPort;
    }

    @Override
    public String adminUser() {
        return user;
    }

    @Override
    public String adminPassword() {
        return password;
    }

    @Override
    public void stop() {
        // Not ours to stop.
    }
}
