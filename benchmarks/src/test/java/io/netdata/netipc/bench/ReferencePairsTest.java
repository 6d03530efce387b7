package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Opt-in: a Java client against the reference C driver's server and a C client against a Java server, one
 * second of every pair scenario, each answer checked by the client as in the matrix. Runs only when
 * {@code NETIPC_BENCH_C} names a reference {@code bench_posix} built outside the project, so the test
 * command never needs it: {@code NETIPC_BENCH_C=/path/bench_posix_c ./mvnw -B -o test -pl benchmarks -am
 * -Dtest=ReferencePairsTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfEnvironmentVariable(named = ReferencePairsTest.DRIVER_VARIABLE, matches = ".+")
class ReferencePairsTest {
    static final String DRIVER_VARIABLE = "NETIPC_BENCH_C";
    private static final String DURATION_SECONDS = "1";
    private static final String MAX_RATE = "0";
    /** The reference server's own duration: it is stopped by SIGTERM long before. */
    private static final String SERVER_SECONDS = "60";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final long PROCESS_TIMEOUT_SECONDS = 30;
    private static final long POLL_MILLIS = 20;
    private static final int THROUGHPUT_FIELD = 3;

    @TempDir
    Path runDir;
    @TempDir
    Path logs;

    /** The driver's subcommand prefix and the scenario its rows name, for every pair scenario. */
    static Stream<Arguments> scenarios() {
        return Stream.of(Arguments.of("uds-ping-pong", "uds-ping-pong"), Arguments.of("shm-ping-pong", "shm-ping-pong"),
                Arguments.of("uds-batch-ping-pong", "uds-batch-ping-pong"),
                Arguments.of("shm-batch-ping-pong", "shm-batch-ping-pong"),
                Arguments.of("snapshot", "snapshot-baseline"), Arguments.of("snapshot-shm", "snapshot-shm"));
    }

    private static String reference() {
        return System.getenv(DRIVER_VARIABLE);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void aJavaClientRunsAgainstTheReferenceServer(String command, String scenario) throws Exception {
        String service = "ref-server-" + command;
        Path out = logs.resolve(service + ".out");
        Process server = new ProcessBuilder(reference(), command + "-server", runDir.toString(), service,
                SERVER_SECONDS).redirectOutput(out.toFile()).redirectError(logs.resolve(service + ".err").toFile())
                .start();
        try {
            awaitReady(server, out);
            Cli.Result client = Cli.run(command + "-client", runDir.toString(), service, DURATION_SECONDS, MAX_RATE);
            assertThat(client.status()).as(client.err()).isZero();
            assertPositiveRow(client.out(), scenario + ",java,");
            server.destroy();
            assertThat(server.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
            assertThat(Files.readString(out)).contains("SERVER_CPU_SEC=");
        } finally {
            server.destroyForcibly();
            server.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theReferenceClientRunsAgainstAJavaServer(String command, String scenario) throws Exception {
        String service = "ref-client-" + command;
        try (Cli.Server server = new Cli.Server(command + "-server", runDir.toString(), service, "0")) {
            assertThat(server.awaitReady()).as(server.out()).isTrue();
            Path out = logs.resolve(service + ".out");
            Process client = new ProcessBuilder(reference(), command + "-client", runDir.toString(), service,
                    DURATION_SECONDS, MAX_RATE).redirectOutput(out.toFile())
                    .redirectError(logs.resolve(service + ".err").toFile()).start();
            try {
                assertThat(client.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
                assertThat(client.exitValue()).as(Files.readString(logs.resolve(service + ".err"))).isZero();
                assertPositiveRow(Files.readString(out), scenario + ",c,");
            } finally {
                client.destroyForcibly();
                client.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            assertThat(server.stop().status()).isZero();
        }
    }

    private static void awaitReady(Process server, Path out) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!Files.readString(out, StandardCharsets.UTF_8).contains("READY")) {
            assertThat(server.isAlive()).as("the reference server exited before READY").isTrue();
            assertThat(System.nanoTime() - deadline).as("READY within " + READY_TIMEOUT).isNegative();
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** The output has a row starting with {@code prefix} whose throughput is above 0. */
    private static void assertPositiveRow(String output, String prefix) {
        List<String> rows = output.lines().filter(line -> line.startsWith(prefix)).toList();
        assertThat(rows).as(output).hasSize(1);
        assertThat(Double.parseDouble(rows.get(0).split(",")[THROUGHPUT_FIELD])).isPositive();
    }
}
