package dev.serverlessmysql;

import static dev.serverlessmysql.test.TestDatabase.execute;
import static dev.serverlessmysql.test.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.serverlessmysql.HousekeepingFixture.CapturedLog;
import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/** A connection asleep inside an open transaction, with and without the PROCESS privilege. */
@MySqlTest
class HousekeepingTransactionsIT {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final String NO_PROCESS_WARNING = "lacks the PROCESS privilege";

    @BeforeAll
    static void createTable(TestDatabase db) throws SQLException {
        try (Connection connection = db.connect()) {
            execute(connection, "CREATE TABLE orders (id INT PRIMARY KEY)");
        }
    }

    @Test
    void withProcessAConnectionAsleepInATransactionIsSparedUntilMaxTimeoutAndCanStillCommit(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        user.grantProcess();
        user.setMaxUserConnections(3);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user,
                b -> b.zombieMinTimeout(ONE_SECOND).zombieMaxTimeout(Duration.ofMinutes(1)));
        try (Connection inTransaction = user.connect()) {
            inTransaction.setAutoCommit(false);
            execute(inTransaction, "INSERT INTO orders VALUES (1)");
            try (IdleConnections idle = user.openIdleConnections(1); Connection own = user.connect()) {
                user.awaitSleeping(List.of(TestDatabase.connectionId(inTransaction), idle.threadIds().get(0)),
                        Duration.ofSeconds(2));

                // 3 of 3: one must go. The transaction is older, but it is spared.
                assertThat(housekeeping.run(own)).isFalse();

                assertThat(housekeeping.events.killed).containsExactlyElementsOf(idle.threadIds());
                inTransaction.commit();
                assertThat(queryLong(own, "SELECT COUNT(*) FROM orders WHERE id = 1")).isEqualTo(1);
                // usage, one listing that also proved PROCESS, one KILL
                assertThat(housekeeping.statements()).isEqualTo(3);
            }
        }
    }

    @Test
    void withoutProcessAConnectionAsleepInATransactionIsKillableAfterMinTimeoutAndThatIsLoggedOnce(TestDatabase db)
            throws Exception {
        TestDatabase user = db.newUser();
        user.setMaxUserConnections(3);
        HousekeepingFixture housekeeping = new HousekeepingFixture(user,
                b -> b.zombieMinTimeout(ONE_SECOND).zombieMaxTimeout(Duration.ofMinutes(1)));
        try (CapturedLog log = new CapturedLog(); Connection inTransaction = user.connect()) {
            inTransaction.setAutoCommit(false);
            execute(inTransaction, "INSERT INTO orders VALUES (2)");
            long transactionThread = TestDatabase.connectionId(inTransaction);
            try (IdleConnections idle = user.openIdleConnections(1); Connection own = user.connect()) {
                user.awaitSleeping(List.of(transactionThread, idle.threadIds().get(0)), ONE_SECOND);

                assertThat(housekeeping.run(own)).isFalse();

                // The oldest goes, transaction or not.
                assertThat(housekeeping.events.killed).containsExactly(transactionThread);
                assertThatThrownBy(inTransaction::commit).isInstanceOf(SQLException.class);
                // usage, the refused listing with transactions, the plain listing, one KILL
                assertThat(housekeeping.statements()).isEqualTo(4);

                user.awaitThreadGone(transactionThread);
                try (Connection another = user.connect()) {
                    housekeeping.advance(Duration.ofSeconds(1));
                    long before = housekeeping.statements();

                    assertThat(housekeeping.run(own)).isFalse();

                    assertThat(housekeeping.events.killed).containsExactly(transactionThread, idle.threadIds().get(0));
                    // The privilege is known now: usage, listing, KILL.
                    assertThat(housekeeping.statements() - before).isEqualTo(3);
                }
            }
            assertThat(log.count(NO_PROCESS_WARNING)).isEqualTo(1);
        }
        try (Connection check = user.connect()) {
            assertThat(queryLong(check, "SELECT COUNT(*) FROM orders WHERE id = 2")).isZero();
        }
    }
}
