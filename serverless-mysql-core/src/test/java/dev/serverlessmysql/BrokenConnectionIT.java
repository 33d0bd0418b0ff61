package dev.serverlessmysql;

import static dev.serverlessmysql.LeaseIT.builderFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

@MySqlTest
class BrokenConnectionIT {

    @BeforeEach
    void createTable(TestDatabase db) throws SQLException {
        try (Connection setup = db.connect()) {
            Sql.execute(setup, "CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY)");
            Sql.execute(setup, "DELETE FROM orders");
        }
    }

    @Test
    void aConnectionLostInsideATransactionFailsItCommitsNothingAndTheNextLeaseReconnects(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = builderFor(db).listener(listener).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = Sql.connectionId(connection);
                connection.setAutoCommit(false);
                Sql.execute(connection, "INSERT INTO orders VALUES (1)");

                db.killThread(first);

                assertThatThrownBy(() -> {
                    Sql.execute(connection, "INSERT INTO orders VALUES (2)");
                    connection.commit();
                }).isInstanceOf(SQLException.class);
            }

            try (Connection other = db.connect()) {
                assertThat(Sql.queryLong(other, "SELECT COUNT(*) FROM orders")).isZero();
            }
            try (Connection connection = dataSource.getConnection()) {
                assertThat(Sql.connectionId(connection)).isNotEqualTo(first);
                assertThat(connection.getAutoCommit()).isTrue();
                Sql.execute(connection, "INSERT INTO orders VALUES (3)");
            }
            assertThat(dataSource.stats().brokenConnections()).isEqualTo(1);
            assertThat(listener.events).contains("released BROKEN");
        }
    }

    @Test
    void anOrdinaryStatementErrorKeepsTheConnection(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = Sql.connectionId(connection);
                Sql.execute(connection, "INSERT INTO orders VALUES (1)");
                assertThatThrownBy(() -> Sql.execute(connection, "INSERT INTO orders VALUES (1)"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1062));
            }
            try (Connection connection = dataSource.getConnection()) {
                assertThat(Sql.connectionId(connection)).isEqualTo(first);
            }
            assertThat(dataSource.stats().brokenConnections()).isZero();
        }
    }

    @Test
    void theLibraryNeverReRunsAFailedStatement(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            try (Connection connection = dataSource.getConnection()) {
                long id = Sql.connectionId(connection);
                db.killThread(id);
                assertThatThrownBy(() -> Sql.execute(connection, "INSERT INTO orders VALUES (7)"))
                        .isInstanceOf(SQLException.class);
            }
            try (Connection other = db.connect()) {
                assertThat(Sql.queryLong(other, "SELECT COUNT(*) FROM orders")).isZero();
            }
        }
    }
}
