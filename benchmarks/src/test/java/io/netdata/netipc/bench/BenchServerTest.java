package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servers: READY, SERVER_CPU_SEC, their own timer only for a positive duration, the snapshot's 16 items. */
class BenchServerTest {
    private static final String CPU_LINE = "(?s)READY\nSERVER_CPU_SEC=\\d+\\.\\d{6}\n";
    /** How long after READY a server of duration 0 must still be serving (its grace here is 0). */
    private static final long STILL_RUNNING_CHECK_MILLIS = 300;
    /** Guards against a hang only; not a timing assertion. */
    private static final long HANG_GUARD_SECONDS = 30;

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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CountDownLatch stop = new CountDownLatch(1);
        // No grace: a server that started a timer for duration 0 would stop at once, before the check below.
        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() -> {
            try {
                return BenchServer.run(dir, "forever", new BenchServer.Service(BenchConstants.PROFILE_UDS,
                        BenchServer.Kind.INCREMENT, false), 0, 0, stop,
                        new PrintStream(out, true, StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            while (!out.toString(StandardCharsets.UTF_8).contains("READY") && !server.isDone()) {
                Thread.onSpinWait();
            }
            Thread.sleep(STILL_RUNNING_CHECK_MILLIS);
            assertThat(server.isDone()).as("still serving").isFalse();
        } finally {
            stop.countDown();
        }
        assertThat(server.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).matches(CPU_LINE);
    }

    @Test
    void aServerOfDurationZeroRunsUntilSignalled() throws Exception {
        try (Cli.Server server = new Cli.Server("uds-ping-pong-server", dir.toString(), "forever", "0")) {
            assertThat(server.awaitReady()).isTrue();
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
