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
        "jdbc:mysql://(host=db,port=3306,password=secret)/app | jdbc:mysql://(host=db,port=3306,password=****)/app",
        "jdbc:mysql:/app:secret@db/app                 | jdbc:mysql:/****@db/app",
        "jdbc:mysql:app:secret@db/app                  | jdbc:mysql:****@db/app",
        "jdbc:mysql:///app?password=secret             | jdbc:mysql:///app?password=****",
        "jdbc:mysql://db/app?pwd=secret                | jdbc:mysql://db/app?pwd=****",
        "jdbc:mysql://db/app?pass%77ord=secret         | jdbc:mysql://db/app?pass%77ord=****",
        "jdbc:mysql://db/app?%70assword=secret&x=1     | jdbc:mysql://db/app?%70assword=****&x=1",
        "jdbc:mysql://db/app?password3=secret          | jdbc:mysql://db/app?password3=****",
        "jdbc:mysql://db/app?clientCertificateKeyStorePassword=secret | jdbc:mysql://db/app?clientCertificateKeyStorePassword=****",
        "jdbc:mysql://db/app?password=se%26cret        | jdbc:mysql://db/app?password=****",
        "jdbc:mysql:replication://app:secret@h1,h2/app | jdbc:mysql:replication://****@h1,h2/app",
        "jdbc:mysql:loadbalance://address=(host=h1)(password=secret),address=(host=h2)(password=secret)/app | jdbc:mysql:loadbalance://address=(host=h1)(password=****),address=(host=h2)(password=****)/app",
        "jdbc:mysql://[::1]:3306/app?password=secret   | jdbc:mysql://[::1]:3306/app?password=****",
        "jdbc:mariadb:sequential://h1,h2/app?password=secret&keyPassword=secret | jdbc:mariadb:sequential://h1,h2/app?password=****&keyPassword=****",
        "jdbc:mariadb://address=(host=h1)(port=3306)(type=primary)/app?trustStorePassword=secret | jdbc:mariadb://address=(host=h1)(port=3306)(type=primary)/app?trustStorePassword=****",
        "jdbc:mariadb:loadbalance://h1/app;password=secret | jdbc:mariadb:loadbalance://h1/app;password=****",
        "jdbc:postgresql://app:secret@db/app?password=secret | jdbc:postgresql://****@db/app?password=****"})
    void secretsAreMasked(String url, String expected) {
        String safe = JdbcUrls.withoutSecrets(url);
        assertThat(safe).isEqualTo(expected).doesNotContain("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://app:se?cret@db/app",
        "jdbc:mysql://app:se?x=y@db/app",
        "jdbc:mysql://db/app?password=se&cret",
        "jdbc:mysql://db/app?password=secret&useSSL",
        "jdbc:mysql://address=(host=db)(password=se)cret)/app",
        "jdbc:mysql://(host=db,password=se(cret)/app",
        "jdbc:mysql://db/app?pass%7word=secret",
        "jdbc:mariadb://app:secret/db?x=1",
        "jdbc:mysql://db:secret/app"})
    void urlsThatCannotBeReadSafelyAreUnsafeAndShowOnlyTheirPrefix(String url) {
        assertThat(JdbcUrls.isSafe(url)).isFalse();
        String safe = JdbcUrls.withoutSecrets(url);
        assertThat(safe).endsWith("****").doesNotContain("se").doesNotContain("cret");
        assertThat(JdbcUrls.hosts(url)).doesNotContain("cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://db:3306/app?useSSL=false&allowPublicKeyRetrieval=true",
        "jdbc:mysql://db/app?",
        "jdbc:mysql://db/app?a=1&",
        "jdbc:mysql:///app",
        "jdbc:mariadb://h1:3306,h2:3307/app?sessionVariables=sql_mode='ANSI',time_zone='+00:00'",
        "jdbc:mysql://address=(host=db)(port=3306)/app",
        "jdbc:mysql://[fe80::1%25eth0]:3306/app"})
    void ordinaryUrlsAreSafe(String url) {
        assertThat(JdbcUrls.isSafe(url)).isTrue();
        assertThat(JdbcUrls.withoutSecrets(url)).isEqualTo(url);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:mysql://other:pw@db/app          | other",
        "jdbc:mysql:/other:pw@db/app           | other",
        "jdbc:mysql://other@db/app             | other",
        "jdbc:mysql://db/app?user=other        | other",
        "jdbc:mysql://db/app?USER=other        | other",
        "jdbc:mysql://db/app?us%65r=other      | other",
        "jdbc:mysql://db/app?user=PowerUser    | PowerUser",
        "jdbc:mariadb://db/app?user=other      | other",
        "jdbc:mysql://address=(host=db)(user=other)/app | other",
        "jdbc:mysql://(host=db,user=other)/app | other"})
    void theUserAUrlLogsInAsIsFound(String url, String user) {
        assertThat(JdbcUrls.users(url)).containsExactly(user);
    }

    @Test
    void everyHostsUserOfAMultiHostUrlIsFoundAndARawAtInAPasswordIsNoUser() {
        assertThat(JdbcUrls.users("jdbc:mysql://u1:secret@h1:3306,u2:secret@h2/app")).containsExactly("u1", "u2");
        assertThat(JdbcUrls.users("jdbc:mysql://app:p@ss@db/app")).containsExactly("app");
        assertThat(JdbcUrls.secrets("jdbc:mysql://u1:s3cret1@h1:3306,u2:s3cret2@h2/app")).contains("s3cret1", "s3cret2");
    }

    @Test
    void aUrlWithoutUserHasNone() {
        assertThat(JdbcUrls.users("jdbc:mysql://db/app?useSSL=false")).isEmpty();
    }

    @Test
    void secretsAreListedRawAndDecodedLongestFirst() {
        assertThat(JdbcUrls.secrets("jdbc:mysql://u:p%40ss@db/app?password=se%26cret"))
                .contains("p%40ss", "p@ss", "se%26cret", "se&cret");
    }

    @Test
    void aParameterIsReadDecodedForConnectorJOnlyAndCanBeRemoved() {
        assertThat(JdbcUrls.parameter("jdbc:mysql://db/app?a=1&sessionVariables=x%3D1,y=2", "sessionvariables"))
                .isEqualTo("x=1,y=2");
        assertThat(JdbcUrls.parameter("jdbc:mariadb://db/app?sessionVariables=x%3D1", "sessionVariables"))
                .isEqualTo("x%3D1");
        assertThat(JdbcUrls.parameter("jdbc:mysql://db/app", "sessionVariables")).isNull();
        assertThat(JdbcUrls.withoutParameter("jdbc:mysql://db/app?a=1&sessionVariables=x=1&b=2", "sessionVariables"))
                .isEqualTo("jdbc:mysql://db/app?a=1&b=2");
        assertThat(JdbcUrls.withoutParameter("jdbc:mysql://db/app?sessionVariables=x=1", "sessionVariables"))
                .isEqualTo("jdbc:mysql://db/app");
        assertThat(JdbcUrls.withoutParameter("jdbc:mysql://u:p?q@db/app", "sessionVariables"))
                .isEqualTo("jdbc:mysql://u:p?q@db/app");
    }

    @Test
    void aDriverExceptionCarryingTheUrlIsCopiedWithoutItKeepingClassStateAndCode() {
        String url = "jdbc:mariadb:/app:S3cr3t-pw@db/app?password=S3cr3t-pw";
        java.sql.SQLException original = new java.sql.SQLNonTransientConnectionException(
                "error parsing url " + url, "08000", 1234, new java.net.UnknownHostException("S3cr3t-pw@db"));
        java.sql.SQLException safe = SecretScrubber.withoutSecrets(original, java.util.List.of(url), "other");
        assertThat((Throwable) safe).isInstanceOf(java.sql.SQLNonTransientConnectionException.class)
                .hasMessageNotContaining("S3cr3t").hasMessageContaining("jdbc:mariadb:");
        assertThat(safe.getSQLState()).isEqualTo("08000");
        assertThat(safe.getErrorCode()).isEqualTo(1234);
        assertThat(safe.getCause()).isInstanceOf(java.net.UnknownHostException.class).hasMessageNotContaining("S3cr3t");
        java.sql.SQLException clean = new java.sql.SQLException("Access denied", "28000", 1045);
        assertThat((Object) SecretScrubber.withoutSecrets(clean, java.util.List.of(url), "other")).isSameAs(clean);
        java.sql.SQLException withPassword = new java.sql.SQLException("bad other", "28000", 1045);
        assertThat((Throwable) SecretScrubber.withoutSecrets(withPassword, java.util.List.of(url), "other"))
                .hasMessage("bad ****");
    }

    /**
     * A short password is masked where it stands as a value, never inside words: with the password
     * {@code x}, masking every substring garbled "Expected ... unexpectedly" into "E****pected ...
     * une****pectedly", and the mask pattern gave the password away (issue 30 item 9).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // words that merely contain it stay as they are
        "Can not read response from server. Expected to read 4 bytes, read 0 bytes before connection was unexpectedly"
                + " lost. | Can not read response from server. Expected to read 4 bytes, read 0 bytes before connection was"
                + " unexpectedly lost.",
        "unexpected end of stream, read 0 bytes from 4 | unexpected end of stream, read 0 bytes from 4",
        // where it stands as a value: parameters, key=value pairs, quoted, user:password@
        "url ?user=app&password=x&useSSL=false | url ?user=app&password=****&useSSL=false",
        "properties {user=app, password=x} | properties {user=app, password=****}",
        "PASSWORD = x; next | PASSWORD = ****; next",
        "the password 'x' was refused | the password '****' was refused",
        "the password \"x\" was refused | the password \"****\" was refused",
        "jdbc:mysql://app:x@db/app | jdbc:mysql://app:****@db/app",
        "x | ****",
        "got x. | got ****.",
        // a key=value pair hides its value whatever it is, the password or not
        "trustStorePassword=changeit&useSSL=true | trustStorePassword=****&useSSL=true"})
    void aShortPasswordIsMaskedWhereItStandsAsAValueNeverInsideWords(String message, String expected) {
        java.sql.SQLException e = new java.sql.SQLException(message, "08S01");
        assertThat(SecretScrubber.withoutSecrets(e, java.util.List.of(), "x").getMessage()).isEqualTo(expected);
    }

    /** A masked copy still says what the connect failure was: the classifier reads the socket's exception classes. */
    @Test
    void aMaskedCopyKeepsTheNetworkExceptionClassesTheClassifierReads() {
        for (Exception socket : java.util.List.of(new java.io.EOFException("lost; password=pw"),
                new java.net.SocketException("Connection reset; password=pw"))) {
            java.sql.SQLException e = new java.sql.SQLException("Communications link failure", "08S01", socket);
            java.sql.SQLException masked = SecretScrubber.withoutSecrets(e, java.util.List.of(), "pw");
            assertThat(masked.getCause()).isInstanceOf(socket.getClass()).hasMessageNotContaining("=pw");
            assertThat(ErrorClassifier.connectCause(masked)).isEqualTo(ErrorClassifier.ConnectCause.UNREACHABLE);
        }
    }

    /** A password of several words' characters, inside other text: masked wherever it stands apart. */
    @Test
    void aLongerPasswordIsMaskedWhereverItStandsApartAndAPasswordWithSymbolsEvenInsideWords() {
        assertThat(SecretScrubber.withoutSecrets(new java.sql.SQLException("login app/s3cret failed (s3cret)"),
                java.util.List.of(), "s3cret").getMessage()).isEqualTo("login app/**** failed (****)");
        // Its own edges are not word characters: no word can contain it by accident.
        assertThat(SecretScrubber.withoutSecrets(new java.sql.SQLException("token:pw-!-pw end"),
                java.util.List.of(), "-!-").getMessage()).isEqualTo("token:pw****pw end");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:mysql:/app:secret@db.example:3306/app        | db.example:3306",
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
