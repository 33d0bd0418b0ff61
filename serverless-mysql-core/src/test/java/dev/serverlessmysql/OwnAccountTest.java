package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host patterns matched as the server matches them (SQL LIKE, case-insensitive; netmasks never). */
class OwnAccountTest {

    @ParameterizedTest(name = "''{0}'' vs {1}: {2}")
    @CsvSource({
        "%, 10.0.0.5, true",
        "'', 10.0.0.5, true",
        "10.0.0.%, 10.0.0.5, true",
        "10.0.0.%, 10.0.1.5, false",
        "10.0.0._, 10.0.0.5, true",
        "10.0.0._, 10.0.0.55, false",
        "127.0.0.1, 127.0.0.1, true",
        "127.0.0.1, 127.0.0.10, false",
        "%.example.com, App.EXAMPLE.com, true",
        "localhost, localhost, true",
        "my\\_host, my_host, true",
        "my\\_host, myxhost, false",
        "10.0.0.0/255.255.255.0, 10.0.0.5, false",
        "%%, x, true"})
    void aHostPatternMatchesAsTheServerMatchesIt(String pattern, String host, boolean matches) {
        assertThat(OwnAccount.matches(pattern, host)).isEqualTo(matches);
    }
}
