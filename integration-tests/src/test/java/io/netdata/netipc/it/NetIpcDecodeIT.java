package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.it.Launchers.Result;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code netipc decode}, run through the {@code ./netipc} launcher. */
class NetIpcDecodeIT {
    private static final int HEX_LINES = 20_000;
    private static final String OK_LINE_START = "{\"ok\": true, \"value\": {\"magic\": 1313427523";
    private static final String TRUNCATED_LINE = "{\"ok\": false, \"error\": \"TRUNCATED\"}";
    private static final String BAD_HEX_LINE = "{\"ok\": false, \"error\": \"BAD_HEX\"}";

    @TempDir
    Path work;

    @Test
    void decodesAGoldenFile() throws Exception {
        Result result = Launchers.run(work, Launchers.netipc(), null, "decode", "--type", "cgroups-lookup-response",
                golden("cgroups_lookup_response_known_labels.bin").toString());

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\"generation\": \"100\", \"items\": [{\"status\": 0, \"orchestrator\": 2,"
                + " \"path\": \"/sys/fs/cgroup/docker/abc\", \"name\": \"nginx\", \"labels\": [[\"image\","
                + " \"nginx:1.27\"], [\"team\", \"\"]]}]}\n");
    }

    @Test
    void decodesAGoldenFileFromStandardInputWithRaw() throws Exception {
        Result result = Launchers.run(work, Launchers.netipc(), golden("hello_ack_shm.bin"), "decode", "--type",
                "hello-ack", "--raw", "-");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\"layout_version\": 1, \"flags\": 0, \"server_supported_profiles\": 3,"
                + " \"intersection_profiles\": 3, \"selected_profile\": 2, \"agreed_max_request_payload_bytes\": 8192,"
                + " \"agreed_max_request_batch_items\": 64, \"agreed_max_response_payload_bytes\": 1048576,"
                + " \"agreed_max_response_batch_items\": 64, \"agreed_packet_size\": 65536,"
                + " \"session_id\": \"3735928559\"}\n");
    }

    @Test
    void malformedMessageExits1() throws Exception {
        Result result = Launchers.run(work, Launchers.netipc(), null, "decode", "--type", "hello",
                golden("header_request.bin").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(TRUNCATED_LINE + "\n");
    }

    @Test
    void usageErrorExits2WithOneLine() throws Exception {
        Result result = Launchers.run(work, Launchers.netipc(), null, "decode", "--type", "nope");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).singleElement().asString().startsWith("netipc decode:");
    }

    @Test
    void decodesTwentyThousandHexLines() throws Exception {
        List<HexLine> samples = List.of(
                new HexLine(hex(golden("header_request.bin")), OK_LINE_START),
                new HexLine(hex(golden("header_response_batch.bin")), OK_LINE_START),
                new HexLine(hex(golden("header_control_hello.bin")), OK_LINE_START),
                new HexLine("4350494e0100", TRUNCATED_LINE),
                new HexLine("not hex", BAD_HEX_LINE));
        Path input = work.resolve("lines.txt");
        try (BufferedWriter writer = Files.newBufferedWriter(input)) {
            for (int i = 0; i < HEX_LINES; i++) {
                writer.write(samples.get(i % samples.size()).hex());
                writer.newLine();
            }
        }

        Result result = Launchers.run(work, Launchers.netipc(), input, "decode", "--type", "header", "--hex-lines");

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        List<String> lines = result.outLines();
        assertThat(lines).hasSize(HEX_LINES);
        for (int i = 0; i < HEX_LINES; i++) {
            assertThat(lines.get(i)).as("line %d", i + 1).startsWith(samples.get(i % samples.size()).expected());
        }
    }

    /** One input line and the start of the output line it must produce. */
    private record HexLine(String hex, String expected) {
    }

    private static Path golden(String file) {
        return SharedGolden.path(SharedGolden.VALID_DIR).resolve(file);
    }

    private static String hex(Path file) throws IOException {
        return HexFormat.of().formatHex(Files.readAllBytes(file));
    }
}
