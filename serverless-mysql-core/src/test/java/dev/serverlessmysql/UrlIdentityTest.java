package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The URL may name a user only when it is the configured one, and must be readable to be masked. */
class UrlIdentityTest {

    private static final String SECRET = "Url-S3cret-pw";

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://db:3306/app?user=other",
        "jdbc:mariadb://db:3306/app?user=other",
        "jdbc:mysql://other:" + SECRET + "@db:3306/app",
        "jdbc:mysql:/other:" + SECRET + "@db:3306/app",
        "jdbc:mariadb://db/app?user=other&password=" + SECRET,
        "jdbc:mysql://address=(host=db)(user=other)(password=" + SECRET + ")/app",
        "jdbc:mysql://db/app?user=App",
        "jdbc:mysql://db/app?us%65r=other"})
    void aUrlUserOtherThanTheUsernameFailsBuildNamingBoth(String url) {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ServerlessMySqlConfig.builder().jdbcUrl(url).username("app").password("pw").build());

        assertThat(e).isNotNull();
        assertThat(e.setting()).isEqualTo("jdbcUrl");
        assertThat(e.getMessage()).contains("jdbcUrl", "username", "'app'")
                .doesNotContain(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://db:3306/app?user=app",
        "jdbc:mariadb://db:3306/app?user=app",
        "jdbc:mysql://app:" + SECRET + "@db:3306/app",
        "jdbc:mysql://address=(host=db)(user=app)/app"})
    void theSameUserInBothIsFine(String url) {
        assertThatCode(() -> ServerlessMySqlConfig.builder().jdbcUrl(url).username("app").buildConfig())
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://app:" + SECRET + "?x@db/app",
        "jdbc:mysql://db/app?password=" + SECRET + "&" + SECRET,
        "jdbc:mariadb://db/app?password=" + SECRET + "&useSSL"})
    void aUrlThatCannotBeReadSafelyFailsBuildWithAMaskedMessage(String url) {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ServerlessMySqlConfig.builder().jdbcUrl(url).username("app").build());

        assertThat(e).isNotNull();
        assertThat(e.setting()).isEqualTo("jdbcUrl");
        assertThat(e.getMessage()).contains("****", "key=value").doesNotContain(SECRET);
        assertThat(e.value()).doesNotContain(SECRET);
    }
}
