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
    void mySqlFrom8022OnListsThreadsInPerformanceSchemaAndEarlierOnesInInformationSchema() {
        assertThat(ServerDialect.of("MySQL", "8.0.22")).isEqualTo(ServerDialect.MYSQL_PERFORMANCE_SCHEMA);
        assertThat(ServerDialect.of("MySQL", "8.0.36-log")).isEqualTo(ServerDialect.MYSQL_PERFORMANCE_SCHEMA);
        assertThat(ServerDialect.of("MySQL", "8.4.3")).isEqualTo(ServerDialect.MYSQL_PERFORMANCE_SCHEMA);
        assertThat(ServerDialect.of("MySQL", "9.1.0")).isEqualTo(ServerDialect.MYSQL_PERFORMANCE_SCHEMA);
        assertThat(ServerDialect.of("MySQL", "8.0.21")).isEqualTo(ServerDialect.MYSQL);
        assertThat(ServerDialect.of("MySQL", "5.7.44-log")).isEqualTo(ServerDialect.MYSQL);
        assertThat(ServerDialect.of("MySQL", "unknown")).isEqualTo(ServerDialect.MYSQL);
        assertThat(ServerDialect.of("MySQL", "99999999999.0.0")).isEqualTo(ServerDialect.MYSQL);

        assertThat(ServerDialect.MYSQL_PERFORMANCE_SCHEMA.processlistTable()).isEqualTo("performance_schema.processlist");
        assertThat(ServerDialect.MYSQL_PERFORMANCE_SCHEMA.fallback()).isEqualTo(ServerDialect.MYSQL);
        assertThat(ServerDialect.MYSQL.processlistTable()).isEqualTo("information_schema.PROCESSLIST");
        assertThat(ServerDialect.MYSQL.fallback()).isEqualTo(ServerDialect.MYSQL);
        assertThat(ServerDialect.MARIADB.fallback()).isEqualTo(ServerDialect.MARIADB);
    }

    @Test
    void mySqlReadsThreadsConnectedFromPerformanceSchema() {
        assertThat(ServerDialect.MYSQL.threadsConnectedSubquery()).contains("performance_schema.global_status");
        assertThat(ServerDialect.MYSQL_PERFORMANCE_SCHEMA.threadsConnectedSubquery())
                .contains("performance_schema.global_status");
        assertThat(ServerDialect.MARIADB.threadsConnectedSubquery()).contains("information_schema.SESSION_STATUS");
    }

    @Test
    void theServerWideCountReadsTheStatusCounterAndNoProcesslist() {
        String sql = UsageProbe.sql(ServerDialect.MARIADB, false, true, false);
        assertThat(sql).contains("SESSION_STATUS").doesNotContainIgnoringCase("processlist").doesNotContain("?");
        assertThat(UsageProbe.sql(ServerDialect.MYSQL_PERFORMANCE_SCHEMA, true, true, false))
                .contains("max_user_connections", "performance_schema.global_status")
                .doesNotContainIgnoringCase("processlist");
    }

    @Test
    void theUserCountBindsTheUserNameComparedByteForByte() {
        String sql = UsageProbe.sql(ServerDialect.MARIADB, true, true, true);
        assertThat(sql).contains("max_user_connections", "wait_timeout", "information_schema.PROCESSLIST",
                "CAST(USER AS BINARY) = CAST(? AS BINARY)").doesNotContain("'%s'");
        assertThat(UsageProbe.sql(ServerDialect.MYSQL_PERFORMANCE_SCHEMA, false, false, true))
                .contains("FROM performance_schema.processlist WHERE CAST(USER AS BINARY) = CAST(? AS BINARY)")
                .doesNotContain("max_connections", "global_status");
        assertThat(UsageProbe.sql(ServerDialect.MYSQL, false, false, true)).contains("information_schema.PROCESSLIST");
        assertThat(UsageProbe.sql(ServerDialect.MARIADB, true, false, false)).doesNotContain("PROCESSLIST", "?");
    }
}
