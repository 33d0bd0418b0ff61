package dev.serverlessmysql.lambdasim.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void readsUtimePlusStimeAfterACommandNameWithSpacesAndParentheses() {
        // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        String stat = "4242 (java (my) ) x) S 1 4242 4242 0 -1 4194304 1200 0 3 0 731 118 5 7 20 0 19 0 12345 "
                + "1073741824 20000 18446744073709551615 1 1 0 0 0 0 0 4096 17 1 0 0 0 0 0\n";

        assertThat(ProcStat.cpuTicks(stat)).isEqualTo(731 + 118); // not cutime/cstime (children), not a shifted field
    }

    @Test
    void aPlainLineAndOneThatIsNotAStatLine() {
        assertThat(ProcStat.cpuTicks("1 (bash) R 0 1 1 0 -1 0 0 0 0 0 2 3 0 0 20 0 1 0 0 0 0")).isEqualTo(5);
        assertThatThrownBy(() -> ProcStat.cpuTicks("no parentheses here")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcStat.cpuTicks("1 (short) R 0 1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisJvmsOwnCpuTimeAndMemoryAreReadable() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStat.cpuMillis(pid)).isPositive();
        assertThat(ProcStat.rssKib(pid)).isPositive();
        assertThat(ProcStat.cpuMillis(Long.MAX_VALUE)).isEqualTo(-1); // no such process
    }
}
