package dev.serverlessmysql.lambdasim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.lambdasim.workload.FleetRun;
import dev.serverlessmysql.lambdasim.workload.Kinds;
import dev.serverlessmysql.test.MySqlTestServer;

/**
 * The CI-sized fault run: the starter kind, three waves of 8 concurrent orders on a fleet of 8
 * against {@code max_connections=10}, with a kill of every connection of the function's user as
 * the first wave ends, a server restart in the middle of the second wave and another kill in the
 * middle of the third. The client retries each failed order with the same idempotency key.
 * Asserts counts, never times.
 *
 * <p>How this test can fail. The faults must have made invocations fail, or it proves nothing: the
 * first kill alone does it whenever the next wave reuses a killed connection within the starter's
 * {@code thaw-threshold} (1 s; the waves are 200 ms apart), as the README's failure table says. The
 * ledger assertions then fail if an acknowledged order is lost (a commit the server did not keep),
 * if a retried order is applied twice (a key with two rows, or an acknowledgement whose id is not
 * the row's: what a sample without the unique key, or a client that retried under a new key,
 * would produce whenever a failed attempt had in fact committed), if the answer differs from what
 * was stored, or if any row exists that no acknowledged order accounts for. {@code LedgerCheckTest}
 * shows each of those verdicts on made-up rows. Checked by hand: with the client's attempts cut to
 * one, the test fails on the orders never acknowledged.
 */
class FaultRunIT {

    private static final int MAX_CONNECTIONS = 10;
    private static final int FLEET = 8;
    private static final int WAVES = 3;

    @Test
    void everyAcknowledgedOrderIsStoredExactlyOnceAfterKillsAndARestartDuringABurst() throws Exception {
        MySqlTestServer server = MySqlTestServer.get();
        // The run restarts the server mid-burst. A run with kills only would need no process control,
        // but FaultRun.run refuses every server it cannot restart, whatever the scenario.
        server.assumeProcessControl("restarting the server during the fault run");
        String sampleJar = System.getProperty("lambda.sample.jar");
        Kinds kinds = new Kinds(sampleJar == null ? null : Path.of(sampleJar), null);
        Path work = Path.of(System.getProperty("lambda.work", "target/lambda-sim-it"));
        FleetRun.Settings settings = new FleetRun.Settings(Duration.ofSeconds(30), Duration.ofSeconds(120),
                Duration.ofMillis(75), work.resolve("logs"));

        FaultScenario scenario = FaultScenario.standard(FLEET, WAVES, MAX_CONNECTIONS);
        FaultRunResult run = FaultRun.run(server, kinds, "starter", scenario, settings);
        new FaultReport(run, Map.of("command", "FaultRunIT")).write(work.resolve("fault-report"));

        // Every fault fired while orders were still outstanding, and made invocations fail.
        assertThat(run.faultsInjected()).isEqualTo(scenario.faults().size());
        assertThat(run.faults()).allSatisfy(fault -> assertThat(fault.acknowledgedAtInjection()).isLessThan(run.orders()));
        assertThat(run.failedAttempts()).isPositive();
        assertThat(run.recovered()).isNotEmpty();
        // The client got every order acknowledged...
        assertThat(run.orders()).isEqualTo(FLEET * WAVES);
        assertThat(run.neverAcknowledged()).isZero();
        // ...and the table holds each of them exactly once, as acknowledged, and nothing else.
        LedgerCheck ledger = run.ledger();
        assertThat(ledger.missing()).isEmpty();
        assertThat(ledger.duplicated()).isEmpty();
        assertThat(ledger.mismatched()).isEmpty();
        assertThat(ledger.unacknowledgedWithRow()).isEmpty();
        assertThat(ledger.unknown()).isEmpty();
        assertThat(ledger.acknowledgedKeys()).isEqualTo(run.orders());
        assertThat(ledger.rows()).isEqualTo(run.acknowledged());
        assertThat(ledger.presentOnce()).isEqualTo(run.acknowledged());
        assertThat(ledger.exactlyOnce()).isTrue();
    }
}
