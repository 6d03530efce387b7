package io.netdata.netipc.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One line describing the machine a report was measured on.
 *
 * <p>Thread-safety: stateless.
 */
final class Machine {
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final String MODEL = "model name";

    private Machine() {
    }

    static String describe() {
        return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("os.name") + ' ' + System.getProperty("os.version") + ' '
                + System.getProperty("os.arch");
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(CPU_INFO).stream().filter(line -> line.startsWith(MODEL))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (IOException | SecurityException e) {
            return "unknown CPU";
        }
    }
}
