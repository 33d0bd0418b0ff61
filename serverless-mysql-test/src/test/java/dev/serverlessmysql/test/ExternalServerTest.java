package dev.serverlessmysql.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExternalServerTest {

    @Test
    void hostAndPortAreReadFromAJdbcUrl() {
        assertThat(ExternalServer.hostAndPortOf("jdbc:mysql://db.example:3307/app?useSSL=true")).isEqualTo("db.example:3307");
        assertThat(ExternalServer.hostAndPortOf("jdbc:mysql://db.example")).isEqualTo("db.example:3306");
    }

    @Test
    void aUrlWithoutHostIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> ExternalServer.hostAndPortOf("jdbc:mysql:/nohost"))
                .hasMessageContaining(ExternalServer.URL_VARIABLE);
    }
}
