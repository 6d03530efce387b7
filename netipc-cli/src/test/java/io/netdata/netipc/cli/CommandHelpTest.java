package io.netdata.netipc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every command has help with an example that can be copied as printed; a
 * missing kind is a usage error, never a stack trace.
 */
class CommandHelpTest {
    /** picocli's default usage width, which the tool keeps: every help line must fit in it. */
    private static final int USAGE_WIDTH = 80;
    /** The heading of a block of example command lines. */
    private static final Pattern EXAMPLE_HEADING = Pattern.compile("Examples?:");
    /** How an example line starts: indented, then the command (perhaps after a pipe). */
    private static final String EXAMPLE_INDENT = "  ";
    private static final String COMMAND = "netipc ";
    /** A trailing backslash: the example goes on in the next line, as in a shell. */
    private static final String CONTINUED = " \\";
    /** A line break in picocli's footer strings. */
    private static final String FORMAT_LINE_BREAK = "%n";

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

    /** The help {@code netipc command --help} prints. */
    private static CliRunner.Result help(String command) {
        return CliRunner.run((command + " --help").strip().split(" "));
    }

    /** The picocli command of {@code command} ("call increment", say). */
    private static CommandLine commandLine(String command) {
        CommandLine commandLine = NetIpcCli.newCommandLine(new ByteArrayInputStream(new byte[0]));
        for (String name : command.split(" ")) {
            if (!name.isEmpty()) {
                commandLine = commandLine.getSubcommands().get(name);
            }
        }
        return commandLine;
    }

    @ParameterizedTest(name = "netipc {0} --help")
    @MethodSource("everyCommand")
    void everyCommandHasHelpWithAnExample(String command) {
        CliRunner.Result help = help(command);

        assertThat(help.exitCode()).isZero();
        assertThat(help.outLines()).anySatisfy(line -> assertThat(line).startsWith(("Usage: netipc " + command)
                .strip()));
        assertThat(help.out()).contains("Example");
    }

    @ParameterizedTest(name = "netipc {0} --help")
    @MethodSource("everyCommand")
    void noHelpLineIsWiderThanTheUsageWidth(String command) {
        assertThat(commandLine(command).getUsageHelpWidth()).isEqualTo(USAGE_WIDTH);
        assertThat(help(command).outLines()).allSatisfy(line -> assertThat(line.length()).as(line)
                .isLessThanOrEqualTo(USAGE_WIDTH));
    }

    /**
     * picocli wraps a footer line wider than the usage width wherever the width
     * ends, mid-word or mid-option (and turns {@code $$} into {@code $}): every
     * footer line must come out as written.
     */
    @ParameterizedTest(name = "netipc {0} --help")
    @MethodSource("everyCommand")
    void footersArePrintedAsWritten(String command) {
        List<String> printed = help(command).outLines();
        for (String footer : commandLine(command).getCommandSpec().usageMessage().footer()) {
            for (String line : footer.split(FORMAT_LINE_BREAK)) {
                if (!line.isEmpty()) {
                    assertThat(printed).as("footer line printed whole").contains(line);
                }
            }
        }
    }

    /**
     * Every example, continuation lines joined, is a command line the tool
     * accepts: no example is split where the width ended, and none has a value
     * that picocli's help turned into something else.
     */
    @ParameterizedTest(name = "netipc {0} --help")
    @MethodSource("everyCommand")
    void everyExampleIsOneWholeCommandLine(String command) {
        List<String> examples = examples(help(command).outLines());

        assertThat(examples).isNotEmpty();
        for (String example : examples) {
            String[] args = example.substring(example.lastIndexOf(COMMAND) + COMMAND.length()).split(" +");
            assertThatCode(() -> commandLine("").parseArgs(args)).as(example).doesNotThrowAnyException();
        }
    }

    /**
     * The example command lines of a help text: every line of an "Example:"
     * block starts a command ({@code netipc ...} or {@code ... | netipc ...}) or
     * goes on with the previous one, which ends with a backslash.
     */
    private static List<String> examples(List<String> help) {
        List<String> examples = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder example = null;
        for (String line : help) {
            if (EXAMPLE_HEADING.matcher(line).matches()) {
                inBlock = true;
            } else if (inBlock && line.isBlank()) {
                inBlock = false;
            } else if (inBlock) {
                if (example == null) {
                    assertThat(line).as("an example line starts a command").startsWith(EXAMPLE_INDENT)
                            .contains(COMMAND);
                    example = new StringBuilder();
                } else {
                    example.append(' ');
                }
                example.append(line.strip());
                if (line.endsWith(CONTINUED)) {
                    example.setLength(example.length() - CONTINUED.length());
                } else {
                    examples.add(example.toString());
                    example = null;
                }
            }
        }
        assertThat(example).as("the last example is not left continued").isNull();
        return examples;
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
        "call cgroups-lookup --run-dir /tmp --service s",
        "call cgroups-lookup --run-dir /tmp --service s --path /a --path-hex 2f7",
        "call cgroups-lookup --run-dir /tmp --service s --path-hex 2fzz",
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
