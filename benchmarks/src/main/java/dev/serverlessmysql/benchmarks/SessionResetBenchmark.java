package dev.serverlessmysql.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * What the session reset on return costs. Two invocations of one statement each, back to back:
 * {@code unchanged} runs a prepared {@code SELECT ?} (no session state left: no reset), {@code
 * changed} a prepared {@code SET @tenant = ?} (a user variable left: the lease resets the session
 * on return). Kinds: {@code mysql} (Connector/J: {@code resetServerState()}), {@code mariadb}
 * (MariaDB Connector/J: {@code COM_RESET_CONNECTION} and one {@code SET}), and {@code
 * mysql-replace} (Connector/J with cached server-side prepared statements, which a reset would
 * invalidate: the connection is replaced instead), to set the reset against a reconnect.
 *
 * <p>Round trips per invocation are counted from the server's counters ({@code Questions},
 * {@code Com_admin_commands}, {@code Connections}) over the trial and appended to {@code
 * results/session-reset-roundtrips.csv}. {@code COM_RESET_CONNECTION} counts in both
 * {@code Questions} and {@code Com_admin_commands} on MariaDB 11.4 (measured): one reset shows as
 * one statement and one ping.
 *
 * <p>Not part of {@code benchmarks/run.sh}'s figures (its RESULTS.md compares against HikariCP);
 * run on its own, in {@code benchmarks/} (about 5 minutes): {@code benchmarks/run.sh
 * -Dbenchmark.args='SessionResetBenchmark -rf csv -rff results/session-reset-jmh.csv'}, or with
 * the module's class path, {@code java -cp target/classes:<class path> org.openjdk.jmh.Main
 * SessionResetBenchmark -rf csv -rff results/session-reset-jmh.csv}. Results:
 * {@code results/session-reset.md}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class SessionResetBenchmark {

    @Param({"mysql", "mariadb", "mysql-replace"})
    public String kind;

    private TestDatabase db;
    private ServerlessMySqlDataSource dataSource;
    private Connection admin;
    private long[] countersAtStart;
    private long invocations;
    private long nextValue;
    private String benchmark;

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) throws SQLException {
        benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        db = MySqlTestServer.get().createDatabase("reset");
        String url = db.jdbcUrl();
        if (kind.equals("mariadb")) {
            url = "jdbc:mariadb://" + db.server().hostAndPort() + "/" + db.name();
        } else if (kind.equals("mysql-replace")) {
            url += "&useServerPrepStmts=true&cachePrepStmts=true";
        }
        dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(url).username(db.username()).password(db.password())
                .build();
        admin = MySqlTestServer.get().adminConnection();
        countersAtStart = ServerCounters.read(admin);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        ServerCounters.append("session-reset-roundtrips.csv", benchmark, kind, invocations, countersAtStart, ServerCounters.read(admin));
        dataSource.close();
        admin.close();
        db.close();
        MySqlTestServer.stopNow();
    }


    @Benchmark
    public void unchanged(Blackhole sink) throws SQLException {
        invoke("SELECT ?", sink);
    }

    @Benchmark
    public void changed(Blackhole sink) throws SQLException {
        invoke("SET @tenant = ?", sink);
    }

    /** One invocation: a lease, one prepared statement with one parameter, the invocation's end. */
    private void invoke(String sql, Blackhole sink) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, nextValue++);
            sink.consume(statement.execute());
        } finally {
            invocations++;
            dataSource.endInvocation();
        }
    }
}
