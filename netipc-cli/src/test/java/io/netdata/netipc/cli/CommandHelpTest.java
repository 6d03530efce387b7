package io.netdata.netipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command has help with an example; a missing kind is a usage error, never a stack trace. */
class CommandHelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"call", "call increment", "call string-reverse", "call cgroups-snapshot",
        "call cgroups-lookup", "call apps-lookup", "serve", "serve increment", "serve string-reverse",
        "serve cgroups-snapshot", "serve cgroups-lookup", "serve apps-lookup", "watch cgroups-snapshot", "status"})
    void everyCommandHasHelpWithAnExample(String command) {
        CliRunner.Result help = CliRunner.run((command + " --help").split(" "));

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: netipc " + command).contains("Example");
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
