package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerDialectTest {

    @Test
    void mariaDbIsRecognisedByItsVersionEvenWhenConnectorJCallsItMySql() {
        assertThat(ServerDialect.of("MySQL", "11.4.5-MariaDB")).isEqualTo(ServerDialect.MARIADB);
        assertThat(ServerDialect.of("MariaDB", "10.6.18-MariaDB-log")).isEqualTo(ServerDialect.MARIADB);
        assertThat(ServerDialect.of("MySQL", "5.5.5-10.11.6-MariaDB")).isEqualTo(ServerDialect.MARIADB);
    }

    @Test
    void mySqlReadsThreadsConnectedFromPerformanceSchema() {
        assertThat(ServerDialect.of("MySQL", "8.0.36")).isEqualTo(ServerDialect.MYSQL);
        assertThat(ServerDialect.MYSQL.threadsConnectedSubquery()).contains("performance_schema.global_status");
        assertThat(ServerDialect.MARIADB.threadsConnectedSubquery()).contains("information_schema.GLOBAL_STATUS");
    }

    @Test
    void theUsageQueryBindsTheUserNameAndFetchesOnlyWhatIsStale() {
        String both = UsageProbe.sql(ServerDialect.MARIADB, true, true);
        assertThat(both).contains("max_user_connections", "wait_timeout", "USER = ?").doesNotContain("'%s'");
        assertThat(UsageProbe.sql(ServerDialect.MARIADB, true, false)).doesNotContain("PROCESSLIST", "?");
        assertThat(UsageProbe.sql(ServerDialect.MYSQL, false, true)).doesNotContain("max_connections")
                .contains("performance_schema", "USER = ?");
    }
}
