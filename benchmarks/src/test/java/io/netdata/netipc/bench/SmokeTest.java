package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Short Java↔Java runs of every scenario in this JVM (1 s each), checking the CSV line. */
class SmokeTest {
    private static final String NUMBERS = ",(\\d+),(\\d+),(\\d+),(\\d+),(\\d+\\.\\d),0\\.0,(\\d+\\.\\d)\n";

    @TempDir
    Path dir;

    private static long throughput(String line, String scenario, String server) {
        Matcher m = Pattern.compile(Pattern.quote(scenario + ",java," + server) + NUMBERS).matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        assertThat(m.group(5)).isEqualTo(m.group(6));
        return Long.parseLong(m.group(1));
    }

    @ParameterizedTest
    @CsvSource({"uds-ping-pong, uds-ping-pong, 0", "shm-ping-pong, shm-ping-pong, 0",
        "uds-batch-ping-pong, uds-batch-ping-pong, 0", "shm-batch-ping-pong, shm-batch-ping-pong, 0",
        "snapshot, snapshot-baseline, 0", "snapshot-shm, snapshot-shm, 0", "uds-ping-pong, uds-ping-pong, 500"})
    void aPairRunsAndPrintsItsLine(String command, String scenario, long rate) throws Exception {
        String service = "smoke-" + command;
        try (Cli.Server server = new Cli.Server(command + "-server", dir.toString(), service, "0")) {
            assertThat(server.awaitReady()).as(server.out()).isTrue();
            Cli.Result client = Cli.run(command + "-client", dir.toString(), service, "1", Long.toString(rate));
            assertThat(client.err()).isEmpty();
            assertThat(client.status()).isZero();
            long throughput = throughput(client.out(), scenario, "java");
            assertThat(throughput).isPositive();
            if (rate > 0) {
                // The limiter never lets a call go early: at most one call above rate × window.
                assertThat(throughput).isLessThanOrEqualTo(rate + 2);
            }
            Cli.Result stopped = server.stop();
            assertThat(stopped.status()).isZero();
            assertThat(stopped.out()).matches("READY\nSERVER_CPU_SEC=\\d+\\.\\d{6}\n");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("files the server left").isEmpty();
        }
    }

    @Test
    void lookupBenchRunsAndRemovesItsDirectory() throws Exception {
        String line = LookupBenches.lookupBench(1, dir) + "\n";
        assertThat(throughput(line, "lookup", "java")).isPositive();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void lookupMethodBenchRunsBothMethods() {
        for (String scenario : new String[] {"cgroups-lookup-mixed-16", "apps-lookup-known-256"}) {
            Cli.Result result = Cli.run("lookup-method-bench", "1", scenario, "0");
            assertThat(result.err()).isEmpty();
            assertThat(result.status()).isZero();
            assertThat(throughput(result.out(), scenario, "java")).isPositive();
        }
    }
}
