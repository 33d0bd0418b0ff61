package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Defaults, accepted boundaries and every rejection of the configuration builder. */
class ServerlessMySqlConfigTest {

    /** Valid, but with the password everywhere a careless message could pick it up. */
    private static final String URL = "jdbc:mysql://app:secret@db.example:3306/app?useSSL=true&password=secret";
    private static final String SECRET = "secret";

    private static final String URL_ALLOWED = "a jdbc:mysql:// or jdbc:mariadb:// URL";
    private static final String USER_ALLOWED =
            "the database user; it is needed to find and kill this user's zombie connections";
    private static final String UTILIZATION_ALLOWED = "a fraction greater than 0 and at most 1, such as 0.8";
    private static final String ZOMBIE_MAX_ALLOWED =
            "zombieMinTimeout (3s) to 365d, the server's largest wait_timeout";
    private static final String SESSION_WAIT_ALLOWED = "0 (keep the server's) or 1s to 365d";
    private static final String THAW_ALLOWED = "0 to 2s, 1s below zombieMinTimeout (3s): the"
            + " processlist counts sleep in whole seconds (MySQL from start times truncated to the second), so a peer"
            + " may kill a connection that slept just over 2s, and it must be checked first";
    private static final String VALIDATION_ALLOWED = "1s to 1h, in whole seconds (JDBC's isValid counts seconds)";
    private static final String LEASE_ALLOWED = "1ms to 1d, such as 30s";

    private static ServerlessMySqlConfig.Builder valid() {
        return ServerlessMySqlConfig.builder().jdbcUrl(URL).username("app").password(SECRET);
    }

    static Stream<Arguments> rejectedValues() {
        return Stream.of(
                rejected("no URL", b -> b.jdbcUrl(null), "jdbcUrl", "(not set)", URL_ALLOWED),
                rejected("blank URL", b -> b.jdbcUrl("  "), "jdbcUrl", "(not set)", URL_ALLOWED),
                rejected("a PostgreSQL URL", b -> b.jdbcUrl("jdbc:postgresql://app:secret@db/app?password=secret"),
                        "jdbcUrl", "jdbc:postgresql://****@db/app?password=****",
                        URL_ALLOWED + "; this DataSource speaks only to MySQL and MariaDB"),
                rejected("no user", b -> b.username(null), "username", "(not set)", USER_ALLOWED),
                rejected("blank user", b -> b.username(" "), "username", "(not set)", USER_ALLOWED),
                rejected("utilization 0", b -> b.connectionUtilization(0), "connectionUtilization",
                        "0.0", UTILIZATION_ALLOWED),
                rejected("utilization below 0", b -> b.connectionUtilization(-0.5),
                        "connectionUtilization", "-0.5", UTILIZATION_ALLOWED),
                rejected("utilization above 1", b -> b.connectionUtilization(1.01),
                        "connectionUtilization", "1.01", UTILIZATION_ALLOWED),
                rejected("utilization NaN", b -> b.connectionUtilization(Double.NaN),
                        "connectionUtilization", "NaN", UTILIZATION_ALLOWED),
                rejected("utilization infinite", b -> b.connectionUtilization(Double.POSITIVE_INFINITY),
                        "connectionUtilization", "Infinity", UTILIZATION_ALLOWED),
                rejected("negative limit cache", b -> b.maxConnectionsCacheTtl(Duration.ofMillis(-1)),
                        "maxConnectionsCacheTtl", "-1ms", "at least 0s"),
                rejected("no limit cache", b -> b.maxConnectionsCacheTtl(null),
                        "maxConnectionsCacheTtl", "(not set)", "at least 0s"),
                rejected("negative usage cache", b -> b.usedConnectionsCacheTtl(Duration.ofSeconds(-1)),
                        "usedConnectionsCacheTtl", "-1s", "at least 0s"),
                rejected("no usage cache", b -> b.usedConnectionsCacheTtl(null),
                        "usedConnectionsCacheTtl", "(not set)", "at least 0s"),
                rejected("under-half usage cache shorter than the usage cache",
                        b -> b.usedConnectionsCacheTtl(Duration.ofSeconds(2)).usedConnectionsCacheTtlUnderHalf(Duration.ofSeconds(1)),
                        "usedConnectionsCacheTtlUnderHalf", "1s",
                        "at least usedConnectionsCacheTtl (2s), such as 10s"),
                rejected("zombie min below 1s", b -> b.zombieMinTimeout(Duration.ofMillis(999)),
                        "zombieMinTimeout", "999ms", "1s to 365d, such as 3s"),
                rejected("no zombie min", b -> b.zombieMinTimeout(null),
                        "zombieMinTimeout", "(not set)", "1s to 365d, such as 3s"),
                rejected("zombie max below min", b -> b.zombieMaxTimeout(Duration.ofSeconds(2)),
                        "zombieMaxTimeout", "2s", ZOMBIE_MAX_ALLOWED),
                rejected("zombie max above 365d", b -> b.zombieMaxTimeout(Duration.ofDays(366)),
                        "zombieMaxTimeout", "366d", ZOMBIE_MAX_ALLOWED),
                rejected("no zombie max", b -> b.zombieMaxTimeout(null),
                        "zombieMaxTimeout", "(not set)", ZOMBIE_MAX_ALLOWED),
                rejected("no kills", b -> b.zombieMaxKillsPerInvocation(0),
                        "zombieMaxKillsPerInvocation", "0", "1 to 1000"),
                rejected("too many kills", b -> b.zombieMaxKillsPerInvocation(1001),
                        "zombieMaxKillsPerInvocation", "1001", "1 to 1000"),
                rejected("negative sweep interval", b -> b.zombieSweepInterval(Duration.ofSeconds(-1)),
                        "zombieSweepInterval", "-1s", "0 (at every invocation) to 1d, such as 1m"),
                rejected("sweep interval above 1d", b -> b.zombieSweepInterval(Duration.ofHours(25)),
                        "zombieSweepInterval", "25h", "0 (at every invocation) to 1d, such as 1m"),
                rejected("no sweep interval", b -> b.zombieSweepInterval(null),
                        "zombieSweepInterval", "(not set)", "0 (at every invocation) to 1d, such as 1m"),
                rejected("session wait below 1s", b -> b.sessionWaitTimeout(Duration.ofMillis(500)),
                        "sessionWaitTimeout", "500ms", SESSION_WAIT_ALLOWED),
                rejected("negative session wait", b -> b.sessionWaitTimeout(Duration.ofSeconds(-1)),
                        "sessionWaitTimeout", "-1s", SESSION_WAIT_ALLOWED),
                rejected("session wait above 365d", b -> b.sessionWaitTimeout(Duration.ofDays(366)),
                        "sessionWaitTimeout", "366d", SESSION_WAIT_ALLOWED),
                rejected("negative retries", b -> b.maxRetries(-1),
                        "maxRetries", "-1", "0 to 10000"),
                rejected("too many retries", b -> b.maxRetries(10_001),
                        "maxRetries", "10001", "0 to 10000"),
                rejected("retry base 0", b -> b.retryBase(Duration.ZERO),
                        "retryBase", "0s", "more than 0, such as 2ms"),
                rejected("negative retry base", b -> b.retryBase(Duration.ofMillis(-2)),
                        "retryBase", "-2ms", "more than 0, such as 2ms"),
                rejected("no retry base", b -> b.retryBase(null),
                        "retryBase", "(not set)", "more than 0, such as 2ms"),
                rejected("retry cap below base", b -> b.retryCap(Duration.ofMillis(1)),
                        "retryCap", "1ms", "at least retryBase (2ms)"),
                rejected("decorrelated retry cap below base",
                        b -> b.backoffPolicy(Backoff.Policy.DECORRELATED_JITTER).retryCap(Duration.ofMillis(1)),
                        "retryCap", "1ms", "at least retryBase (2ms)"),
                rejected("no retry cap", b -> b.retryCap(null),
                        "retryCap", "(not set)", "at least retryBase (2ms)"),
                rejected("negative thaw threshold", b -> b.thawThreshold(Duration.ofMillis(-1)),
                        "thawThreshold", "-1ms", THAW_ALLOWED),
                rejected("thaw threshold less than 1s below zombie min", b -> b.thawThreshold(Duration.ofMillis(2001)),
                        "thawThreshold", "2001ms", THAW_ALLOWED),
                rejected("thaw threshold equal to zombie min", b -> b.thawThreshold(Duration.ofSeconds(3)),
                        "thawThreshold", "3s", THAW_ALLOWED),
                rejected("thaw threshold above session wait",
                        b -> b.zombieMinTimeout(Duration.ofSeconds(10)).sessionWaitTimeout(Duration.ofSeconds(5))
                                .thawThreshold(Duration.ofSeconds(6)),
                        "thawThreshold", "6s", "0 to sessionWaitTimeout (5s):"
                                + " the server closes a connection idle that long, so it must be checked first"),
                rejected("validation 0", b -> b.validationTimeout(Duration.ZERO),
                        "validationTimeout", "0s", VALIDATION_ALLOWED),
                rejected("validation below 1s", b -> b.validationTimeout(Duration.ofMillis(500)),
                        "validationTimeout", "500ms", VALIDATION_ALLOWED),
                rejected("validation above 1h", b -> b.validationTimeout(Duration.ofSeconds(3601)),
                        "validationTimeout", "3601s", VALIDATION_ALLOWED),
                rejected("validation in part seconds", b -> b.validationTimeout(Duration.ofMillis(1500)),
                        "validationTimeout", "1500ms", VALIDATION_ALLOWED),
                rejected("no validation", b -> b.validationTimeout(null),
                        "validationTimeout", "(not set)", VALIDATION_ALLOWED),
                rejected("lease 0", b -> b.leaseTimeout(Duration.ZERO),
                        "leaseTimeout", "0s", LEASE_ALLOWED),
                rejected("lease below 1ms", b -> b.leaseTimeout(Duration.ofNanos(999_999)),
                        "leaseTimeout", "999999ns", LEASE_ALLOWED),
                rejected("no lease", b -> b.leaseTimeout(null),
                        "leaseTimeout", "(not set)", LEASE_ALLOWED),
                rejected("connect timeout 0", b -> b.connectTimeout(Duration.ZERO),
                        "connectTimeout", "0s", "1ms to 1h, such as 5s"),
                rejected("connect timeout over an hour", b -> b.connectTimeout(Duration.ofMinutes(61)),
                        "connectTimeout", "61m", "1ms to 1h, such as 5s"),
                rejected("no connect timeout", b -> b.connectTimeout(null),
                        "connectTimeout", "(not set)", "1ms to 1h, such as 5s"));
    }

    private static Arguments rejected(String name, Consumer<ServerlessMySqlConfig.Builder> change, String property,
            String value, String allowed) {
        return arguments(Named.of(name, change), property, value, allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedValues")
    void aRejectedValueNamesThePropertyTheValueAndTheAllowedRange(Consumer<ServerlessMySqlConfig.Builder> change,
            String property, String value, String allowed) {
        ServerlessMySqlConfig.Builder builder = valid();
        change.accept(builder);

        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, builder::buildConfig);

        assertThat(e).as("buildConfig() must reject this").isNotNull();
        assertThat(e.setting()).isEqualTo(property);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.allowed()).isEqualTo(allowed);
        assertThat(e).hasMessage("Invalid " + property + ": " + value + " (allowed: " + allowed + ")");
        assertThat(e.getMessage() + e.value() + e.allowed()).doesNotContain(SECRET);
    }

    @Test
    void buildRejectsLikeBuildConfigWithoutCreatingADataSource() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> valid().maxRetries(-1).build());
        assertThat(e).isNotNull();
        assertThat(e.setting()).isEqualTo("maxRetries");
    }

    @Test
    void defaultsAreTheContracts() {
        ServerlessMySqlConfig config = ServerlessMySqlConfig.builder().jdbcUrl("jdbc:mysql://db/app").username("app")
                .buildConfig();

        assertThat(config.connectionUtilization()).isEqualTo(0.8);
        assertThat(config.maxConnectionsCacheTtl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.usedConnectionsCacheTtl()).isEqualTo(ConfigDefaults.USED_CONNECTIONS_CACHE_TTL);
        assertThat(config.usedConnectionsCacheTtlUnderHalf()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.zombieEnabled()).isTrue();
        assertThat(config.zombieMinTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.zombieMaxTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.zombieMaxKillsPerInvocation()).isEqualTo(10);
        assertThat(config.zombieSweepInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.sessionWaitTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.maxRetries()).isEqualTo(ConfigDefaults.MAX_RETRIES);
        assertThat(config.backoff()).isInstanceOf(FullJitterBackoff.class)
                .isEqualTo(Backoff.fullJitter(Duration.ofMillis(2), Duration.ofMillis(100)));
        assertThat(config.thawThreshold()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.validationTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.leaseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.registerCheckpointHook()).isTrue();
        assertThat(config.listeners()).isEmpty();
        assertThat(config.driverProperties()).isEmpty();
        assertThat(config.jitterSeed()).isNull();
        assertThat(config.password()).isNull();
    }

    /** The connector bounds the URL's driver timeouts by the time left, so it must be able to read them. */
    @Test
    void aDriverTimeoutThatIsNotWholeMillisecondsIsRejected() {
        InvalidConfigurationException inUrl = catchThrowableOfType(InvalidConfigurationException.class, () -> valid()
                .jdbcUrl("jdbc:mysql://db.example:3306/app?socketTimeout=12s&password=secret").buildConfig());
        assertThat(inUrl.setting()).isEqualTo("jdbcUrl");
        assertThat(inUrl.getMessage()).isEqualTo("Invalid jdbcUrl: jdbc:mysql://db.example:3306/app"
                + "?socketTimeout=12s&password=**** (socketTimeout) (allowed: a socketTimeout in whole milliseconds"
                + " from 0 to 2147483647 in the URL and driver properties, such as socketTimeout=10000, or none)");
        assertThat(catchThrowableOfType(InvalidConfigurationException.class,
                () -> valid().driverProperty("connectTimeout", "-1").buildConfig())).hasMessageContaining("a connectTimeout in whole milliseconds");
        assertThat(valid().jdbcUrl("jdbc:mariadb://db/app?connectTimeout=0&socketTimeout=12000").buildConfig())
                .isNotNull();
    }

    @Test
    void theUnderHalfUsageCacheIsFiveTimesTheUsageCacheUnlessSet() {
        assertThat(valid().usedConnectionsCacheTtl(Duration.ofMillis(300)).buildConfig().usedConnectionsCacheTtlUnderHalf())
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(valid().usedConnectionsCacheTtl(Duration.ZERO).buildConfig().usedConnectionsCacheTtlUnderHalf())
                .as("a user who asked for a fresh count at every invocation gets one").isZero();
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        // Saturated to the longest TTL in nanoseconds (about 292 years), which means the same.
        assertThat(valid().usedConnectionsCacheTtl(forever).buildConfig().usedConnectionsCacheTtlUnderHalf())
                .isEqualTo(ConfigDefaults.LONGEST_TTL);
        assertThat(valid().usedConnectionsCacheTtl(Duration.ofSeconds(2)).usedConnectionsCacheTtlUnderHalf(Duration.ofSeconds(2))
                .buildConfig().usedConnectionsCacheTtlUnderHalf()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void sessionWaitTimeoutFollowsZombieMaxTimeoutUnlessSet() {
        assertThat(valid().zombieMaxTimeout(Duration.ofMinutes(20)).buildConfig().sessionWaitTimeout())
                .isEqualTo(Duration.ofMinutes(20));
        assertThat(valid().zombieMaxTimeout(Duration.ofMinutes(20)).sessionWaitTimeout(Duration.ofMinutes(5))
                .buildConfig().sessionWaitTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theDefaultThawThresholdStaysOneSecondBelowTheZombieMinTimeout() {
        // A peer lists a connection as killable once its TIME reaches min-timeout; MySQL's TIME can
        // reach n after a little more than n - 1 seconds of sleep.
        Map<Duration, Duration> expected = Map.of(
                Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofMillis(1500), Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(3), Duration.ofSeconds(1),
                Duration.ofMinutes(10), Duration.ofSeconds(1));
        expected.forEach((min, thaw) -> assertThat(valid().zombieMinTimeout(min).buildConfig().thawThreshold())
                .as("zombie min %s", min).isEqualTo(thaw));
    }

    @Test
    void retryBaseAndCapShapeTheDefaultFullJitter() {
        ServerlessMySqlConfig config = valid().retryBase(Duration.ofMillis(5)).retryCap(Duration.ofMillis(50)).buildConfig();
        assertThat(config.backoff()).isEqualTo(Backoff.fullJitter(Duration.ofMillis(5), Duration.ofMillis(50)));
    }

    @Test
    void whileTheServerIsFullTheCapGrowsToATenthOfTheTimeLeftAtMostTenTimesTheCap() {
        ServerlessMySqlConfig config = valid().buildConfig();
        Duration base = Duration.ofMillis(2);
        assertThat(config.backoffWhenFull(Duration.ofSeconds(30).toNanos()))
                .isEqualTo(Backoff.fullJitter(base, Duration.ofSeconds(1)));
        assertThat(config.backoffWhenFull(Duration.ofSeconds(10).toNanos()))
                .isEqualTo(Backoff.fullJitter(base, Duration.ofSeconds(1)));
        assertThat(config.backoffWhenFull(Duration.ofSeconds(3).toNanos()))
                .isEqualTo(Backoff.fullJitter(base, Duration.ofMillis(300)));
        // Near the deadline (and past it) no longer than retry.cap: the oldest callers try most often.
        assertThat(config.backoffWhenFull(Duration.ofMillis(500).toNanos())).isSameAs(config.backoff());
        assertThat(config.backoffWhenFull(-1)).isSameAs(config.backoff());

        ServerlessMySqlConfig decorrelated = valid().backoffPolicy(Backoff.Policy.DECORRELATED_JITTER)
                .retryCap(Duration.ofMillis(40)).buildConfig();
        assertThat(decorrelated.backoffWhenFull(Duration.ofSeconds(30).toNanos()))
                .isEqualTo(Backoff.decorrelatedJitter(base, Duration.ofMillis(400)));
        assertThat(valid().retryCap(Duration.ofSeconds(2)).leaseTimeout(Duration.ofMinutes(10)).buildConfig()
                .backoffWhenFull(Duration.ofMinutes(10).toNanos())).isEqualTo(Backoff.fullJitter(base, Duration.ofSeconds(20)));
    }

    @Test
    void aCustomBackoffIsUsedAsItIsWhileTheServerIsFullToo() {
        Backoff custom = (attempt, previous, random) -> Duration.ofMillis(7);
        assertThat(valid().backoff(custom).buildConfig().backoffWhenFull(Duration.ofSeconds(30).toNanos())).isSameAs(custom);
    }

    @Test
    void aCustomBackoffIsKeptAndTheBuiltInSettingsAreNotChecked() {
        Backoff custom = (attempt, previous, random) -> Duration.ofMillis(7);
        ServerlessMySqlConfig config = valid().backoff(custom).retryBase(Duration.ZERO).retryCap(null).buildConfig();
        assertThat(config.backoff()).isSameAs(custom);
        Backoff decorrelated = Backoff.decorrelatedJitter(Duration.ofMillis(2), Duration.ofMillis(100));
        assertThat(valid().backoff(decorrelated).buildConfig().backoff()).isSameAs(decorrelated);
    }

    @Test
    void boundaryValuesAreAccepted() {
        ServerlessMySqlConfig config = valid()
                .connectionUtilization(1)
                .maxConnectionsCacheTtl(Duration.ZERO)
                .usedConnectionsCacheTtl(Duration.ZERO)
                .zombieMinTimeout(Duration.ofSeconds(1))
                .zombieMaxTimeout(Duration.ofSeconds(1))
                .zombieMaxKillsPerInvocation(1)
                .sessionWaitTimeout(Duration.ZERO)
                .maxRetries(0)
                .retryBase(Duration.ofNanos(1))
                .retryCap(Duration.ofNanos(1))
                .thawThreshold(Duration.ZERO)
                .validationTimeout(Duration.ofSeconds(1))
                .leaseTimeout(Duration.ofMillis(1))
                .buildConfig();
        assertThat(config.connectionUtilization()).isEqualTo(1.0);
        assertThat(config.sessionWaitTimeout()).isZero();
        assertThat(config.thawThreshold()).isEqualTo(config.zombieMinTimeout().minusSeconds(1));
        assertThat(config.maxRetries()).isZero();

        ServerlessMySqlConfig upper = valid()
                .zombieMaxTimeout(ConfigDefaults.MAX_WAIT_TIMEOUT)
                .sessionWaitTimeout(ConfigDefaults.MAX_WAIT_TIMEOUT)
                .zombieMaxKillsPerInvocation(1000)
                .maxRetries(10_000)
                .thawThreshold(Duration.ZERO)
                .validationTimeout(Duration.ofHours(1))
                .buildConfig();
        assertThat(upper.zombieMaxTimeout()).isEqualTo(Duration.ofDays(365));
        assertThat(upper.thawThreshold()).isZero();
        assertThat(valid().sessionWaitTimeout(Duration.ofSeconds(1)).buildConfig().sessionWaitTimeout())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void thawThresholdOneSecondBelowTheZombieMinTimeoutIsAccepted() {
        assertThat(valid().thawThreshold(Duration.ofSeconds(2)).buildConfig().thawThreshold())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(valid().zombieMinTimeout(Duration.ofSeconds(1)).thawThreshold(Duration.ZERO).buildConfig()
                .thawThreshold()).isZero();
    }

    @Test
    void thawThresholdEqualToTheSessionWaitTimeoutIsAcceptedAndZeroSessionWaitDoesNotBoundIt() {
        assertThat(valid().zombieMinTimeout(Duration.ofSeconds(10)).sessionWaitTimeout(Duration.ofSeconds(5))
                .thawThreshold(Duration.ofSeconds(5)).buildConfig().thawThreshold()).isEqualTo(Duration.ofSeconds(5));
        assertThat(valid().zombieMinTimeout(Duration.ofSeconds(10)).sessionWaitTimeout(Duration.ZERO)
                .thawThreshold(Duration.ofSeconds(9)).buildConfig().thawThreshold()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void mariaDbUrlsAreAccepted() {
        assertThat(valid().jdbcUrl("jdbc:mariadb://db:3307/app").buildConfig().serverAddress()).isEqualTo("db:3307");
    }

    @Test
    void toStringNeverShowsThePasswordFromTheBuilderOrTheUrl() {
        ServerlessMySqlConfig config = valid().buildConfig();
        assertThat(config.password()).isEqualTo(SECRET);
        assertThat(config.jdbcUrl()).contains(SECRET);
        assertThat(config.toString())
                .doesNotContain(SECRET)
                .contains("password=****")
                .contains("db.example:3306")
                .contains("username=app");
        assertThat(config.safeJdbcUrl()).isEqualTo("jdbc:mysql://****@db.example:3306/app?useSSL=true&password=****");
        assertThat(config.serverAddress()).isEqualTo("db.example:3306");
    }

    @Test
    void aDriverPropertyNamedPasswordIsNotShownEither() {
        ServerlessMySqlConfig config = valid().driverProperty("trustStorePassword", SECRET).buildConfig();
        assertThat(config.driverProperties()).containsEntry("trustStorePassword", SECRET);
        assertThat(config.toString()).doesNotContain(SECRET);
    }

    @Test
    void theConfigurationIsSealedOnceBuilt() {
        ServerlessMySqlConfig.Builder builder = valid().driverProperty("useSSL", "true");
        ServerlessMySqlConfig config = builder.buildConfig();
        builder.maxRetries(3).driverProperty("useSSL", "false").listener(new ServerlessMySqlListener() { });
        assertThat(config.maxRetries()).isEqualTo(ConfigDefaults.MAX_RETRIES);
        assertThat(config.driverProperties()).containsEntry("useSSL", "true");
        assertThat(config.listeners()).isEmpty();
    }

    @Test
    void theBackoffPolicyByNameUsesTheRetryBaseAndCap() {
        ServerlessMySqlConfig config = valid().backoffPolicy(Backoff.Policy.DECORRELATED_JITTER)
                .retryBase(Duration.ofMillis(3)).retryCap(Duration.ofMillis(40)).buildConfig();

        assertThat(config.backoff()).isEqualTo(Backoff.decorrelatedJitter(Duration.ofMillis(3), Duration.ofMillis(40)));
    }
}
