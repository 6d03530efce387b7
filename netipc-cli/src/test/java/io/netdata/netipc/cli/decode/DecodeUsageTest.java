package io.netdata.netipc.cli.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.cli.CliRunner;
import io.netdata.netipc.cli.CliRunner.Result;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.SharedGolden;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Command-line mistakes print one line on standard error and exit 2; help exits 0. */
class DecodeUsageTest {
    private static final String HEADER = SharedGolden.path("valid/header_request.bin").toString();
    private static final String BATCH = SharedGolden.path("valid/batch_one.bin").toString();
    private static final String MISSING = SharedGolden.path("valid/no_such_file.bin").toString();
    private static final String DIRECTORY = SharedGolden.path("valid").toString();

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                usage("no command", "missing command"),
                usage("unknown command", "Unmatched argument", "frobnicate"),
                usage("no type", "--type", "decode", HEADER),
                usage("type without value", "--type", "decode", "--type"),
                usage("unknown type", "unknown message type 'bogus'", "decode", "--type", "bogus", HEADER),
                usage("type with the wrong spelling", "unknown message type 'chunk_header'",
                        "decode", "--type", "chunk_header", HEADER),
                usage("batch without items", "--items N is required", "decode", "--type", "batch", BATCH),
                usage("items for another type", "--items applies only to --type batch",
                        "decode", "--type", "header", "--items", "1", HEADER),
                usage("negative items", "--items must be between 0 and 4294967295",
                        "decode", "--type", "batch", "--items", "-1", BATCH),
                usage("items above u32", "--items must be between 0 and 4294967295",
                        "decode", "--type", "batch", "--items", "4294967296", BATCH),
                usage("items not a number", "--items", "decode", "--type", "batch", "--items", "three", BATCH),
                usage("unknown option", "Unknown option: '--pretty'", "decode", "--type", "header", "--pretty"),
                usage("two files", "Unmatched argument", "decode", "--type", "header", HEADER, HEADER),
                usage("missing file", "cannot read " + MISSING + ": no such file",
                        "decode", "--type", "header", MISSING),
                usage("directory", "cannot read " + DIRECTORY, "decode", "--type", "header", DIRECTORY),
                usage("missing hex-lines file", "no such file", "decode", "--type", "header", "--hex-lines",
                        MISSING));
    }

    private static Arguments usage(String name, String expectedMessage, String... args) {
        return Arguments.of(name, expectedMessage, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void printsOneLineAndExits2(String name, String expectedMessage, String[] args) {
        Result result = CliRunner.run(args);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("netipc").contains(expectedMessage);
            assertThat(line).doesNotContain("Exception", "\tat ");
        });
    }

    @Test
    void decodeHelpListsTypesOutputAndExamples() {
        Result result = CliRunner.run("decode", "--help");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("--type", "--items", "--raw", "--hex-lines", "U+FFFD", "BAD_HEX",
                "Exit codes:", "Examples:", "netipc decode --type");
        MessageType.cliNames().forEach(type -> assertThat(result.out()).contains(type));
    }

    @Test
    void toolHelpListsTheCommands() {
        Result result = CliRunner.run("--help");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("Usage: netipc", "decode");
    }

    @Test
    void fileNamedDashIsStandardInput() {
        Result result = CliRunner.runWithInput("AAAAAAAA", "decode", "--type", "increment", "-");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).isEqualTo("{\"value\": \"4702111234474983745\"}\n");
    }
}
