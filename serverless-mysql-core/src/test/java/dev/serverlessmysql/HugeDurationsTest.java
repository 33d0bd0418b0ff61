package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Durations far beyond anything meaningful (300 years, the largest {@link Duration}) either build
 * and work, or are rejected by {@code build()} with the usual message naming the setting: never an
 * {@link ArithmeticException} from {@code build()}, {@code getConnection()} or {@code close()}.
 */
class HugeDurationsTest {

    private static final Duration THREE_HUNDRED_YEARS = Duration.ofDays(300L * 365);
    private static final Duration LARGEST = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    static Stream<Arguments> settings() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (Duration huge : new Duration[] {THREE_HUNDRED_YEARS, THREE_HUNDRED_YEARS.plusMillis(1), LARGEST}) {
            all.add(setting("leaseTimeout", b -> b.leaseTimeout(huge), huge));
            all.add(setting("maxConnectionsCacheTtl", b -> b.maxConnectionsCacheTtl(huge), huge));
            all.add(setting("usedConnectionsCacheTtl", b -> b.usedConnectionsCacheTtl(huge), huge));
            all.add(setting("usedConnectionsCacheTtlUnderHalf",
                    b -> b.usedConnectionsCacheTtlUnderHalf(huge), huge));
            all.add(setting("zombieMinTimeout", b -> b.zombieMinTimeout(huge), huge));
            all.add(setting("zombieMaxTimeout", b -> b.zombieMaxTimeout(huge), huge));
            all.add(setting("zombieSweepInterval", b -> b.zombieSweepInterval(huge), huge));
            all.add(setting("sessionWaitTimeout", b -> b.sessionWaitTimeout(huge), huge));
            all.add(setting("retryBase", b -> b.retryBase(huge), huge));
            all.add(setting("retryCap", b -> b.retryCap(huge), huge));
            all.add(setting("thawThreshold", b -> b.thawThreshold(huge), huge));
            all.add(setting("validationTimeout", b -> b.validationTimeout(huge), huge));
            all.add(setting("connectTimeout", b -> b.connectTimeout(huge), huge));
        }
        return all.build();
    }

    private static Arguments setting(String property, UnaryOperator<ServerlessMySqlConfig.Builder> set, Duration huge) {
        return arguments(Named.of(property + " = " + huge, property), set);
    }

    /**
     * Built with the huge value, a DataSource connects to a port where nothing listens (refused,
     * retried for a second) and closes; or build() rejects the value naming the setting.
     */
    @ParameterizedTest
    @MethodSource("settings")
    void aHugeDurationIsRejectedNamingItsSettingOrWorks(String property,
                                                        UnaryOperator<ServerlessMySqlConfig.Builder> set) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // Short defaults for the rest, so that a setting that is accepted shows its effect quickly.
        ServerlessMySqlConfig.Builder builder = ServerlessMySqlConfig.builder()
                .jdbcUrl("jdbc:mysql://127.0.0.1:" + closedPort + "/app?useSSL=false").username("app").password("pw")
                .leaseTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1));
        Throwable built = catchThrowable(() -> set.apply(builder).build().close());
        if (built != null) {
            assertThat(built).isInstanceOf(InvalidConfigurationException.class);
            // A huge retry.base makes the default retry.cap (100ms) the one below its minimum.
            String named = property.equals("retryBase") ? "retryCap" : property;
            assertThat(((InvalidConfigurationException) built).setting()).isEqualTo(named);
            assertThat(built.getMessage()).startsWith("Invalid " + named + ": ").contains("allowed: ");
            return;
        }
        try (ServerlessMySqlDataSource dataSource = set.apply(builder).build()) {
            Throwable failed = catchThrowable(dataSource::getConnection);
            assertThat(failed).as(property).isInstanceOf(SQLException.class);
            dataSource.endInvocation();
        }
    }

    @Test
    void aLeaseTimeoutOfThreeHundredYearsIsRejectedWithTheLargestAllowed() {
        Throwable rejected = catchThrowable(() -> ServerlessMySqlConfig.builder().jdbcUrl("jdbc:mysql://db/app")
                .username("app").leaseTimeout(THREE_HUNDRED_YEARS).build());
        assertThat(rejected).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid leaseTimeout: 109500d (allowed: 1ms to 1d, such as 30s)");
    }

    @Test
    void aCacheTtlLongerThanALongOfNanosecondsIsSaturated() {
        ServerlessMySqlConfig config = ServerlessMySqlConfig.builder().jdbcUrl("jdbc:mysql://db/app").username("app")
                .maxConnectionsCacheTtl(THREE_HUNDRED_YEARS).usedConnectionsCacheTtl(LARGEST).buildConfig();
        assertThat(config.maxConnectionsCacheTtl()).isEqualTo(ConfigDefaults.LONGEST_TTL);
        assertThat(config.usedConnectionsCacheTtl()).isEqualTo(ConfigDefaults.LONGEST_TTL);
        assertThat(config.usedConnectionsCacheTtlUnderHalf()).isEqualTo(ConfigDefaults.LONGEST_TTL);
    }

    @Test
    void aDurationTooLongForNanosecondsIsStillWrittenExactly() {
        assertThat(Durations.format(THREE_HUNDRED_YEARS.plusMillis(1))).isEqualTo("9460800000001ms");
        assertThat(Durations.format(LARGEST)).isEqualTo("9223372036854775807999999999ns");
        assertThat(Durations.format(THREE_HUNDRED_YEARS.plusNanos(1000))).isEqualTo("9460800000000001us");
    }
}
