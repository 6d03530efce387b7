package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A fixture's {@code run(args, out, err)} called in this JVM with its standard
 * output and error captured, as the in-process fixture tests use it.
 *
 * <p>Thread-safety: one run per instance; its streams may be read from another thread.
 */
final class InProcessFixture {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final long READY_POLL_MILLIS = 10;
    private static final String READY = "READY";

    /** A fixture entry point: arguments and streams in, exit code out. */
    @FunctionalInterface
    interface Main {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    private final Main main;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    InProcessFixture(Main main) {
        this.main = main;
    }

    /** Runs the fixture on the calling thread. */
    Run run(String... args) {
        int exitCode = main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a server mode on {@code thread} and returns once it printed READY. */
    Future<Run> startServer(ExecutorService thread, String... args) throws InterruptedException {
        Future<Run> run = thread.submit(() -> run(args));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!out.toString(StandardCharsets.UTF_8).startsWith(READY)) {
            assertThat(run.isDone()).as("server ended before READY: %s", err).isFalse();
            assertThat(System.nanoTime() - deadline).as("server not ready").isNegative();
            Thread.sleep(READY_POLL_MILLIS);
        }
        return run;
    }
}
