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
            TestDatabase.execute(setup, "CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY)");
            TestDatabase.execute(setup, "DELETE FROM orders");
        }
    }

    @Test
    void aConnectionLostInsideATransactionFailsItCommitsNothingAndTheNextLeaseReconnects(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ServerlessMySqlDataSource dataSource = builderFor(db).listener(listener).build()) {
            long first;
            try (Connection connection = dataSource.getConnection()) {
                first = TestDatabase.connectionId(connection);
                connection.setAutoCommit(false);
                TestDatabase.execute(connection, "INSERT INTO orders VALUES (1)");

                db.killThread(first);

                assertThatThrownBy(() -> {
                    TestDatabase.execute(connection, "INSERT INTO orders VALUES (2)");
                    connection.commit();
                }).isInstanceOf(SQLException.class);
            }

            try (Connection other = db.connect()) {
                assertThat(TestDatabase.queryLong(other, "SELECT COUNT(*) FROM orders")).isZero();
            }
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(connection)).isNotEqualTo(first);
                assertThat(connection.getAutoCommit()).isTrue();
                TestDatabase.execute(connection, "INSERT INTO orders VALUES (3)");
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
                first = TestDatabase.connectionId(connection);
                TestDatabase.execute(connection, "INSERT INTO orders VALUES (1)");
                assertThatThrownBy(() -> TestDatabase.execute(connection, "INSERT INTO orders VALUES (1)"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1062));
            }
            try (Connection connection = dataSource.getConnection()) {
                assertThat(TestDatabase.connectionId(connection)).isEqualTo(first);
            }
            assertThat(dataSource.stats().brokenConnections()).isZero();
        }
    }

    @Test
    void theLibraryNeverReRunsAFailedStatement(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).build()) {
            try (Connection connection = dataSource.getConnection()) {
                long id = TestDatabase.connectionId(connection);
                db.killThread(id);
                assertThatThrownBy(() -> TestDatabase.execute(connection, "INSERT INTO orders VALUES (7)"))
                        .isInstanceOf(SQLException.class);
            }
            try (Connection other = db.connect()) {
                assertThat(TestDatabase.queryLong(other, "SELECT COUNT(*) FROM orders")).isZero();
            }
        }
    }
}
