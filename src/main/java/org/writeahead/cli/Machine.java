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

    /** The one-minute load average from /proc/loadavg; 0 where there is none. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
