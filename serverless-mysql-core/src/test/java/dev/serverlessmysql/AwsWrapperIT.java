package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/**
 * The AWS Advanced JDBC Wrapper 4.3.0 under this DataSource: {@code jdbc:aws-wrapper:mysql://} with
 * a plugin set that runs no monitor ({@code wrapperPlugins=} none, or {@code failover}, the v1
 * plugin) connects, leases and housekeeps. Each run is a fresh JVM, and the threads it started are
 * compared with a run of the plain URL without the wrapper's jar. No plugin set starts none: the
 * extra threads are the wrapper's three core-service threads, which its Driver class starts when it
 * is loaded (a static singleton; {@code CoreServicesContainer}, {@code BatchingEventPublisher},
 * {@code StorageServiceImpl}, {@code MonitorServiceImpl} in 4.3.0), whatever the plugins, and even
 * for a plain {@code jdbc:mysql:} URL once {@code DriverManager} has loaded the wrapper from the
 * class path; and a {@code java.lang.ref.Cleaner} thread at the first wrapped connection. None of
 * them is a monitor: no plugin-started thread (efm2, failover2's topology monitor) appears.
 */
@MySqlTest
class AwsWrapperIT {

    private static final String WRAPPER_JAR = "aws-advanced-jdbc-wrapper";
    /**
     * What 4.3.0's Driver class starts on loading: the event publisher's and the storage and monitor
     * services' scheduled executors (every 30 s, 5 min and 1 min).
     */
    private static final Set<String> WRAPPER_CORE_THREADS = Set.of("AWS Advanced JDBC Wrapper bep (daemon)",
            "AWS Advanced JDBC Wrapper ssi (daemon)", "AWS Advanced JDBC Wrapper msi (daemon)");
    /** A java.lang.ref.Cleaner thread, started at the first wrapped connection (LazyCleanerImpl, AtomicConnection). */
    private static final String WRAPPER_CLEANER_THREAD = "AWS-JDBC-Cleaner (daemon)";

    @Test
    void aMinimalPluginSetConnectsLeasesHousekeepsAndStartsOnlyTheWrappersCoreThreads(TestDatabase db) throws Exception {
        db.grantProcess();
        Set<String> plain = started(run(WRAPPER_JAR, db, db.jdbcUrl()));
        String wrapped = db.jdbcUrl().replace("jdbc:mysql:", "jdbc:aws-wrapper:mysql:");

        for (String plugins : List.of("", "failover")) {
            List<String> output = run(null, db, wrapped + "&wrapperPlugins=" + plugins);
            assertThat(output).as("plugins '%s': housekeeping ran", plugins)
                    .anyMatch(line -> line.startsWith("HOUSEKEEPING ") && !line.equals("HOUSEKEEPING 0"))
                    .contains("FAILURES 0");
            Set<String> extra = started(output);
            extra.removeAll(plain);
            Set<String> expected = new TreeSet<>(WRAPPER_CORE_THREADS);
            expected.add(WRAPPER_CLEANER_THREAD);
            assertThat(extra).as("threads beyond the plain driver's, plugins '%s'", plugins).isEqualTo(expected);
        }

        // The jar alone starts them: a plain URL, the wrapper on the class path.
        Set<String> jarOnly = started(run(null, db, db.jdbcUrl()));
        jarOnly.removeAll(plain);
        assertThat(jarOnly).isEqualTo(WRAPPER_CORE_THREADS);
    }

    /** One invocation in a fresh JVM; {@code withoutJar}: class-path entries left out (null: none). */
    private static List<String> run(String withoutJar, TestDatabase db, String url) throws Exception {
        List<String> output = ChildJvm.run(withoutJar, List.of(), "threads", url, db.username(), db.password());
        output.forEach(line -> System.out.println("[child] " + line));
        return output;
    }

    private static Set<String> started(List<String> output) {
        Set<String> names = new TreeSet<>();
        output.stream().filter(line -> line.startsWith("NEW ")).forEach(line -> names.add(line.substring(4)));
        return names;
    }
}
