package io.lanes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident memory and CPU time of a process, from Linux {@code /proc}. */
final class ProcStats {

    /** USER_HZ; 100 on every mainstream Linux build. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** VmRSS in KiB, or empty when {@code /proc} is unavailable. */
    static OptionalLong rssKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** VmHWM (peak resident set) in KiB. */
    static OptionalLong peakRssKib(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** user + system CPU time in milliseconds, or empty when unavailable. */
    static OptionalLong cpuMillis(long pid) {
        try {
            return cpuMillisFromStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The 1, 5 and 15 minute load averages of the machine, or "n/a"; the report shows how busy it was. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static OptionalLong statusField(long pid, String field) {
        try {
            return parseStatusField(Files.readString(Path.of("/proc", Long.toString(pid), "status")), field);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Parses a line such as {@code VmRSS:     123456 kB} out of {@code /proc/<pid>/status}. */
    static OptionalLong parseStatusField(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                String[] parts = line.substring(field.length()).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(parts[0]));
            }
        }
        return OptionalLong.empty();
    }

    /** utime + stime (fields 14 and 15) of {@code /proc/<pid>/stat}; the command name may hold spaces. */
    static OptionalLong cpuMillisFromStat(String stat) {
        int afterName = stat.lastIndexOf(')');
        if (afterName < 0) {
            return OptionalLong.empty();
        }
        // fields after ") ": state(3) ppid(4) ... utime(14) stime(15)
        String[] fields = stat.substring(afterName + 2).trim().split("\\s+");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return OptionalLong.of(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }
}
