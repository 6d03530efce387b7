package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A server process stopped by SIGTERM or SIGINT prints SERVER_CPU_SEC and exits 0, as the reference's. */
class SignalTest {
    private static final int NATIVE_FLAGS_FROM = 23;
    private static final long TIMEOUT_SECONDS = 30;
    private static final String SIG_IGN_FIELD = "SigIgn:";
    private static final int HEX = 16;
    /** Signal 2's bit in a /proc signal mask, whose bit 0 is signal 1. */
    private static final long SIGINT_BIT = 1L << 1;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalStopsAServerWithStatusZero(String signal) throws Exception {
        // A JVM started with SIGINT ignored (a background job of a shell without job control) keeps it
        // ignored, and so does the server it starts: nothing would stop it.
        assumeFalse(signal.equals("INT") && sigintIgnored(), "SIGINT is ignored in this test's process");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        if (Runtime.version().feature() >= NATIVE_FLAGS_FROM) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchPosix.class.getName(),
                "uds-ping-pong-server", dir.toString(), "signalled-" + signal, "0"));
        // Standard error apart: a JVM prints notes there (JAVA_TOOL_OPTIONS) before the driver's READY.
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("READY");
            // bash's kill rather than Process.destroy(), which sends only SIGTERM and closes the streams still to
            // be read.
            Process kill = new ProcessBuilder("bash", "-c", "kill -" + signal + " " + server.pid()).start();
            assertThat(kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();
            assertThat(server.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
            assertThat(out.readLine()).matches("SERVER_CPU_SEC=\\d+\\.\\d{6}");
            assertThat(out.readLine()).isNull();
        } finally {
            server.destroyForcibly();
            server.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Whether this process ignores SIGINT: bit 2 (from 1) of the SigIgn mask in /proc/self/status. */
    private static boolean sigintIgnored() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(SIG_IGN_FIELD)) {
                return (Long.parseUnsignedLong(line.substring(SIG_IGN_FIELD.length()).trim(), HEX) & SIGINT_BIT) != 0;
            }
        }
        return false;
    }
}
