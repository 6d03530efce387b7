package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The UDS interop fixture run in-process, server and client on two threads. */
class InteropUdsTest {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final long SERVER_TIMEOUT_SECONDS = 30;
    private static final long READY_POLL_MILLIS = 10;

    @TempDir
    Path work;

    private Path runDir;
    private ExecutorService serverThread;

    private record Run(int exitCode, String out, String err) {
    }

    /** Captured standard output and error of one in-process run. */
    private static final class Streams {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        Run run(String... args) {
            int exitCode = InteropUds.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return result(exitCode);
        }

        Run result(int exitCode) {
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        runDir = InteropFiles.privateDirectory(work.resolve("run"));
        serverThread = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        serverThread.shutdownNow();
        assertThat(serverThread.awaitTermination(SERVER_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void echoesOneMessage() throws Exception {
        Streams server = new Streams();
        Future<Run> serverRun = startServer(server, "server", runDir.toString(), "echo");

        Run client = new Streams().run("client", runDir.toString(), "echo");

        assertThat(client).isEqualTo(new Run(0, "PASS" + System.lineSeparator(), ""));
        assertThat(serverRun.get(SERVER_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo(new Run(0, "READY" + System.lineSeparator(), ""));
        assertThat(runDir).isEmptyDirectory();
    }

    @Test
    void echoesAPipeline() throws Exception {
        Streams server = new Streams();
        Future<Run> serverRun = startServer(server, "pipeline-server", runDir.toString(), "pipe", "100");

        Run client = new Streams().run("pipeline-client", runDir.toString(), "pipe", "100");

        assertThat(client).isEqualTo(new Run(0, "PASS" + System.lineSeparator(), ""));
        assertThat(serverRun.get(SERVER_TIMEOUT_SECONDS, TimeUnit.SECONDS).exitCode()).isZero();
        assertThat(runDir).isEmptyDirectory();
    }

    @Test
    void pipelineClientSendingFewerThanTheServerExpectsStillPasses() throws Exception {
        Streams server = new Streams();
        Future<Run> serverRun = startServer(server, "pipeline-server", runDir.toString(), "short", "3");

        Run client = new Streams().run("pipeline-client", runDir.toString(), "short", "2");
        Run served = serverRun.get(SERVER_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(client.exitCode()).isZero();
        // As in the reference, the pipeline server reports its failed session but exits 0.
        assertThat(served.exitCode()).isZero();
        assertThat(served.err()).startsWith("server: receive[2] failed: PEER_CLOSED");
    }

    @Test
    void invalidServiceNameFailsToListenAndToConnect() {
        Run server = new Streams().run("server", runDir.toString(), "../escape");
        Run client = new Streams().run("client", runDir.toString(), "../escape");

        assertThat(server.exitCode()).isEqualTo(InteropUds.EXIT_FAILED);
        assertThat(server.err()).startsWith("server: listen failed: invalid service name");
        assertThat(client.exitCode()).isEqualTo(InteropUds.EXIT_FAILED);
        assertThat(client.out()).isEmpty();
        assertThat(client.err()).startsWith("client: connect failed: invalid service name");
    }

    @Test
    void runDirectoryIsCheckedBeforeTheMode() throws IOException {
        Path notDir = Files.createFile(work.resolve("file"));

        Run run = new Streams().run("no-such-mode", notDir.toString(), "svc");

        assertThat(run.exitCode()).isEqualTo(InteropUds.EXIT_FAILED);
        assertThat(run.err()).contains("not a directory").doesNotContain("Unknown mode");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "100|100",
        "'  42abc'|42",
        "abc|0",
        "''|0",
        "-5|-5",
        "+7|7",
        "'\t\n3'|3",
        "99999999999|2147483647",
        "-99999999999|-2147483648",
        "2147483647|2147483647",
        "-2147483648|-2147483648",
        "'\u0663'|0",
    })
    void countIsReadLikeAtoi(String text, int expected) {
        assertThat(CountArgument.parse(text)).isEqualTo(expected);
    }

    /** Runs a server mode on the server thread and returns once it printed READY. */
    private Future<Run> startServer(Streams streams, String... args) throws InterruptedException {
        Future<Run> run = serverThread.submit(() -> streams.run(args));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!streams.out.toString(StandardCharsets.UTF_8).startsWith("READY")) {
            assertThat(run.isDone()).as("server ended before READY: %s", streams.err).isFalse();
            assertThat(System.nanoTime() - deadline).as("server not ready").isNegative();
            Thread.sleep(READY_POLL_MILLIS);
        }
        return run;
    }
}
