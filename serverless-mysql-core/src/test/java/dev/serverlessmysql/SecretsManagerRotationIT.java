package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Secrets Manager rotation between two invocations, against a real server and a local Secrets
 * Manager stub (the SDK pointed at it with an endpoint override; static AWS credentials): the
 * second invocation succeeds after at most one refused attempt, and the secret is read twice.
 */
@MySqlTest
class SecretsManagerRotationIT {

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql:", "jdbc:mariadb:"})
    void aRotationBetweenTwoInvocationsCostsOneRefusedAttempt(String driver, TestDatabase database) throws Exception {
        // A user of its own: the rotation changes its password.
        TestDatabase db = database.newUser();
        try (SecretsManagerStub stub = new SecretsManagerStub()) {
            stub.set(db.username(), db.password());
            SecretsManagerCredentials secret = secretFrom(stub);
            try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                    .jdbcUrl(db.jdbcUrl().replace("jdbc:mysql:", driver)).username(db.username())
                    .credentialsProvider(secret).thawThreshold(Duration.ZERO).build()) {
                long threadId;
                try (Connection connection = dataSource.getConnection()) {
                    threadId = TestDatabase.connectionId(connection);
                }
                dataSource.endInvocation();

                // Rotation: the database gets a new password and the secret follows; the container's
                // connection goes (the server reaped it while the container was frozen).
                String rotated = "rotated-" + System.nanoTime();
                try (Connection admin = db.server().adminConnection()) {
                    TestDatabase.execute(admin, "ALTER USER '" + db.username() + "'@'%' IDENTIFIED BY '" + rotated + "'");
                }
                stub.set(db.username(), rotated);
                db.killThread(threadId);
                long deniedBefore = accessDenied(db);

                try (Connection connection = dataSource.getConnection()) {
                    assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
                }
                dataSource.endInvocation();

                assertThat(accessDenied(db) - deniedBefore).as("refused attempts").isEqualTo(1);
                assertThat(stub.calls()).as("secret reads: one at the first connect, one after the refusal")
                        .isEqualTo(2);
                assertThat(dataSource.stats().connectFailures()).isZero();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql:", "jdbc:mariadb:"})
    void aWrongPasswordInTheSecretFailsAfterOneReadMoreAndIsNotRetriedAgain(String driver, TestDatabase db)
            throws Exception {
        try (SecretsManagerStub stub = new SecretsManagerStub()) {
            stub.set(db.username(), "not-the-password");
            try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder()
                    .jdbcUrl(db.jdbcUrl().replace("jdbc:mysql:", driver)).username(db.username())
                    .credentialsProvider(secretFrom(stub)).build()) {
                assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1045))
                        .hasMessageNotContaining("not-the-password");
                assertThat(stub.calls()).isEqualTo(2);
            }
        }
    }

    @Test
    void aCheckpointForgetsTheCachedSecretSoARestoredCloneReadsItAgain(TestDatabase db) throws Exception {
        try (SecretsManagerStub stub = new SecretsManagerStub()) {
            stub.set(db.username(), db.password());
            try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(db.jdbcUrl())
                    .username(db.username()).credentialsProvider(secretFrom(stub)).registerCheckpointHook(false)
                    .build()) {
                try (Connection connection = dataSource.getConnection()) {
                    assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
                }
                dataSource.endInvocation();
                assertThat(stub.calls()).as("secret reads before the checkpoint").isEqualTo(1);

                dataSource.beforeCheckpoint();
                dataSource.afterRestore();
                try (Connection connection = dataSource.getConnection()) {
                    assertThat(TestDatabase.queryLong(connection, "SELECT 1")).isEqualTo(1);
                }
                dataSource.endInvocation();

                // The cache's TTL is an hour: only the checkpoint can have dropped it.
                assertThat(stub.calls()).as("secret reads: one before the checkpoint, one after the restore")
                        .isEqualTo(2);
            }
        }
    }

    private static SecretsManagerCredentials secretFrom(SecretsManagerStub stub) {
        return SecretsManagerCredentials.builder().secretId("db").region("eu-west-1").endpoint(stub.endpoint())
                .awsCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")))
                .cacheTtl(Duration.ofHours(1)).build();
    }

    private static long accessDenied(TestDatabase db) throws SQLException {
        try (Connection admin = db.server().adminConnection()) {
            return Long.parseLong(TestDatabase.queryString(admin,
                    "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'ACCESS_DENIED_ERRORS'"));
        }
    }
}
