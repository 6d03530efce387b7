package io.netdata.netipc.bench.report;

import io.netdata.netipc.nativeio.Native;
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
    /** Calls per timed round of {@link #systemCallNanos()}; enough to average out the clock. */
    private static final int SYSTEM_CALLS_PER_ROUND = 100_000;
    /** The best of this many rounds is kept: other processes only ever make a round slower. */
    private static final int SYSTEM_CALL_ROUNDS = 5;

    private Machine() {
    }

    static String describe() {
        return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("os.name") + ' ' + System.getProperty("os.version") + ' '
                + System.getProperty("os.arch");
    }

    /**
     * What one cheap system call ({@code getpid} through JNR-FFI) costs here, in nanoseconds:
     * every SHM message costs its sender a futex wake, so this sets how long a spin window lasts
     * against a sleep, and ratios measured where system calls cost 100 ns and where they cost
     * 1 µs are not comparable.
     */
    static long systemCallNanos() {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < SYSTEM_CALL_ROUNDS; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < SYSTEM_CALLS_PER_ROUND; i++) {
                Native.libc().getpid();
            }
            best = Math.min(best, (System.nanoTime() - started) / SYSTEM_CALLS_PER_ROUND);
        }
        return best;
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
