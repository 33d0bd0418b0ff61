package dev.serverlessmysql;

import static dev.serverlessmysql.test.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.HousekeepingFixture.Recorder.Sampled;
import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/** Round trips per run, counted; time is the fake clock's. */
@MySqlTest
class HousekeepingCachingIT {

    @Test
    void aThousandRunsWithinTheCacheLifetimesSendOneQueryAndEachExpiryExactlyOneMore(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user,
                b -> b.usedConnectionsCacheTtl(Duration.ofSeconds(1)).maxConnectionsCacheTtl(Duration.ofSeconds(15)));
        try (Connection own = user.connect()) {
            assertThat(housekeeping.housekeeping.sessionWaitTimeoutSeconds()).isEqualTo(-1);

            for (int i = 0; i < 1000; i++) {
                assertThat(housekeeping.run(own)).isFalse();
            }

            assertThat(housekeeping.statements()).isEqualTo(1);
            assertThat(housekeeping.events.sampled).hasSize(1000);
            assertThat(housekeeping.housekeeping.sessionWaitTimeoutSeconds())
                    .isEqualTo(queryLong(own, "SELECT @@SESSION.wait_timeout"));

            housekeeping.advance(Duration.ofSeconds(1));
            housekeeping.run(own);
            housekeeping.run(own);
            assertThat(housekeeping.statements()).as("usage expired").isEqualTo(2);

            housekeeping.advance(Duration.ofSeconds(14));
            housekeeping.run(own);
            housekeeping.run(own);
            assertThat(housekeeping.statements()).as("limit and usage expired: still one statement").isEqualTo(3);

            housekeeping.housekeeping.clearCaches();
            assertThat(housekeeping.housekeeping.sessionWaitTimeoutSeconds()).isEqualTo(-1);
            housekeeping.run(own);
            assertThat(housekeeping.statements()).as("after a restore").isEqualTo(4);
        }
    }

    @Test
    void whenOnlyTheLimitIsStaleThenOnlyTheLimitIsReadAndTheCachedUsageIsKept(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user,
                b -> b.usedConnectionsCacheTtl(Duration.ofMinutes(1)).maxConnectionsCacheTtl(Duration.ofSeconds(15)));
        try (Connection own = user.connect()) {
            housekeeping.run(own);
            Sampled first = housekeeping.events.lastSampled();
            try (IdleConnections more = user.openIdleConnections(2)) {
                user.setMaxUserConnections(30);
                housekeeping.advance(Duration.ofSeconds(15));

                housekeeping.run(own);

                assertThat(housekeeping.statements()).isEqualTo(2);
                // The limit query ran on the own session, which still has the limit it connected with;
                // the usage is the cached one, although two more connections are open now.
                assertThat(housekeeping.events.lastSampled()).isEqualTo(first);
            }
        }
    }

    @Test
    void withZeroCacheLifetimesEveryRunAsksOnce(TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        HousekeepingFixture housekeeping = new HousekeepingFixture(user,
                b -> b.usedConnectionsCacheTtl(Duration.ZERO).maxConnectionsCacheTtl(Duration.ZERO));
        try (Connection own = user.connect()) {
            for (int i = 0; i < 5; i++) {
                housekeeping.run(own);
            }
            assertThat(housekeeping.statements()).isEqualTo(5);
        }
    }
}
