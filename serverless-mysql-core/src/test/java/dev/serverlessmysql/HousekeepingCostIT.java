package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.serverlessmysql.test.IdleConnections;
import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/**
 * What one usage query costs the server with a fleet of {@code n} containers of one user (idle
 * connections): the query this library sent before (a processlist scan plus Threads_connected),
 * the server-wide count it sends now, and the per-user count it sends where max_user_connections
 * applies. Prints the median latency and the server's CPU time per query (from
 * {@code /proc/<mariadbd>/stat}). A measurement, so off by default:
 * {@code ./mvnw -B -pl serverless-mysql-core -am verify -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=HousekeepingCostIT -Dhousekeeping.cost=true}.
 */
@MySqlTest
@EnabledIfSystemProperty(named = "housekeeping.cost", matches = "true")
class HousekeepingCostIT {

    private static final String BEFORE = "SELECT (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
            + " WHERE VARIABLE_NAME = 'THREADS_CONNECTED') AS threads_connected, p.user_threads, p.oldest_sleep"
            + " FROM (SELECT COUNT(*) AS user_threads,"
            + " MAX(CASE WHEN COMMAND = 'Sleep' AND ID <> CONNECTION_ID() THEN TIME END) AS oldest_sleep"
            + " FROM information_schema.PROCESSLIST WHERE USER = ?) p";
    private static final int QUERIES = 2000;

    @ParameterizedTest(name = "fleet of {0}")
    @ValueSource(ints = {10, 100})
    void usageQueryCostByFleetSize(int fleet, TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        try (IdleConnections containers = user.openIdleConnections(fleet - 1); Connection own = user.connect()) {
            long pid = mariadbdPid();
            measure("before: processlist + Threads_connected", fleet, own, BEFORE, true, pid, fleet);
            measure("now, server-wide limit: Threads_connected", fleet, own,
                    UsageProbe.sql(ServerDialect.MARIADB, false, true, false), false, pid, -1);
            measure("now, per-user limit: this user's threads", fleet, own,
                    UsageProbe.sql(ServerDialect.MARIADB, false, false, true), true, pid, fleet);
        }
    }

    /**
     * The forms a usage or limit read can take, and COM_PING, each 2,000 times with {@code fleet}
     * idle connections of one user: which is cheapest for the server. Against an external server
     * ({@code SERVERLESS_MYSQL_TEST_URL}) name its process with {@code -Dhousekeeping.cost.pid=<pid>}.
     */
    @ParameterizedTest(name = "fleet of {0}")
    @ValueSource(ints = {100})
    void candidateStatements(int fleet, TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        try (IdleConnections containers = user.openIdleConnections(fleet - 1); Connection own = user.connect()) {
            long pid = Long.getLong("housekeeping.cost.pid", -1L) > 0 ? Long.getLong("housekeeping.cost.pid")
                    : mariadbdPid();
            System.out.printf("HousekeepingCostIT: %s%n", own.getMetaData().getDatabaseProductVersion());
            cost("COM_PING (Connection.isValid)", own, pid, () -> own.isValid(1));
            Map<String, String> forms = new LinkedHashMap<>();
            forms.put("SHOW SESSION STATUS LIKE 'Threads_connected'", "SHOW SESSION STATUS LIKE 'Threads_connected'");
            forms.put("SHOW GLOBAL STATUS LIKE 'Threads_connected'", "SHOW GLOBAL STATUS LIKE 'Threads_connected'");
            forms.put("@@ limit variables only", "SELECT @@SESSION.max_user_connections, @@GLOBAL.max_connections,"
                    + " @@SESSION.wait_timeout");
            forms.put("information_schema.SESSION_STATUS (as sent)", UsageProbe.sql(ServerDialect.MARIADB, false, true, false));
            forms.put("information_schema.GLOBAL_STATUS", "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                    + " WHERE VARIABLE_NAME = 'THREADS_CONNECTED'");
            forms.put("performance_schema.global_status", "SELECT VARIABLE_VALUE FROM performance_schema.global_status"
                    + " WHERE VARIABLE_NAME = 'Threads_connected'");
            forms.put("limit + server-wide usage (as sent)", UsageProbe.sql(ServerDialect.MARIADB, true, true, false));
            forms.put("limit + both counts (first run, as sent)", UsageProbe.sql(ServerDialect.MARIADB, true, true, true));
            String userName = own.getMetaData().getUserName().replaceAll("@.*", "");
            for (Map.Entry<String, String> form : forms.entrySet()) {
                try (PreparedStatement statement = own.prepareStatement(form.getValue())) {
                    if (form.getValue().contains("?")) {
                        statement.setString(1, userName);
                    }
                    cost(form.getKey(), own, pid, () -> {
                        try (ResultSet rows = statement.executeQuery()) {
                            return rows.next();
                        }
                    });
                } catch (SQLException e) {
                    System.out.printf("HousekeepingCostIT: %-50s unavailable: %s%n", form.getKey(), e.getMessage());
                }
            }
        }
    }

    /**
     * The same forms as a fleet sends them: each round trip on another of {@code fleet} connections
     * of one user, round robin, 2 ms apart, so that each server thread has slept about
     * {@code fleet x 2 ms} since its last command (a container is invoked every few seconds), where
     * {@link #candidateStatements} sends 2,000 back to back on one warm connection. The forms in one
     * order, then in the reverse order; the server's CPU less its rate with nothing sent.
     */
    @ParameterizedTest(name = "fleet of {0}")
    @ValueSource(ints = {300})
    void candidateStatementsAcrossAFleet(int fleet, TestDatabase db) throws Exception {
        TestDatabase user = db.newUser();
        long pid = mariadbdPid();
        try (var restore = db.server().setGlobal("max_connections", fleet + 60)) {
            java.util.List<Connection> connections = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < fleet; i++) {
                    connections.add(user.connect());
                }
                Map<String, String> forms = new LinkedHashMap<>();
                forms.put("COM_PING", null);
                forms.put("SELECT 1", "SELECT 1");
                forms.put("@@ limit variables only", "SELECT @@SESSION.max_user_connections, @@GLOBAL.max_connections,"
                        + " @@SESSION.wait_timeout");
                forms.put("information_schema.SESSION_STATUS (as sent)", UsageProbe.sql(ServerDialect.MARIADB, false, true, false));
                forms.put("limit + server-wide usage (as sent)", UsageProbe.sql(ServerDialect.MARIADB, true, true, false));
                forms.put("SHOW SESSION STATUS LIKE 'Threads_connected'", "SHOW SESSION STATUS LIKE 'Threads_connected'");
                forms.put("zombie sweep listing (as sent)", ZombieReaper.ASLEEP_SQL);
                forms.put("limit + both counts (first run, as sent)", UsageProbe.sql(ServerDialect.MARIADB, true, true, true));
                String userName = user.username();
                int passes = 3;
                long idleStart = cpuTicks(pid);
                long wallStart = System.nanoTime();
                Thread.sleep(passes * fleet * 2L);
                double idleTicksPerNano = (double) (cpuTicks(pid) - idleStart) / (System.nanoTime() - wallStart);
                Map<String, double[]> ticks = new LinkedHashMap<>();
                java.util.List<String> order = new java.util.ArrayList<>(forms.keySet());
                for (int direction = 0; direction < 2; direction++) {
                    for (String form : order) {
                        String sql = forms.get(form);
                        long before = cpuTicks(pid);
                        long start = System.nanoTime();
                        for (int pass = 0; pass < passes; pass++) {
                            for (Connection connection : connections) {
                                if (sql == null) {
                                    assertThat(connection.isValid(1)).isTrue();
                                } else if (sql.contains("?")) {
                                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                                        statement.setString(1, userName);
                                        if (sql.contains("LIMIT ?")) {
                                            statement.setLong(2, 901);
                                            statement.setInt(3, 11);
                                        }
                                        try (ResultSet rows = statement.executeQuery()) {
                                            rows.next();
                                        }
                                    }
                                } else {
                                    try (java.sql.Statement statement = connection.createStatement();
                                         ResultSet rows = statement.executeQuery(sql)) {
                                        assertThat(rows.next()).isTrue();
                                    }
                                }
                                Thread.sleep(2);
                            }
                        }
                        double used = cpuTicks(pid) - before - idleTicksPerNano * (System.nanoTime() - start);
                        ticks.computeIfAbsent(form, f -> new double[2])[direction] = used;
                    }
                    java.util.Collections.reverse(order);
                }
                int each = passes * fleet;
                ticks.forEach((form, used) -> System.out.printf(
                        "HousekeepingCostIT: across a fleet of %d, %-46s server CPU %6.1f µs per round trip (%.1f / %.1f)%n",
                        fleet, form, (used[0] + used[1]) * 10_000.0 / (2 * each), used[0] * 10_000.0 / each,
                        used[1] * 10_000.0 / each));
            } finally {
                for (Connection connection : connections) {
                    connection.close();
                }
            }
        }
    }

    interface Round {
        boolean run() throws SQLException;
    }

    private static void cost(String name, Connection own, long pid, Round round) throws Exception {
        for (int i = 0; i < 200; i++) {
            round.run();
        }
        long[] nanos = new long[QUERIES];
        boolean answered = true;
        long cpuBefore = cpuTicks(pid);
        for (int i = 0; i < QUERIES; i++) {
            long start = System.nanoTime();
            answered &= round.run();
            nanos[i] = System.nanoTime() - start;
        }
        long cpuTicks = cpuTicks(pid) - cpuBefore;
        Arrays.sort(nanos);
        System.out.printf("HousekeepingCostIT: %-50s median %6.0f µs, server CPU %6.1f µs per round trip%s%n", name,
                nanos[QUERIES / 2] / 1000.0, cpuTicks * 10_000.0 / QUERIES, answered ? "" : " (empty answer)");
    }

    private static void measure(String name, int fleet, Connection own, String sql, boolean bindUser, long pid,
                                int expectedUserThreads) throws Exception {
        try (PreparedStatement statement = own.prepareStatement(sql)) {
            if (bindUser) {
                statement.setString(1, own.getMetaData().getUserName().replaceAll("@.*", ""));
            }
            for (int i = 0; i < 200; i++) {
                run(statement, expectedUserThreads);
            }
            long[] nanos = new long[QUERIES];
            long cpuBefore = cpuTicks(pid);
            for (int i = 0; i < QUERIES; i++) {
                long start = System.nanoTime();
                run(statement, expectedUserThreads);
                nanos[i] = System.nanoTime() - start;
            }
            long cpuTicks = cpuTicks(pid) - cpuBefore;
            Arrays.sort(nanos);
            System.out.printf("HousekeepingCostIT: fleet %3d, %-45s median %6.0f µs, server CPU %6.1f µs per query%n",
                    fleet, name, nanos[QUERIES / 2] / 1000.0, cpuTicks * 10_000.0 / QUERIES);
        }
    }

    private static void run(PreparedStatement statement, int expectedUserThreads) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            assertThat(row.next()).isTrue();
            if (expectedUserThreads > 0) {
                assertThat(row.getLong("user_threads")).isEqualTo(expectedUserThreads);
            } else {
                assertThat(row.getLong("threads_connected")).isPositive();
            }
        }
    }

    private static long mariadbdPid() {
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().command().map(command -> command.endsWith("mariadbd")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("No mariadbd process under this JVM"));
    }

    /** utime + stime of the server process, in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
