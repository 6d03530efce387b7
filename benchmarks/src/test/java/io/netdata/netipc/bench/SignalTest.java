package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server process stopped by SIGTERM prints SERVER_CPU_SEC and exits 0, as the reference's. */
class SignalTest {
    private static final int NATIVE_FLAGS_FROM = 23;
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path dir;

    @Test
    void sigtermStopsAServerWithStatusZero() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        if (Runtime.version().feature() >= NATIVE_FLAGS_FROM) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchPosix.class.getName(),
                "uds-ping-pong-server", dir.toString(), "signalled", "0"));
        // Standard error apart: a JVM prints notes there (JAVA_TOOL_OPTIONS) before the driver's READY.
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("READY");
            // SIGTERM; Process.destroy() would also close the streams still to be read.
            assertThat(server.toHandle().destroy()).isTrue();
            assertThat(server.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
            assertThat(out.readLine()).matches("SERVER_CPU_SEC=\\d+\\.\\d{6}");
            assertThat(out.readLine()).isNull();
        } finally {
            server.destroyForcibly();
            server.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
