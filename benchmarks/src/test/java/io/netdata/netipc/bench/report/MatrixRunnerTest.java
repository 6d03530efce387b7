package io.netdata.netipc.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run-posix-matrix.sh} with fake drivers ({@code fake-bench-posix.sh}, which prints READY, a CSV
 * line and SERVER_CPU_SEC without measuring anything): a complete run, failed runs, hung and dead
 * processes, a row that counts nothing, a row only the generator refuses, the median of three rounds (nine
 * lookup rounds, spread and alternating), and a signal to the runner. The report is generated from this
 * test's class path on this test's JVM. Every fake records its pid; after each run no fake may be left
 * running, and {@link #stopEverything()} ends any that is, so a failing test leaves nothing behind.
 */
class MatrixRunnerTest {
    private static final Path SCRIPT = Path.of(System.getProperty("basedir", ".")).resolve("run-posix-matrix.sh")
            .toAbsolutePath();
    private static final String FAKE = "fake-bench-posix.sh";
    /** Far above any run here (the slowest, with a hung client and a lingering server, takes about 10 s). */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    private static final Duration SIGNAL_LIMIT = Duration.ofSeconds(20);
    /** The quick mode's duration of a maximum-rate run. */
    private static final int QUICK_MAX_DURATION = 3;
    /** The smallest slack the runner takes: a hung client is stopped 4 s after it started. */
    private static final int SLACK_SECONDS = 1;
    /** The runner's lookup-bench rounds per pair round. */
    private static final int LOOKUP_ROUNDS_PER_ROUND = 3;
    private static final int PAIR_SCENARIOS = 6;
    /** Java and C. */
    private static final int DRIVERS_WITH_C = 2;
    private static final int QUICK_LOOKUP_METHODS = 2;
    /** Pair scenarios × directed pairs, lookup-bench per driver, the lookup methods per driver at one rate. */
    private static final int QUICK_ROWS_WITH_C = PAIR_SCENARIOS * DRIVERS_WITH_C * DRIVERS_WITH_C + DRIVERS_WITH_C
            + QUICK_LOOKUP_METHODS * DRIVERS_WITH_C;
    /** As {@link #QUICK_ROWS_WITH_C}, with every lookup-bench round. */
    private static final int QUICK_ROUND_ROWS_WITH_C = QUICK_ROWS_WITH_C - DRIVERS_WITH_C
            + DRIVERS_WITH_C * LOOKUP_ROUNDS_PER_ROUND;
    /** The rounds of the tests of the median. */
    private static final int ROUNDS = 3;
    private static final int EXIT_FAILED = 1;
    private static final int EXIT_TERM = 143;
    private static final String[] OUTPUTS = {"benchmarks-posix.csv", "benchmarks-posix-rounds.csv",
        "benchmarks-posix.md"};
    private static final Duration POLL = Duration.ofMillis(100);

    @TempDir
    Path dir;
    private Path fakes;
    private Path out;
    private Path tmp;
    private Process runner;

    @BeforeEach
    void fakes() throws Exception {
        fakes = Files.createDirectory(dir.resolve("fakes"));
        out = Files.createDirectory(dir.resolve("out"));
        tmp = Files.createDirectory(dir.resolve("tmp"));
        byte[] script;
        try (InputStream in = MatrixRunnerTest.class.getResourceAsStream(FAKE)) {
            script = in.readAllBytes();
        }
        for (String lang : List.of("java", "c")) {
            Path fake = fakes.resolve("fake-" + lang);
            Files.write(fake, script);
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        }
        // The fakes' sleep: a read from a FIFO nobody writes, which leaves no child process behind.
        assertThat(new ProcessBuilder("mkfifo", fakes.resolve("fifo").toString()).start().waitFor()).isZero();
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (runner != null && runner.isAlive()) {
            runner.descendants().forEach(ProcessHandle::destroyForcibly);
            runner.destroyForcibly();
            runner.waitFor(SIGNAL_LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
        runningFakes().forEach(ProcessHandle::destroyForcibly);
    }

    /** The runner's result: exit status and output. */
    private record Run(int status, String stdout, String stderr) {
    }

    /** Starts the runner in quick mode with the Java fake, {@code env} added (pairs of name and value). */
    private Process start(String... env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "--quick")
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        Map<String, String> environment = builder.environment();
        // A developer's own settings must not reach the fakes' runner.
        environment.keySet().removeIf(name -> name.startsWith("NETIPC_BENCH_") || name.equals("FAKE_FAULTS"));
        environment.put("TMPDIR", tmp.toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("NETIPC_BENCH_OUT", out.toString());
        environment.put("NETIPC_BENCH_JAVA_DRIVER", fakes.resolve("fake-java").toString());
        environment.put("NETIPC_BENCH_REPORT_CLASSPATH", System.getProperty("java.class.path"));
        environment.put("NETIPC_BENCH_READY_SETTLE", "0");
        environment.put("NETIPC_BENCH_TIMEOUT_SLACK", Integer.toString(SLACK_SECONDS));
        for (int i = 0; i < env.length; i += 2) {
            environment.put(env[i], env[i + 1]);
        }
        runner = builder.start();
        return runner;
    }

    private Run run(String... env) throws Exception {
        Process process = start(env);
        if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            fail("run-posix-matrix.sh still running after " + RUN_LIMIT);
        }
        return new Run(process.exitValue(), Files.readString(dir.resolve("stdout")),
                Files.readString(dir.resolve("stderr")));
    }

    private String withC() {
        return fakes.resolve("fake-c").toString();
    }

    /** Fakes still running: recorded pids whose command line still names this test's fakes. */
    private List<ProcessHandle> runningFakes() throws IOException {
        Path pids = fakes.resolve("pids");
        if (!Files.exists(pids)) {
            return List.of();
        }
        List<ProcessHandle> running = new ArrayList<>();
        for (String pid : Files.readAllLines(pids)) {
            ProcessHandle.of(Long.parseLong(pid.strip())).filter(ProcessHandle::isAlive)
                    .filter(handle -> commandLine(handle.pid()).contains(fakes.toString())).ifPresent(running::add);
        }
        return running;
    }

    /** The command line from /proc, empty once the process is gone (or a zombie). */
    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void assertNothingLeftRunning() throws IOException {
        assertThat(runningFakes()).as("fakes still running").isEmpty();
    }

    private List<Path> runDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.toList();
        }
    }

    private void assertFailedWithoutOutput(Run run) throws IOException {
        assertThat(run.status()).as(run.stderr()).isEqualTo(EXIT_FAILED);
        assertThat(run.stdout()).doesNotContain("complete; report");
        try (Stream<Path> written = Files.list(out)) {
            assertThat(written).isEmpty();
        }
        assertNothingLeftRunning();
    }

    /** Stands for the committed report in the output directory, for a failed run to leave alone. */
    private void commitOutputs() throws IOException {
        for (String output : OUTPUTS) {
            Files.writeString(out.resolve(output), "committed " + output);
        }
    }

    private void assertCommittedOutputsUnchanged() {
        for (String output : OUTPUTS) {
            assertThat(out.resolve(output)).hasContent("committed " + output);
        }
    }

    /** The scenario of each row in turn, a run of rows of one scenario counted once. */
    private static List<String> scenarioRun(List<String> rows) {
        List<String> scenarios = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String scenario = row.split(",")[0];
            if (scenarios.isEmpty() || !scenarios.get(scenarios.size() - 1).equals(scenario)) {
                scenarios.add(scenario);
            }
        }
        return scenarios;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aCompleteQuickRunWritesTheCsvAndTheReport() throws Exception {
        Run run = run("NETIPC_BENCH_C", withC());

        assertThat(run.status()).as(run.stderr()).isZero();
        List<String> csv = lines(out.resolve("benchmarks-posix.csv"));
        assertThat(csv).hasSize(1 + QUICK_ROWS_WITH_C).first().isEqualTo(BenchRow.HEADER);
        // Server CPU 0.25 s over the 3 s run: the server was left to print it when its own timer stopped it.
        assertThat(csv).contains("uds-ping-pong,java,c,0,300,1,20,30,50.0,8.333,58.333",
                "snapshot-baseline,c,java,0,300,1,20,30,50.0,8.333,58.333",
                "lookup,c,c,0,200,3,20,30,50.0,0.000,50.000", "cgroups-lookup-mixed-16,java,java,0,300,1,20,30,50.0,"
                        + "0.000,50.000", "apps-lookup-mixed-16,c,c,0,300,1,20,30,50.0,0.000,50.000");
        assertThat(lines(out.resolve("benchmarks-posix-rounds.csv"))).hasSize(1 + QUICK_ROUND_ROWS_WITH_C);
        // One lookup round after every second pair round (the quick run has six), the first driver alternating.
        List<String> rounds = lines(out.resolve("benchmarks-posix-rounds.csv"));
        assertThat(rounds.stream().skip(1).map(line -> line.split(",")[0]).distinct().toList()).containsExactly(
                "uds-ping-pong", "shm-ping-pong", "lookup", "uds-batch-ping-pong", "shm-batch-ping-pong",
                "snapshot-baseline", "snapshot-shm", "cgroups-lookup-mixed-16", "apps-lookup-mixed-16");
        assertThat(scenarioRun(rounds)).containsSequence("shm-ping-pong", "lookup", "uds-batch-ping-pong")
                .containsSequence("shm-batch-ping-pong", "lookup", "snapshot-baseline")
                .containsSequence("snapshot-shm", "lookup", "cgroups-lookup-mixed-16");
        assertThat(rounds).filteredOn(line -> line.startsWith("lookup,")).extracting(line -> line.split(",")[1])
                .containsExactly("java", "c", "c", "java", "java", "c");
        assertThat(Files.readString(out.resolve("benchmarks-posix.md"))).contains("**Quick run: indicative only.**",
                "| mode | quick |", "| drivers | java, c |", "| apps-lookup-mixed-16 | c | max | 300 |",
                "| JDK | " + System.getProperty("java.vendor") + " " + System.getProperty("java.version") + " |");
        assertThat(run.stdout()).contains("complete; report: " + out.resolve("benchmarks-posix.md"));
        assertThat(runDirectories()).as("the run directory is removed").isEmpty();
        assertNothingLeftRunning();
    }

    @Test
    void aFailingClientLeavesTheCommittedFilesNoServerAndNoReport() throws Exception {
        commitOutputs();
        // The server of the failed pair would run forever: the runner has to stop it.
        Run run = run("FAKE_FAULTS", "java:shm-ping-pong-client:fail java:shm-ping-pong-server:linger");

        assertThat(run.status()).as(run.stderr()).isEqualTo(EXIT_FAILED);
        assertThat(run.stderr()).contains("FAIL  shm-ping-pong java client -> java server at 0/s, round 1: client "
                + "exited with status 1", "client.err: fake: wrong answer", "1 failed runs;", "no report");
        assertCommittedOutputsUnchanged();
        assertNothingLeftRunning();
        // The partial results stay in the run directory the runner names.
        assertThat(runDirectories()).singleElement().satisfies(kept -> {
            assertThat(run.stderr()).contains("kept for diagnosis: " + kept);
            assertThat(lines(kept.resolve("rounds.csv"))).anyMatch(line -> line.startsWith("uds-ping-pong,java,"))
                    .noneMatch(line -> line.startsWith("shm-ping-pong,"));
        });
    }

    @Test
    void aMatrixTheGeneratorRefusesLeavesTheCommittedFilesAndKeepsTheRunDirectory() throws Exception {
        commitOutputs();
        // Every run succeeds, but one row has a p50 that is not a number: only the generator can refuse it.
        Run run = run("FAKE_FAULTS", "java:uds-ping-pong-client:garbled");

        assertThat(run.status()).as(run.stderr()).isEqualTo(EXIT_FAILED);
        assertThat(run.stderr()).contains("not a benchmark row: uds-ping-pong,java,java,0,300,x,",
                "the report generator refused the matrix");
        assertThat(run.stdout()).doesNotContain("complete; report");
        assertCommittedOutputsUnchanged();
        assertThat(runDirectories()).singleElement().satisfies(kept -> assertThat(lines(kept.resolve("rounds.csv")))
                .contains("uds-ping-pong,java,java,0,300,x,20,30,50.0,8.333,58.333"));
        assertNothingLeftRunning();
    }

    /** One lookup round of three prints {@code throughput}: the median of the rest would hide it. */
    @ParameterizedTest
    // 5abc and 1e3 are above 0 as awk numbers: only the runner's format check refuses them.
    @ValueSource(strings = {"0", "abc", "-5", "", "5abc", "1e3"})
    void aRoundWithoutAPositiveThroughputFailsTheRunThoughTheMedianWouldDropIt(String throughput)
            throws Exception {
        Run run = run("FAKE_FAULTS", "java:lookup-bench:throughput=" + throughput + "@2", "NETIPC_BENCH_C", withC());

        assertFailedWithoutOutput(run);
        assertThat(run.stderr()).contains("FAIL  lookup java at 0/s, round 2: client's row counts no throughput: "
                + "lookup,java,java," + throughput + ",2,", "1 failed runs;");
    }

    @Test
    void aFractionalThroughputIsAThroughput() throws Exception {
        Run run = run("FAKE_FAULTS", "java:lookup-bench:throughput=250.5@2", "NETIPC_BENCH_C", withC());

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(lines(out.resolve("benchmarks-posix-rounds.csv"))).contains(
                "lookup,java,java,0,250.5,2,20,30,50.0,0.000,50.000");
        assertNothingLeftRunning();
    }

    @Test
    void aServerThatNeverPrintsReadyOrDiesFailsItsRow() throws Exception {
        Run run = run("FAKE_FAULTS", "java:snapshot-server:no-ready java:uds-batch-ping-pong-server:die "
                + "java:snapshot-shm-server:no-cpu", "NETIPC_BENCH_READY_TIMEOUT", "1");

        assertFailedWithoutOutput(run);
        // "exited before READY", not "no READY within": the runner saw the death rather than waiting it out.
        assertThat(run.stderr()).contains("FAIL  snapshot-baseline java client -> java server at 0/s, round 1: "
                + "server printed no READY within 1 s", "FAIL  uds-batch-ping-pong java client -> java server at "
                + "0/s, round 1: server exited before READY", "server.err: fake: crashed", "FAIL  snapshot-shm java "
                + "client -> java server at 0/s, round 1: server printed no SERVER_CPU_SEC", "3 failed runs;");
    }

    @Test
    void aHungClientAndAServerThatNeverStopsAreKilled() throws Exception {
        Run run = run("FAKE_FAULTS", "java:uds-ping-pong-client:hang java:shm-ping-pong-server:linger");

        assertFailedWithoutOutput(run);
        int limit = QUICK_MAX_DURATION + SLACK_SECONDS;
        assertThat(run.stderr()).contains("uds-ping-pong java client -> java server at 0/s, round 1: client timed "
                + "out after " + limit + " s", "shm-ping-pong java client -> java server at 0/s, round 1: the server "
                + "did not stop by itself", "shm-ping-pong java client -> java server at 0/s, round 1: server "
                + "printed no SERVER_CPU_SEC", "2 failed runs;");
    }

    @Test
    void anOutputDirectoryThatCannotBeWrittenIsRefusedBeforeAnyRun() throws Exception {
        Run run = run("NETIPC_BENCH_OUT", dir.resolve("missing").toString(), "NETIPC_BENCH_C", withC());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.stderr()).contains("is not a writable directory");
        assertThat(run.stdout()).doesNotContain("ok ");
        assertNothingLeftRunning();
    }

    @Test
    void eachRowIsTheRoundWithTheMedianThroughput() throws Exception {
        Run run = run("NETIPC_BENCH_ROUNDS", Integer.toString(ROUNDS));

        assertThat(run.status()).as(run.stderr()).isZero();
        // The fakes answer 300, 100, 200 in rounds 1, 2, 3 and put the round in p50.
        assertThat(lines(out.resolve("benchmarks-posix-rounds.csv")))
                .filteredOn(line -> line.startsWith("uds-ping-pong,")).extracting(line -> line.split(",")[4])
                .containsExactly("300", "100", "200");
        assertThat(lines(out.resolve("benchmarks-posix.csv"))).contains(
                "uds-ping-pong,java,java,0,200,3,20,30,50.0,8.333,58.333",
                "snapshot-shm,java,java,0,200,3,20,30,50.0,8.333,58.333",
                // Nine lookup rounds answer 300, 100, 200 three times: the median is a 200, here call 6.
                "lookup,java,java,0,200,6,20,30,50.0,0.000,50.000",
                "cgroups-lookup-mixed-16,java,java,0,300,1,20,30,50.0,0.000,50.000")
                .filteredOn(line -> line.startsWith("uds-ping-pong,")).hasSize(1);
        assertThat(lines(out.resolve("benchmarks-posix-rounds.csv"))).filteredOn(line -> line.startsWith("lookup,"))
                .hasSize(ROUNDS * LOOKUP_ROUNDS_PER_ROUND);
        assertThat(Files.readString(out.resolve("benchmarks-posix.md"))).contains("| rounds | 3 interleaved",
                "9 alternating for lookup-bench", "from 3 short rounds");
        assertNothingLeftRunning();
    }

    @Test
    void aSignalStopsTheServerAndTheClientAndRemovesTheRunDirectory() throws Exception {
        Process process = start("FAKE_FAULTS", "java:uds-ping-pong-client:hang java:uds-ping-pong-server:linger",
                "NETIPC_BENCH_TIMEOUT_SLACK", Long.toString(RUN_LIMIT.toSeconds()));
        // Wait until the first pair's server and client run.
        Path pids = fakes.resolve("pids");
        long deadline = System.nanoTime() + SIGNAL_LIMIT.toNanos();
        while (!Files.exists(pids) || lines(pids).size() < 2) {
            assertThat(System.nanoTime() - deadline).as("the first pair did not start").isNegative();
            Thread.sleep(POLL.toMillis());
        }
        assertThat(runningFakes()).hasSize(2);

        process.destroy(); // SIGTERM

        assertThat(process.waitFor(SIGNAL_LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(EXIT_TERM);
        assertNothingLeftRunning();
        assertThat(runDirectories()).isEmpty();
        try (Stream<Path> written = Files.list(out)) {
            assertThat(written).isEmpty();
        }
    }
}
