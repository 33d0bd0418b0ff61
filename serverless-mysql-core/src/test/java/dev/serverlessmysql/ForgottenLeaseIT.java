package dev.serverlessmysql;

import static dev.serverlessmysql.LeaseIT.builderFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.serverlessmysql.test.CapturedOutput;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Issue 30 item 5: a lease a function forgot on another thread (an executor's) does not outlive
 * the invocation. Without the fix every later invocation waited for it until lease-timeout.
 */
@MySqlTest
class ForgottenLeaseIT {

    @Test
    @Timeout(120)
    void aLeaseLeftOnAWorkerThreadIsTakenBackAtTheInvocationsEndAndItsHolderCannotUseItAnyMore(TestDatabase db)
            throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "forgetful-worker"));
        try (CapturedOutput err = CapturedOutput.ofStandardError();
             ServerlessMySqlDataSource dataSource = builderFor(db).leaseTimeout(Duration.ofSeconds(5)).build()) {
            // The function queries on its executor and never closes the connection.
            Connection forgotten = worker.submit(() -> {
                Connection connection = dataSource.getConnection();
                TestDatabase.connectionId(connection);
                return connection;
            }).get(60, TimeUnit.SECONDS);

            dataSource.endInvocation();

            try (Connection next = dataSource.getConnection()) {
                assertThat(TestDatabase.queryLong(next, "SELECT 1")).isEqualTo(1);
            }
            assertThat(dataSource.stats().leasesReclaimed()).isEqualTo(1);
            assertThat(dataSource.stats().leaseTimeouts()).isZero();
            assertThat(err.text().lines().filter(line -> line.contains("WARN") && line.contains("never closed")))
                    .singleElement().asString().contains("forgetful-worker");
            ExecutionException late = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> worker.submit(() -> TestDatabase.connectionId(forgotten)).get(60, TimeUnit.SECONDS));
            assertThat(late.getCause()).isInstanceOf(SQLException.class);
            assertThat(((SQLException) late.getCause()).getSQLState()).isEqualTo("08003");
            // Housekeeping runs again at the next invocation end.
            long before = dataSource.stats().housekeepingStatements();
            dataSource.endInvocation();
            assertThat(dataSource.stats().lastLimit()).isPositive();
            assertThat(dataSource.stats().housekeepingStatements()).isGreaterThanOrEqualTo(before);
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    @Timeout(120)
    void withSeveralConnectionsALeaseWhoseThreadEndedIsTakenBack(TestDatabase db) throws Exception {
        try (ServerlessMySqlDataSource dataSource = builderFor(db).maxConnectionsPerEnvironment(2)
                .leaseTimeout(Duration.ofSeconds(5)).build()) {
            Thread gone = new Thread(() -> {
                try {
                    TestDatabase.connectionId(dataSource.getConnection());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "ended-worker");
            gone.start();
            gone.join(TimeUnit.SECONDS.toMillis(60));

            dataSource.endInvocation();

            try (Connection first = dataSource.getConnection(); Connection second = openOnAnotherThread(dataSource)) {
                assertThat(TestDatabase.connectionId(first)).isNotEqualTo(TestDatabase.connectionId(second));
            }
            assertThat(dataSource.stats().leasesReclaimed()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(120)
    void withSeveralConnectionsAnotherInvocationsLeaseIsLeftAlone(TestDatabase db) throws Exception {
        ExecutorService invocation = Executors.newSingleThreadExecutor();
        try (ServerlessMySqlDataSource dataSource = builderFor(db).maxConnectionsPerEnvironment(2).build()) {
            // A concurrent invocation's thread: alive, and it has ended invocations before.
            invocation.submit((Runnable) dataSource::endInvocation).get(60, TimeUnit.SECONDS);
            Connection otherInvocations = invocation.submit((java.util.concurrent.Callable<Connection>) dataSource::getConnection).get(60, TimeUnit.SECONDS);
            try {
                dataSource.endInvocation();

                assertThat(TestDatabase.queryLong(otherInvocations, "SELECT 1")).isEqualTo(1);
                assertThat(dataSource.stats().leasesReclaimed()).isZero();
            } finally {
                otherInvocations.close();
            }
            assertThatThrownBy(() -> TestDatabase.connectionId(otherInvocations)).isInstanceOf(SQLException.class);
        } finally {
            invocation.shutdownNow();
        }
    }

    private static Connection openOnAnotherThread(ServerlessMySqlDataSource dataSource) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit((java.util.concurrent.Callable<Connection>) dataSource::getConnection).get(60, TimeUnit.SECONDS);
        } finally {
            thread.shutdown();
        }
    }
}
