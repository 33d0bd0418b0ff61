package dev.serverlessmysql.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up failure caused by a setting the serverless DataSource rejected: which
 * property, which value (never a password: the core masks them) and what to set instead. The core
 * names settings by their builder methods; the starter reports its
 * {@code InvalidConfigurationException} as an {@link InvalidPropertyException}, with the properties.
 */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPropertyException> {

    private static final String URL = "spring.datasource.url";
    private static final String USERNAME = "spring.datasource.username";
    private static final String NOT_SET = "(not set)";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertyException cause) {
        String property = cause.property();
        String allowed = cause.allowed();
        String description = "The serverless MySQL DataSource could not be created: " + property
                + (NOT_SET.equals(cause.value()) ? " is not set" : " has a value it cannot use")
                + ".\n\n\tProperty: " + property
                + "\n\tValue: " + cause.value()
                + "\n\tAllowed: " + allowed + "\n";
        return new FailureAnalysis(description, action(property, allowed, cause), cause);
    }

    private static String action(String property, String allowed, InvalidPropertyException cause) {
        if (URL.equals(property) && NOT_SET.equals(cause.value())) {
            return "Consider the following:\n"
                    + "\tSet spring.datasource.url to a jdbc:mysql:// or jdbc:mariadb:// URL, or provide a"
                    + " JdbcConnectionDetails bean (for example a @ServiceConnection container).\n"
                    + "\tSet serverless.mysql.enabled=false if this application should not use the serverless DataSource.";
        }
        if (URL.equals(property) && allowed.startsWith("a jdbc:mysql:// or jdbc:mariadb:// URL")) {
            return "Consider the following:\n"
                    + "\tSet spring.datasource.url to a jdbc:mysql:// or jdbc:mariadb:// URL: the serverless DataSource"
                    + " speaks only to MySQL and MariaDB.\n"
                    + "\tSet serverless.mysql.enabled=false to use Spring Boot's default connection pool for this"
                    + " database instead.";
        }
        if (USERNAME.equals(property)) {
            return "Consider the following:\n"
                    + "\tSet spring.datasource.username to the database user. The user is needed even when the URL"
                    + " carries it: only that user's zombie connections are ever killed.";
        }
        return "Consider the following:\n\tSet " + property + " to " + allowed + ".";
    }
}
