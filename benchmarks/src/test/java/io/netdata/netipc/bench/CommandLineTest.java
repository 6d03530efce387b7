package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments and exit statuses, as the reference's: 1 for every failure, usage on stderr. */
class CommandLineTest {
    @TempDir
    Path dir;

    private static void assertUsage(Cli.Result result) {
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("Usage:\n").contains("  bench_posix uds-ping-pong-server ")
                .contains("  bench_posix lookup-method-bench ");
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertUsage(Cli.run());
    }

    @Test
    void anUnknownSubcommandIsNamedBeforeTheUsage() {
        for (String command : new String[] {"foo", "uds-ping-pong", "uds-ping-pong-serverx", "lookup", "-server",
            "uds-pipeline-client"}) {
            Cli.Result result = Cli.run(command, dir.toString(), "svc", "1", "0");
            assertThat(result.status()).as(command).isEqualTo(1);
            assertThat(result.err()).as(command).startsWith("Unknown subcommand: " + command + "\nUsage:\n");
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void missingArgumentsAreAUsageErrorWithoutUnknownSubcommand() {
        String run = dir.toString();
        String[][] calls = {{"uds-ping-pong-server", run}, {"snapshot-shm-server"}, {"uds-ping-pong-client", run,
            "svc", "1"}, {"shm-batch-ping-pong-client", run, "svc"}, {"lookup-bench"}, {"lookup-method-bench", "1",
            "cgroups-lookup-known-16"}};
        for (String[] call : calls) {
            Cli.Result result = Cli.run(call);
            assertUsage(result);
            assertThat(result.err()).doesNotContain("Unknown subcommand");
        }
    }

    @Test
    void aNumberThatDoesNotParseIsAUsageError() {
        assertUsage(Cli.run("uds-ping-pong-client", dir.toString(), "svc", "one", "0"));
        assertUsage(Cli.run("uds-ping-pong-client", dir.toString(), "svc", "1", "-5"));
        assertUsage(Cli.run("lookup-bench", "x"));
        assertUsage(Cli.run("lookup-method-bench", "1", "cgroups-lookup-known-16", "fast"));
    }

    @Test
    void aScenarioTheReferenceRefusesFailsWithItsMessage() {
        Cli.Result result = Cli.run("lookup-method-bench", "1", "cgroups-lookup-known-17", "0");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("lookup-method-bench: invalid scenario: cgroups-lookup-known-17\n");
    }

    @Test
    void theScenarioIsPrintedAsGiven() {
        Cli.Result result = Cli.run("lookup-method-bench", "0", "cgroups-lookup-known- 16", "0");
        assertThat(result.status()).isZero();
        assertThat(result.out()).matches("cgroups-lookup-known- 16,java,java,0,0,0,0,\\d+\\.\\d,0\\.0,\\d+\\.\\d\n");
    }

    @Test
    void aRefusedRunDirectoryFailsBeforeAnythingStarts() {
        Cli.Result result = Cli.run("uds-ping-pong-server", "relative/dir", "svc", "1");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("run directory must be an absolute path without '..': relative/dir\n");

        result = Cli.run("snapshot-client", dir.resolve("missing").toString(), "svc", "1", "0");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("run directory must exist and not be a symlink: " + dir.resolve("missing")
                + "\n");
    }
}
