package dev.serverlessmysql.lambdasim.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class InvocationTest {

    @Test
    void theResultWaitsForTheEndOfTheInvokePhaseAndCarriesBothDurationsAndTheCpuDelta() throws Exception {
        Invocation invocation = new Invocation("{}".getBytes(StandardCharsets.UTF_8));
        invocation.cpuAtDelivery(1_000);

        assertThat(invocation.responded(null, "{\"ok\":true}")).isTrue();
        assertThat(invocation.result()).as("the caller has the response; the phase goes on").isNotDone();
        Thread.sleep(20); // an extension's work after the response
        invocation.phaseEnded(1_030);

        InvocationResult result = invocation.result().getNow(null);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.detail()).isEqualTo("{\"ok\":true}");
        assertThat(result.billedNanos()).isGreaterThanOrEqualTo(result.latencyNanos() + 20_000_000L);
        assertThat(result.containerCpuMillis()).isEqualTo(30);
    }

    @Test
    void aFunctionErrorIsWhatTheCallerSeesAndAFailureAfterAResponseKeepsIt() {
        Invocation failed = new Invocation(new byte[0]);
        failed.responded("1040 Too many connections", "SQLException: ...");
        failed.phaseEnded(-1);
        assertThat(failed.result().getNow(null).error()).isEqualTo("1040 Too many connections");
        assertThat(failed.result().getNow(null).containerCpuMillis()).isEqualTo(-1);

        // The response was posted, then the extension overran the timeout: the caller had the response.
        Invocation overran = new Invocation(new byte[0]);
        overran.responded(null, "ok");
        overran.fail("timeout", "no response before the deadline");
        assertThat(overran.result().getNow(null).succeeded()).isTrue();
        assertThat(overran.result().getNow(null).billedNanos()).isEqualTo(-1);

        Invocation silent = new Invocation(new byte[0]);
        silent.phaseEnded(5);
        assertThat(silent.result().getNow(null).error()).isEqualTo("no response");
    }

    @Test
    void theLegsLineCarriesTheMarksInOrderAndAColdStartHasNoThaw() {
        Invocation warm = new Invocation(new byte[0]);
        warm.thawed();
        warm.handed();
        warm.responded(null, "ok");
        long phaseEnd = System.nanoTime();
        String[] fields = warm.legs(phaseEnd).split("\t");
        assertThat(fields[0]).as("no container: routed nowhere").isEqualTo("-");
        long[] marks = java.util.Arrays.stream(fields, 1, 6).mapToLong(Long::parseLong).toArray();
        assertThat(marks).as("submitted, thawed, handed, responded, phase ended (microseconds)").isSorted();
        assertThat(marks[0]).isPositive();
        assertThat(marks[4]).isEqualTo(phaseEnd / 1000);

        Invocation cold = new Invocation(new byte[0]);
        cold.handed();
        assertThat(cold.legs(System.nanoTime()).split("\t")[2]).as("never thawed").isEqualTo("0");
    }
}
