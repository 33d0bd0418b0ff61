package dev.serverlessmysql;

import java.util.Objects;

/**
 * A database user and its password (or IAM token) for one connect. {@link #toString()} never
 * shows the password.
 *
 * @param username the database user
 * @param password the password or token; null for a user without one
 */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=" + (password == null ? "(none)" : JdbcUrls.MASK) + "]";
    }
}
