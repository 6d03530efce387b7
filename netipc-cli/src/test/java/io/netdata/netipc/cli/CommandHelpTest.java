package io.netdata.netipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every command has help with an example; a missing kind is a usage error, never a stack trace. */
class CommandHelpTest {
    /** Every command of the tool, the root ("") included, as typed after {@code netipc}. */
    static Stream<String> everyCommand() {
        return commands(NetIpcCli.newCommandLine(new ByteArrayInputStream(new byte[0])), "");
    }

    private static Stream<String> commands(CommandLine command, String name) {
        return Stream.concat(Stream.of(name), command.getSubcommands().entrySet().stream()
                .flatMap(sub -> commands(sub.getValue(), (name + " " + sub.getKey()).strip())));
    }

    @Test
    void theCommandListReachesEveryKind() {
        assertThat(everyCommand()).contains("", "decode", "watch", "watch cgroups-snapshot", "status",
                "call apps-lookup", "serve apps-lookup").hasSize(17);
    }

    @ParameterizedTest(name = "netipc {0} --help")
    @MethodSource("everyCommand")
    void everyCommandHasHelpWithAnExample(String command) {
        String[] args = (command + " --help").strip().split(" ");
        CliRunner.Result help = CliRunner.run(args);

        assertThat(help.exitCode()).isZero();
        assertThat(help.outLines()).anySatisfy(line -> assertThat(line).startsWith(("Usage: netipc " + command)
                .strip()));
        assertThat(help.out()).contains("Example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"call", "serve", "watch"})
    void aMissingKindIsAUsageError(String command) {
        CliRunner.Result missing = CliRunner.run(command);

        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("missing KIND").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"call increment --run-dir /tmp --service s --value x",
        "call increment --run-dir /tmp --service s --value 1 --timeout 0",
        "call increment --run-dir /tmp --service s --value 1 --profiles udp",
        "call increment --run-dir /tmp --service s/x --value 1",
        "call apps-lookup --run-dir /tmp --service s --pid 4294967296",
        "watch cgroups-snapshot --run-dir /tmp --service s --interval 0",
        "serve cgroups-snapshot --run-dir /tmp --service s --data /nonexistent/data.json"})
    void badValuesAreUsageErrorsOnOneLine(String command) {
        CliRunner.Result bad = CliRunner.run(command.split(" "));

        assertThat(bad.exitCode()).as(bad.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err().lines()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"call increment --run-dir /tmp --service s --value x --debug"})
    void debugAddsTheStackTrace(String command) {
        CliRunner.Result bad = CliRunner.run(command.split(" "));

        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("\tat ");
    }
}
