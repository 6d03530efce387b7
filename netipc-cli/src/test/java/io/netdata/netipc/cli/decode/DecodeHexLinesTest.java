package io.netdata.netipc.cli.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.cli.CliRunner;
import io.netdata.netipc.cli.CliRunner.Result;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.SharedGolden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code netipc decode --hex-lines}: one result line per hex line. */
class DecodeHexLinesTest {
    private static final String HEX_LINES = "--hex-lines";
    private static final String INCREMENT_ONE = "0100000000000000";
    private static final String OK_ONE = "{\"ok\": true, \"value\": {\"value\": \"1\"}}";
    private static final String BAD_HEX = "{\"ok\": false, \"error\": \"BAD_HEX\"}";
    private static final String TRUNCATED = "{\"ok\": false, \"error\": \"TRUNCATED\"}";

    /**
     * Every line of the reference's differential corpus gets the reference's
     * verdict and error class, the corpus' empty inputs included (a blank line is
     * a zero-byte message). Text and raw output must give the same verdicts.
     */
    @ParameterizedTest(name = "raw={0}")
    @ValueSource(booleans = {true, false})
    void verdictsMatchTheDifferentialCorpus(boolean raw) {
        List<JsonNode> corpus = SharedGolden.differential();
        Map<List<String>, List<JsonNode>> groups = corpus.stream()
                .collect(Collectors.groupingBy(line -> decodeArgs(line, raw), LinkedHashMap::new,
                        Collectors.toList()));
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<List<String>, List<JsonNode>> group : groups.entrySet()) {
            List<JsonNode> cases = group.getValue();
            List<JsonNode> outputs = decodeHexLines(group.getKey(), cases);
            for (int i = 0; i < cases.size(); i++) {
                addMismatch(mismatches, group.getKey(), cases.get(i), outputs.get(i));
            }
            compared += cases.size();
        }
        assertThat(mismatches).as("lines whose verdict differs from the reference").isEmpty();
        assertThat(compared).isEqualTo(corpus.size());
    }

    /** Runs {@code decode --hex-lines} over the cases and returns the parsed output lines, one per case. */
    private static List<JsonNode> decodeHexLines(List<String> args, List<JsonNode> cases) {
        String input = cases.stream().map(line -> line.get("hex").asString() + "\n").collect(Collectors.joining());
        Result result = CliRunner.runWithInput(input, args.toArray(String[]::new));
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.err()).isEmpty();
        assertThat(result.outLines()).hasSameSizeAs(cases);
        return result.outLines().stream().map(JsonMapper.shared()::readTree).toList();
    }

    private static void addMismatch(List<String> mismatches, List<String> args, JsonNode line, JsonNode output) {
        String mismatch = mismatch(line, output);
        if (mismatch != null) {
            mismatches.add(args + " " + mismatch);
        }
    }

    private static List<String> decodeArgs(JsonNode line, boolean raw) {
        String type = GoldenEntry.cliType(line.get("decoder").asString());
        List<String> args = new ArrayList<>(List.of("decode", "--type", type, HEX_LINES));
        if (raw) {
            args.add("--raw");
        }
        if (MessageType.fromCliName(type).orElseThrow().needsItemCount()) {
            args.add("--items");
            args.add(line.get("param").asString());
        }
        return args;
    }

    /** Null when {@code output} agrees with the reference's verdict on {@code line}, else a description. */
    private static String mismatch(JsonNode line, JsonNode output) {
        boolean accepted = line.get("accept").asBoolean();
        String hex = line.get("hex").asString();
        boolean ok = output.get("ok").asBoolean();
        if (accepted != ok) {
            return "accept=" + accepted + " but got " + output + " for " + hex;
        }
        if (!accepted && !line.get("error").asString().equals(output.get("error").asString())) {
            return "error " + line.get("error").asString() + " but got " + output + " for " + hex;
        }
        if (accepted && !output.get("value").isObject()) {
            return "no value in " + output;
        }
        return null;
    }

    @Test
    void answersBlankLinesAsEmptyMessagesAndIgnoresSurroundingWhitespace() {
        Result result = decodeIncrements("\n  " + INCREMENT_ONE + "\t\n \n" + INCREMENT_ONE.toUpperCase(Locale.ROOT) + "\r\n");

        assertThat(result.outLines()).containsExactly(TRUNCATED, OK_ONE, TRUNCATED, OK_ONE);
    }

    @Test
    void reportsLinesThatAreNotHex() {
        Result result = decodeIncrements("010\n0x01\n01 02\nzz\n\u00e9\u00e9\n" + INCREMENT_ONE + "\n");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.outLines()).containsExactly(BAD_HEX, BAD_HEX, BAD_HEX, BAD_HEX, BAD_HEX, OK_ONE);
    }

    @Test
    void reportsMalformedMessagesAndGoesOn() {
        Result result = decodeIncrements("01\n" + INCREMENT_ONE);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.outLines()).containsExactly(TRUNCATED, OK_ONE);
    }

    @Test
    void reusesItsBufferForLinesOfAnySize() {
        String longString = "ab".repeat(10_000);
        String longMessage = "08000000" + "10270000" + longString + "00";
        String shortMessage = "08000000" + "01000000" + "ab" + "00";

        Result result = CliRunner.runWithInput(longMessage + "\n" + shortMessage + "\n" + longMessage + "\n",
                "decode", "--type", "string-reverse", "--hex-lines", "--raw");

        String longResult = "{\"ok\": true, \"value\": {\"string_hex\": \"" + longString + "\"}}";
        assertThat(result.outLines()).containsExactly(longResult,
                "{\"ok\": true, \"value\": {\"string_hex\": \"ab\"}}", longResult);
    }

    @Test
    void printsStringsAsTextUnlessRaw() {
        String hello = "080000000500000068656c6c6f00";

        Result text = CliRunner.runWithInput(hello, "decode", "--type", "string-reverse", "--hex-lines");
        Result raw = CliRunner.runWithInput(hello, "decode", "--type", "string-reverse", "--hex-lines", "--raw");

        assertThat(text.outLines()).containsExactly("{\"ok\": true, \"value\": {\"string\": \"hello\"}}");
        assertThat(raw.outLines()).containsExactly("{\"ok\": true, \"value\": {\"string_hex\": \"68656c6c6f\"}}");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws IOException {
        Path lines = Files.writeString(dir.resolve("lines.txt"), INCREMENT_ONE + "\n00\n");

        Result result = CliRunner.run("decode", "--type", "increment", "--hex-lines", lines.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.outLines()).containsExactly(OK_ONE, TRUNCATED);
    }

    @Test
    void printsNothingForEmptyInput() {
        Result result = decodeIncrements("");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEmpty();
    }

    private static Result decodeIncrements(String input) {
        return CliRunner.runWithInput(input, "decode", "--type", "increment", "--hex-lines", "-");
    }
}
