package dev.serverlessmysql.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbeddedMariaDbServerTest {

    @Test
    void theAdminAccountIsCreatedFromTheHashThatPasswordWouldGive() {
        // MySQL's and MariaDB's PASSWORD('password'), a published value.
        assertThat(EmbeddedMariaDbServer.nativePasswordHash("password")).isEqualTo("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
        assertThat(EmbeddedMariaDbServer.nativePasswordHash("admin-x")).doesNotContain("admin-x").startsWith("*").hasSize(41);
    }
}
