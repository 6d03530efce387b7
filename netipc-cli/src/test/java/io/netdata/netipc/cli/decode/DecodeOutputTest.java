package io.netdata.netipc.cli.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.cli.CliRunner;
import io.netdata.netipc.cli.CliRunner.Result;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.SharedGolden;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.StringReverseEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exact text {@code netipc decode} prints for single messages. */
class DecodeOutputTest {
    private static final String REPLACEMENT_CHARACTER = "\uFFFD";

    @Test
    void printsOneCompactLineWithSpacesAfterSeparators() {
        Result result = decodeGolden("header", "header_request.bin");

        assertThat(result.out()).isEqualTo("{\"magic\": 1313427523, \"version\": 1, \"header_len\": 32, \"kind\": 1,"
                + " \"flags\": 0, \"code\": 1, \"transport_status\": 0, \"payload_len\": 8, \"item_count\": 1,"
                + " \"message_id\": \"1\"}\n");
    }

    @Test
    void printsUnsigned64BitValuesAsDecimalStrings() {
        Result result = decodeGolden("increment", "increment_max.bin");

        assertThat(result.out()).isEqualTo("{\"value\": \"18446744073709551615\"}\n");
    }

    @Test
    void printsUtf8StringsAsText() {
        Result result = decodeGolden("string-reverse", "string_reverse_utf8.bin");

        assertThat(result.out()).isEqualTo("{\"string\": \"h\u00e9llo w\u00f6rld \u2713\"}\n");
    }

    @Test
    void printsLabelsAsTextPairs() {
        Result result = decodeGolden("cgroups-lookup-response", "cgroups_lookup_response_known_labels.bin");

        assertThat(result.out()).isEqualTo("{\"generation\": \"100\", \"items\": [{\"status\": 0, \"orchestrator\": 2,"
                + " \"path\": \"/sys/fs/cgroup/docker/abc\", \"name\": \"nginx\", \"labels\": [[\"image\","
                + " \"nginx:1.27\"], [\"team\", \"\"]]}]}\n");
    }

    @Test
    void replacesInvalidUtf8InTextButKeepsTheExactBytesWithRaw() {
        byte[] message = StringReverseEncoder.encode(ByteString.of(new byte[] {(byte) 0xFF, 'o', 'k'}));

        Result text = CliRunner.runWithInput(message, "decode", "--type", "string-reverse");
        Result raw = CliRunner.runWithInput(message, "decode", "--type", "string-reverse", "--raw");

        assertThat(text.out()).isEqualTo("{\"string\": \"" + REPLACEMENT_CHARACTER + "ok\"}\n");
        assertThat(raw.out()).isEqualTo("{\"string_hex\": \"ff6f6b\"}\n");
    }

    @Test
    void escapesControlCharactersInText() {
        byte[] message = StringReverseEncoder.encode(ByteString.of(new byte[] {'a', 0, '"', '\n'}));

        Result text = CliRunner.runWithInput(message, "decode", "--type", "string-reverse", "-");

        assertThat(text.out()).isEqualTo("{\"string\": \"a\\u0000\\\"\\n\"}\n");
    }

    @Test
    void printsBatchItemsAsHexInTextMode() {
        Result result = CliRunner.run("decode", "--type", "batch", "--items", "4",
                SharedGolden.path("valid/batch_with_empty_items.bin").toString());

        assertThat(result.out())
                .isEqualTo("{\"items\": [\"\", \"20\", \"\", \"5e656c737a8188\"], \"item_count\": 4}\n");
    }

    @Test
    void readsStandardInputWithoutAFileArgument() {
        byte[] message = "\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);

        Result result = CliRunner.runWithInput(message, "decode", "--type", "increment");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).isEqualTo("{\"value\": \"1\"}\n");
    }

    private static Result decodeGolden(String type, String file) {
        Result result = CliRunner.run("decode", "--type", type, SharedGolden.path("valid/" + file).toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.err()).isEmpty();
        return result;
    }
}
