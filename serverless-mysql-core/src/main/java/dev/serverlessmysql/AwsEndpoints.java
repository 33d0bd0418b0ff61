package dev.serverlessmysql;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the JDBC URL says about AWS: whether it points at an RDS Proxy endpoint, whether it
 * requires TLS, and which host and port an IAM token is signed for. Also the checks that tie the
 * credentials provider and RDS Proxy mode to the rest of the configuration.
 */
final class AwsEndpoints {

    private static final Logger log = LoggerFactory.getLogger(AwsEndpoints.class);

    /**
     * {@code name.proxy-id.region.rds.amazonaws.com} and a proxy's additional endpoints
     * ({@code name.endpoint.proxy-id.region.rds.amazonaws.com}), China regions included.
     */
    private static final Pattern RDS_PROXY_HOST = Pattern.compile(
            "(?i)^(?:[a-z0-9-]+\\.)+proxy-[a-z0-9]+\\.[a-z0-9-]+\\.rds\\.amazonaws\\.com(?:\\.cn)?$");

    /** Connector/J's {@code sslMode} values that refuse a connection without TLS. */
    private static final Set<String> CONNECTOR_J_TLS = Set.of("required", "verify_ca", "verify_identity");
    /** MariaDB Connector/J's {@code sslMode} values that use TLS ({@code disable} does not). */
    private static final Set<String> MARIADB_TLS = Set.of("trust", "verify-ca", "verify-full");

    private AwsEndpoints() {
    }

    /** The host and port of a single-host URL; the port 3306 when the URL names none. */
    record HostAndPort(String host, int port) {
    }

    /** Whether any host of the URL is an RDS Proxy endpoint. */
    static boolean isRdsProxy(String jdbcUrl) {
        if (jdbcUrl == null) {
            return false;
        }
        for (String host : JdbcUrls.hosts(jdbcUrl).split(",")) {
            String name = host.trim();
            int colon = name.lastIndexOf(':');
            if (colon > 0) {
                name = name.substring(0, colon);
            }
            if (RDS_PROXY_HOST.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The host and port a single-host URL connects to (what an IAM token is signed for).
     *
     * @throws InvalidConfigurationException when the URL names several hosts or none
     */
    static HostAndPort hostAndPort(String jdbcUrl) {
        String hosts = JdbcUrls.hosts(jdbcUrl);
        String allowed = "a URL with one host, such as jdbc:mysql://mydb.abc123.eu-west-1.rds.amazonaws.com:3306/app:"
                + " an IAM token is signed for one host and port";
        if (hosts.isBlank() || hosts.contains(",") || hosts.contains("(") || hosts.contains("[")
                || hosts.contains(JdbcUrls.MASK)) {
            throw new InvalidConfigurationException("jdbcUrl", JdbcUrls.withoutSecrets(jdbcUrl), allowed);
        }
        int colon = hosts.lastIndexOf(':');
        if (colon < 0) {
            return new HostAndPort(hosts, 3306);
        }
        try {
            return new HostAndPort(hosts.substring(0, colon), Integer.parseInt(hosts.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("jdbcUrl", JdbcUrls.withoutSecrets(jdbcUrl), allowed);
        }
    }

    /**
     * Whether the URL and driver properties make the driver refuse to connect without TLS:
     * Connector/J's {@code sslMode=REQUIRED|VERIFY_CA|VERIFY_IDENTITY} (or the old
     * {@code requireSSL=true}), MariaDB Connector/J's {@code sslMode=trust|verify-ca|verify-full}
     * (or the old {@code useSsl=true}). Connector/J's default, {@code PREFERRED}, falls back to
     * plain text and so does not count.
     */
    static boolean requiresTls(String jdbcUrl, Map<String, String> driverProperties) {
        boolean mariaDb = jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:aws-wrapper:mariadb:");
        String sslMode = setting(jdbcUrl, driverProperties, "sslMode");
        if (sslMode != null) {
            return (mariaDb ? MARIADB_TLS : CONNECTOR_J_TLS).contains(sslMode.trim().toLowerCase(Locale.ROOT));
        }
        if (mariaDb) {
            return "true".equalsIgnoreCase(setting(jdbcUrl, driverProperties, "useSsl"))
                    || "true".equalsIgnoreCase(setting(jdbcUrl, driverProperties, "useSSL"));
        }
        return "true".equalsIgnoreCase(setting(jdbcUrl, driverProperties, "requireSSL"))
                && !"false".equalsIgnoreCase(setting(jdbcUrl, driverProperties, "useSSL"));
    }

    /** A driver setting: the URL's value, else the driver property's (keys ignoring case). */
    private static String setting(String jdbcUrl, Map<String, String> driverProperties, String key) {
        String fromUrl = JdbcUrls.parameter(jdbcUrl, key);
        if (fromUrl != null) {
            return fromUrl;
        }
        for (Map.Entry<String, String> entry : driverProperties.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /**
     * The checks that tie credentials and RDS Proxy mode to the rest of the settings: a provider
     * whose secrets may only travel over TLS needs a URL that requires it; behind RDS Proxy no
     * setting may make the driver send a SET at connect, which would pin every session.
     */
    static void validate(String jdbcUrl, Map<String, String> driverProperties, CredentialsProvider provider,
            boolean rdsProxy, Duration sessionWaitTimeout) {
        if (provider != null && provider.requiresTls() && !requiresTls(jdbcUrl, driverProperties)) {
            String example = jdbcUrl.startsWith("jdbc:mariadb:") ? "sslMode=verify-full" : "sslMode=VERIFY_IDENTITY";
            throw new InvalidConfigurationException("jdbcUrl", JdbcUrls.withoutSecrets(jdbcUrl),
                    "a URL that requires TLS, such as one with " + example + " (and the RDS CA bundle in the trust"
                            + " store) or at least sslMode=REQUIRED: " + provider + " sends its token in clear text"
                            + " (mysql_clear_password), and RDS accepts IAM authentication only over TLS");
        }
        if (!rdsProxy) {
            return;
        }
        String pinning = "; behind RDS Proxy every SET sent at connect pins the client's session to one database"
                + " connection, which defeats the proxy (set rdsProxy to false if this is not a proxy)";
        if (sessionWaitTimeout != null && !sessionWaitTimeout.isZero()) {
            throw new InvalidConfigurationException("sessionWaitTimeout", sessionWaitTimeout,
                    "unset or 0: the proxy's idle client timeout is the safety net for a frozen container's connection"
                            + pinning, "rdsProxy");
        }
        String sessionVariables = setting(jdbcUrl, driverProperties, "sessionVariables");
        if (sessionVariables != null && !sessionVariables.isBlank()) {
            throw new InvalidConfigurationException("sessionVariables (in jdbcUrl or a driverProperty)",
                    sessionVariables, "none: set the variables in the proxy's initialization query or the DB"
                            + " parameter group instead" + pinning, "rdsProxy");
        }
        log.info("RDS Proxy mode for {}: no SET at connect (the proxy's idle client timeout reaps a frozen container's"
                + " connection) and no housekeeping through the proxy; set rdsProxy to false if this is"
                + " not a proxy", JdbcUrls.hosts(jdbcUrl));
    }
}
