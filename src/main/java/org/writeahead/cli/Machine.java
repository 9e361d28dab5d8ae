package org.writeahead.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Names the machine a benchmark ran on: CPU model and the cores Java may use. */
final class Machine {

    private Machine() {}

    static String describe() {
        String cpu = System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // Not Linux: the architecture name will do.
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name");
    }

    /**
     * CPU time used so far, in clock ticks: by the whole machine (busy, not idle) and by this
     * process. Their difference over a benchmark is what other programs took. Null where /proc
     * is missing.
     */
    static long[] cpuTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle and iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = self.substring(self.lastIndexOf(')') + 2).split(" ");
            long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return new long[] {busy, own};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Cores' worth of CPU that other programs used between two {@link #cpuTicks} readings over {@code seconds}. */
    static double othersCores(long[] before, long[] after, double seconds) {
        if (before == null || after == null || seconds <= 0) {
            return 0;
        }
        double ticksPerSecond = 100; // USER_HZ, 100 on Linux
        return Math.max(0, (after[0] - before[0]) - (after[1] - before[1])) / ticksPerSecond / seconds;
    }
}
