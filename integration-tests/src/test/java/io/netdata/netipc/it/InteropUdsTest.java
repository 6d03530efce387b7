package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.it.InProcessFixture.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final long SERVER_TIMEOUT_SECONDS = 30;

    @TempDir
    Path work;

    private Path runDir;
    private ExecutorService serverThread;

    private static InProcessFixture fixture() {
        return new InProcessFixture(InteropUds::run);
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
        Future<Run> serverRun = fixture().startServer(serverThread, "server", runDir.toString(), "echo");

        Run client = fixture().run("client", runDir.toString(), "echo");

        assertThat(client).isEqualTo(new Run(0, "PASS" + System.lineSeparator(), ""));
        assertThat(serverRun.get(SERVER_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo(new Run(0, "READY" + System.lineSeparator(), ""));
        assertThat(runDir).isEmptyDirectory();
    }

    @Test
    void echoesAPipeline() throws Exception {
        Future<Run> serverRun = fixture().startServer(serverThread, "pipeline-server", runDir.toString(), "pipe", "100");

        Run client = fixture().run("pipeline-client", runDir.toString(), "pipe", "100");

        assertThat(client).isEqualTo(new Run(0, "PASS" + System.lineSeparator(), ""));
        assertThat(serverRun.get(SERVER_TIMEOUT_SECONDS, TimeUnit.SECONDS).exitCode()).isZero();
        assertThat(runDir).isEmptyDirectory();
    }

    @Test
    void pipelineClientSendingFewerThanTheServerExpectsStillPasses() throws Exception {
        Future<Run> serverRun = fixture().startServer(serverThread, "pipeline-server", runDir.toString(), "short", "3");

        Run client = fixture().run("pipeline-client", runDir.toString(), "short", "2");
        Run served = serverRun.get(SERVER_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(client.exitCode()).isZero();
        // As in the reference, the pipeline server reports its failed session but exits 0.
        assertThat(served.exitCode()).isZero();
        assertThat(served.err()).startsWith("server: receive[2] failed: PEER_CLOSED");
    }

    @Test
    void invalidServiceNameFailsToListenAndToConnect() {
        Run server = fixture().run("server", runDir.toString(), "../escape");
        Run client = fixture().run("client", runDir.toString(), "../escape");

        assertThat(server.exitCode()).isEqualTo(InteropUds.EXIT_FAILED);
        assertThat(server.err()).startsWith("server: listen failed: invalid service name");
        assertThat(client.exitCode()).isEqualTo(InteropUds.EXIT_FAILED);
        assertThat(client.out()).isEmpty();
        assertThat(client.err()).startsWith("client: connect failed: invalid service name");
    }

    @Test
    void runDirectoryIsCheckedBeforeTheMode() throws IOException {
        Path notDir = Files.createFile(work.resolve("file"));

        Run run = fixture().run("no-such-mode", notDir.toString(), "svc");

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

}
