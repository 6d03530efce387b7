package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** A server process stopped by SIGTERM or SIGINT prints SERVER_CPU_SEC and exits 0, as the reference's. */
class SignalTest {
    private static final int NATIVE_FLAGS_FROM = 23;
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalStopsAServerWithStatusZero(String signal) throws Exception {
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
}
