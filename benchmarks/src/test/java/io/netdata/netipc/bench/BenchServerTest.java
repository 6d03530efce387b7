package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servers: READY, SERVER_CPU_SEC, their own timer only for a positive duration, the snapshot's 16 items. */
class BenchServerTest {
    private static final String CPU_LINE = "(?s)READY\nSERVER_CPU_SEC=\\d+\\.\\d{6}\n";

    @TempDir
    Path dir;

    @Test
    void onlyAPositiveDurationStartsATimer() {
        assertThat(BenchServer.stopAfterSeconds(5, 3)).isEqualTo(8);
        assertThat(BenchServer.stopAfterSeconds(1, 0)).isEqualTo(1);
        assertThat(BenchServer.stopAfterSeconds(0, 3)).isEqualTo(BenchServer.UNTIL_STOPPED);
        assertThat(BenchServer.stopAfterSeconds(-4, 3)).isEqualTo(BenchServer.UNTIL_STOPPED);
    }

    @Test
    void aServerStopsByItselfAfterItsDurationAndGrace() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = BenchServer.run(dir, "timed", new BenchServer.Service(BenchConstants.PROFILE_UDS,
                BenchServer.Kind.INCREMENT, false), 1, 0, new CountDownLatch(1),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).matches(CPU_LINE);
    }

    @Test
    void aServerOfDurationZeroRunsUntilStopped() throws Exception {
        try (Cli.Server server = new Cli.Server("uds-ping-pong-server", dir.toString(), "forever", "0")) {
            assertThat(server.awaitReady()).isTrue();
            // With a timer of duration + grace it would be gone by now; a stopped server is gone at once.
            Thread.sleep(300);
            assertThat(server.done()).isFalse();
            Cli.Result result = server.stop();
            assertThat(result.status()).isZero();
            assertThat(result.out()).matches(CPU_LINE);
        }
    }

    @Test
    void theSnapshotServerDeclaresItsSixteenItems() {
        assertThat(BenchServer.config(dir, "s", new BenchServer.Service(BenchConstants.PROFILE_SHM,
                BenchServer.Kind.SNAPSHOT, false)).snapshotMaxItems()).isEqualTo(BenchConstants.SNAPSHOT_ITEMS);
        assertThat(BenchServer.config(dir, "i", new BenchServer.Service(BenchConstants.PROFILE_SHM,
                BenchServer.Kind.INCREMENT, true)).maxResponsePayloadBytes())
                .isEqualTo(BenchConstants.BATCH_BUFFER_BYTES);
    }
}
