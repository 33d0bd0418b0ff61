package dev.serverlessmysql.lambdasim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's CPU time as a control group reports it: in nanoseconds, where /proc's stat has 10 ms ticks. */
class ServerCpuTest {

    @Test
    void cgroupV1ReportsNanoseconds(@TempDir Path dir) throws Exception {
        Path usage = Files.writeString(dir.resolve("cpuacct.usage"), "292384500\n");
        assertThat(ServerCpu.nanos(usage)).isEqualTo(292_384_500L);
    }

    @Test
    void cgroupV2ReportsMicrosecondsInCpuStat(@TempDir Path dir) throws Exception {
        Path usage = Files.writeString(dir.resolve("cpu.stat"),
                "usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\nnr_periods 0\n");
        assertThat(ServerCpu.nanos(usage)).isEqualTo(1_234_567_000L);
    }

    @Test
    void anUnreadableUsageIsMinusOne(@TempDir Path dir) throws Exception {
        assertThat(ServerCpu.nanos(dir.resolve("cpuacct.usage"))).isEqualTo(-1);
        assertThat(ServerCpu.nanos(Files.writeString(dir.resolve("cpu.stat"), "nr_periods 0\n"))).isEqualTo(-1);
    }
}
