package dev.serverlessmysql.autoconfigure.metrics;

import java.util.function.ToLongFunction;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.Stats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters under {@code serverless.mysql.*}, read from the DataSource's counters when
 * the registry asks; nothing is counted twice and no connection is opened. With several
 * serverless DataSources, the auto-configuration binds each with a {@code name} tag.
 */
public class ServerlessMySqlMeterBinder implements MeterBinder {

    private final ServerlessMySqlDataSource dataSource;
    private final Tags tags;

    /** Meters of the DataSource, without tags. */
    public ServerlessMySqlMeterBinder(ServerlessMySqlDataSource dataSource) {
        this(dataSource, Tags.empty());
    }

    /** Meters of the DataSource, each with the given tags (such as {@code name}). */
    public ServerlessMySqlMeterBinder(ServerlessMySqlDataSource dataSource, Iterable<Tag> tags) {
        this.dataSource = dataSource;
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "serverless.mysql.connections.opened", "Physical connections opened", Stats::connectionsOpened);
        counter(registry, "serverless.mysql.connect.retries", "Connect attempts retried after a capacity error",
                Stats::connectRetries);
        counter(registry, "serverless.mysql.connect.failures", "Acquisitions that failed to connect for good",
                Stats::connectFailures);
        counter(registry, "serverless.mysql.leases", "Connection leases handed out", Stats::leases);
        counter(registry, "serverless.mysql.lease.timeouts", "Callers that gave up waiting for the connection",
                Stats::leaseTimeouts);
        counter(registry, "serverless.mysql.connections.nested", "Temporary connections for nested getConnection() calls",
                Stats::nestedConnections);
        counter(registry, "serverless.mysql.thaws", "Leases that validated an idle connection first", Stats::thaws);
        counter(registry, "serverless.mysql.thaw.failures", "Thaws that found the connection dead", Stats::thawFailures);
        counter(registry, "serverless.mysql.connections.broken", "Connections discarded after a lost connection",
                Stats::brokenConnections);
        counter(registry, "serverless.mysql.invocations.ended", "Calls to endInvocation()", Stats::invocationsEnded);
        counter(registry, "serverless.mysql.housekeeping.statements", "Statements sent by invocation-end housekeeping",
                Stats::housekeepingStatements);
        counter(registry, "serverless.mysql.housekeeping.failures", "Housekeeping runs that failed",
                Stats::housekeepingFailures);
        counter(registry, "serverless.mysql.zombies.killed", "Sleeping connections of this user killed",
                Stats::zombiesKilled);
        counter(registry, "serverless.mysql.kills.failed", "KILL statements that failed", Stats::killsFailed);
        counter(registry, "serverless.mysql.released.under.pressure",
                "Times the own connection was closed because the server stayed full", Stats::releasedUnderPressure);
        Gauge.builder("serverless.mysql.utilization", dataSource, ServerlessMySqlMeterBinder::utilization)
                .description("Connections in use divided by the limit, at the last usage sample (NaN before the first)")
                .tags(tags)
                .register(registry);
        Gauge.builder("serverless.mysql.connected", dataSource, (ds) -> ds.stats().connected() ? 1 : 0)
                .description("1 while a physical connection is open, else 0")
                .tags(tags)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToLongFunction<Stats> value) {
        FunctionCounter.builder(name, dataSource, (ds) -> value.applyAsLong(ds.stats()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private static double utilization(ServerlessMySqlDataSource dataSource) {
        double utilization = dataSource.stats().lastUtilization();
        return utilization < 0 ? Double.NaN : utilization;
    }
}
