package io.netdata.netipc.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link BenchPosix#run} in this JVM with captured output: a subcommand to
 * its end ({@link #run}), or a server in a thread of its own ({@link Server}),
 * stopped by the latch a signal would count down.
 *
 * <p>Thread-safety: each instance belongs to one test.
 */
final class Cli {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final long STOP_TIMEOUT_SECONDS = 20;

    private Cli() {
    }

    record Result(int status, String out, String err) {
    }

    /** Runs one subcommand; a server subcommand would wait on a latch nobody counts down. */
    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchPosix.run(args, print(out), print(err), () -> new CountDownLatch(1));
        return new Result(status, text(out), text(err));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A server subcommand running in its own thread until {@link #stop} (or its own timer). */
    static final class Server implements AutoCloseable {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final CountDownLatch stop = new CountDownLatch(1);
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<Integer> status;

        Server(String... args) {
            status = thread.submit(() -> BenchPosix.run(args, print(out), print(err), () -> stop));
        }

        /** Waits for READY; false if the server ended (or never got there) first. */
        boolean awaitReady() throws InterruptedException {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (System.nanoTime() - deadline < 0) {
                if (out().contains("READY\n")) {
                    return true;
                }
                if (status.isDone()) {
                    return false;
                }
                Thread.sleep(10);
            }
            return false;
        }

        boolean done() {
            return status.isDone();
        }

        /** What a SIGTERM does: stops the server; returns its exit status. */
        Result stop() throws Exception {
            stop.countDown();
            return result();
        }

        /** Waits for the server to end by itself; returns its exit status. */
        Result result() throws Exception {
            return new Result(status.get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS), out(), text(err));
        }

        String out() {
            return text(out);
        }

        @Override
        public void close() throws Exception {
            stop.countDown();
            thread.shutdown();
            thread.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
