package io.netdata.netipc.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown hook of {@code serve}, run by hand (not registered): a stop
 * that comes while the server is starting closes it once it has started.
 */
class ShutdownStopTest {
    private static final long JOIN_SECONDS = 10;

    @TempDir
    Path runDir;

    private final AtomicInteger reports = new AtomicInteger();

    private ManagedServer startServer() throws Exception {
        return ManagedServer.increment(ServerConfig.builder(runDir, "inc").build(), value -> value + 1);
    }

    private void assertNoFilesLeft() throws Exception {
        try (var files = Files.list(runDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aStopWhileTheServerStartsClosesItOnceStarted() throws Exception {
        ShutdownStop stop = new ShutdownStop(reports::incrementAndGet);
        Thread hook = new Thread(stop::stop, "test-hook");
        hook.start();
        while (hook.getState() != Thread.State.TIMED_WAITING) {
            assertThat(hook.isAlive()).as("the hook waits for the start").isTrue();
            Thread.onSpinWait();
        }
        ManagedServer server = startServer();
        assertThat(Files.exists(runDir.resolve("inc.sock"))).isTrue();

        assertThat(stop.started(server)).as("a stop was asked: no READY").isFalse();
        hook.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));

        assertThat(hook.isAlive()).isFalse();
        stop.awaitStop();
        assertNoFilesLeft();
        assertThat(reports).hasValue(1);
    }

    @Test
    void aStopAfterTheStartClosesTheServer() throws Exception {
        ShutdownStop stop = new ShutdownStop(reports::incrementAndGet);
        assertThat(stop.started(startServer())).isTrue();

        stop.stop();

        stop.awaitStop();
        assertNoFilesLeft();
        assertThat(reports).hasValue(1);
    }

    @Test
    void aStartThatFailedLeavesNothingToClose() throws Exception {
        ShutdownStop stop = new ShutdownStop(reports::incrementAndGet);
        stop.startFailed();

        long started = System.nanoTime();
        stop.stop();

        stop.awaitStop();
        assertThat(System.nanoTime() - started).as("no wait for a start that ended")
                .isLessThan(ShutdownStop.START_WAIT.toNanos());
        assertThat(reports).hasValue(0);
    }
}
