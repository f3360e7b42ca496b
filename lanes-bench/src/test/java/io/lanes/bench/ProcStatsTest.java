package io.lanes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void shouldReadVmRssFromProcStatus() {
        // given
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  524288 kB\nVmRSS:\t  388096 kB\nThreads:\t42\n";

        // when / then
        assertThat(ProcStats.parseStatusField(status, "VmRSS:")).hasValue(388096);
        assertThat(ProcStats.parseStatusField(status, "VmHWM:")).hasValue(524288);
        assertThat(ProcStats.parseStatusField(status, "VmSwap:")).isEmpty();
    }

    @Test
    void shouldSumUserAndSystemTicksEvenWhenTheCommandNameHasSpaces() {
        // given: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "1234 (java main) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 40 0 1000 0 0";

        // when / then
        assertThat(ProcStats.cpuMillisFromStat(stat)).hasValue(3000);
    }

    @Test
    void shouldReadOwnProcessWhenProcIsAvailable() {
        long pid = ProcessHandle.current().pid();
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc", Long.toString(pid), "status"))) {
            assertThat(ProcStats.rssKib(pid).orElseThrow()).isPositive();
            assertThat(ProcStats.cpuMillis(pid)).isPresent();
        }
    }
}
