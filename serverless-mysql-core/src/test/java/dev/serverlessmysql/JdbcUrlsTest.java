package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Recognising MySQL URLs, masking their secrets and naming their hosts. */
class JdbcUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://db:3306/app",
        "jdbc:mariadb://db:3306/app",
        "jdbc:mysql:replication://h1,h2/app",
        "jdbc:mariadb:sequential://h1,h2/app"})
    void mySqlAndMariaDbUrlsAreRecognised(String url) {
        assertThat(JdbcUrls.isMySql(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:postgresql://db/app", "jdbc:h2:mem:app", "mysql://db/app", "db:3306", "", "jdbc:mysqlx://db/app"})
    void otherUrlsAreNot(String url) {
        assertThat(JdbcUrls.isMySql(url)).isFalse();
    }

    @Test
    void aUrlWithoutSecretsIsUnchanged() {
        String url = "jdbc:mysql://db.example:3306/app?useSSL=true&user=app";
        assertThat(JdbcUrls.withoutSecrets(url)).isEqualTo(url);
        assertThat(JdbcUrls.withoutSecrets(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:mysql://app:secret@db:3306/app          | jdbc:mysql://****@db:3306/app",
        "jdbc:mariadb://app:secret@db/app?x=1          | jdbc:mariadb://****@db/app?x=1",
        "jdbc:mysql://app:p@ss@w0rd@db/app             | jdbc:mysql://****@db/app",
        "jdbc:mysql://app:se/cret@db/app               | jdbc:mysql://****@db/app",
        "jdbc:mysql://u1:secret@h1:3306,u2:secret@h2/app | jdbc:mysql://****@h2/app",
        "jdbc:mysql://db/app?user=app&password=secret  | jdbc:mysql://db/app?user=app&password=****",
        "jdbc:mysql://db/app?password=secret&useSSL=true | jdbc:mysql://db/app?password=****&useSSL=true",
        "jdbc:mysql://db/app?PASSWORD=secret           | jdbc:mysql://db/app?PASSWORD=****",
        "jdbc:mysql://db/app?password1=secret&password2=secret | jdbc:mysql://db/app?password1=****&password2=****",
        "jdbc:mysql://db/app?trustCertificateKeyStorePassword=secret | jdbc:mysql://db/app?trustCertificateKeyStorePassword=****",
        "jdbc:mariadb://db/app?keyStorePassword=secret&trustStorePassword=secret | jdbc:mariadb://db/app?keyStorePassword=****&trustStorePassword=****",
        "jdbc:mysql://db/app?password=se,cr(et)&x=1    | jdbc:mysql://db/app?password=****&x=1",
        "jdbc:mysql://db/app?user=a@b.example&password=secret | jdbc:mysql://db/app?user=a@b.example&password=****",
        "jdbc:mysql://address=(host=db)(port=3306)(user=app)(password=secret)/app | jdbc:mysql://address=(host=db)(port=3306)(user=app)(password=****)/app",
        "jdbc:mysql://(host=db,port=3306,password=secret)/app | jdbc:mysql://(host=db,port=3306,password=****)/app"})
    void secretsAreMasked(String url, String expected) {
        String safe = JdbcUrls.withoutSecrets(url);
        assertThat(safe).isEqualTo(expected).doesNotContain("secret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:mysql://db.example:3306/app                  | db.example:3306",
        "jdbc:mysql://db.example                           | db.example",
        "jdbc:mysql://db.example?useSSL=true               | db.example",
        "jdbc:mysql://app:secret@db.example:3306/app       | db.example:3306",
        "jdbc:mysql://db.example/app?user=a@b&password=x   | db.example",
        "jdbc:mysql://h1:3306,h2:3307/app                  | h1:3306,h2:3307",
        "jdbc:mariadb://db.example:3307/app?password=secret | db.example:3307",
        "jdbc:mariadb:replication://h1,h2/app              | h1,h2",
        "jdbc:mysql://[::1]:3306/app                       | [::1]:3306"})
    void hostsAreTheAuthorityWithoutUserInfo(String url, String expected) {
        assertThat(JdbcUrls.hosts(url)).isEqualTo(expected);
    }

    @Test
    void hostsOfAUrlWithoutAnAuthorityIsTheSafeUrl() {
        assertThat(JdbcUrls.hosts("jdbc:mysql:app?password=secret")).isEqualTo("jdbc:mysql:app?password=****");
    }
}
