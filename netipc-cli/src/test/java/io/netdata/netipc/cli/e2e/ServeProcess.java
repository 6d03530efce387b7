package io.netdata.netipc.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code netipc} command running in a JVM of its own (the test's class
 * path), its standard output read line by line as it comes.
 */
final class ServeProcess implements AutoCloseable {
    static final long WAIT_SECONDS = 30;
    static final String READY = "READY";
    private static final int SIGTERM_EXIT = 143;
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder errors = new StringBuilder();

    private ServeProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> pump(), "netipc-test-stdout");
        reader.setDaemon(true);
        reader.start();
        Thread errorReader = new Thread(() -> drainErrors(), "netipc-test-stderr");
        errorReader.setDaemon(true);
        errorReader.start();
    }

    /** Starts {@code netipc args...}. */
    static ServeProcess start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** Starts {@code netipc args...} with {@code environment} added to this one's. */
    static ServeProcess start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "io.netdata.netipc.cli.NetIpcCli"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("NETIPC_AUTH_TOKEN");
        builder.environment().putAll(environment);
        return new ServeProcess(builder.start());
    }

    /** Starts {@code netipc serve args...} and waits for its READY line. */
    static ServeProcess serve(String... args) throws Exception {
        return serve(Map.of(), args);
    }

    /** Starts {@code netipc serve args...} with {@code environment} added, and waits for its READY line. */
    static ServeProcess serve(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("serve"));
        command.addAll(List.of(args));
        ServeProcess serve = start(environment, command.toArray(String[]::new));
        serve.awaitLine(line -> line.equals(READY));
        return serve;
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process is gone.
        } finally {
            lines.add(END);
        }
    }

    private void drainErrors() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                synchronized (errors) {
                    errors.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // The process is gone.
        }
    }

    /** Waits for the next line matching {@code wanted}, skipping others; returns it. */
    String awaitLine(java.util.function.Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(line).as("a matching line before the timeout or the end; stderr: " + errors()).isNotNull()
                    .isNotEqualTo(END);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    String errors() {
        synchronized (errors) {
            return errors.toString();
        }
    }

    /** Sends {@code signal} ("STOP", say) with kill(1), without waiting for its effect. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself and returns its exit status. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("ends; stderr: " + errors()).isTrue();
        return process.exitValue();
    }

    /** The lines of standard output not yet taken by {@link #awaitLine}, to its end; once the process ended. */
    List<String> remainingLines() throws InterruptedException {
        List<String> remaining = new ArrayList<>();
        while (true) {
            String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(line).as("the end of standard output").isNotNull();
            if (line.equals(END)) {
                return remaining;
            }
            remaining.add(line);
        }
    }

    /** Sends SIGTERM and returns the exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        return process.exitValue();
    }

    static boolean isCleanStop(int status) {
        return status == SIGTERM_EXIT || status == 0;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
