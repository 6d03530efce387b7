package io.netdata.netipc.cli.decode.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.cli.json.JsonLines;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code call} command's JSON ({@link StringFormat#TEXT_AND_HEX}) keeps
 * the text and adds the exact bytes only where the text loses them.
 */
class StringFormatTest {
    private static final int CAPACITY = 4096;
    private static final long GENERATION = 7;
    private static final String REPLACEMENT = "\uFFFD";

    @Test
    void addsHexFieldsOnlyForStringsThatAreNotUtf8() {
        CgroupsLookupResponseView response = response(
                lookupItem("2f78ff", "78ff", List.of(new LookupLabel(ByteString.fromHex("6bfe"),
                        ByteString.utf8("v")))),
                lookupItem("2f636166c3a9", "636166c3a9", List.of(LookupLabel.of("k", "v"))));

        assertThat(write(StringFormat.TEXT_AND_HEX, response)).isEqualTo("{\"generation\": \"7\", \"items\": ["
                + "{\"status\": 0, \"orchestrator\": 2, \"path\": \"/x" + REPLACEMENT + "\", \"path_hex\": \"2f78ff\","
                + " \"name\": \"x" + REPLACEMENT + "\", \"name_hex\": \"78ff\", \"labels\": [[\"k" + REPLACEMENT
                + "\", \"v\"]], \"labels_hex\": [[\"6bfe\", \"76\"]]}, "
                + "{\"status\": 0, \"orchestrator\": 2, \"path\": \"/caf\u00e9\", \"name\": \"caf\u00e9\","
                + " \"labels\": [[\"k\", \"v\"]]}]}\n");
    }

    @Test
    void theDecodeFormatsAreUnchanged() {
        CgroupsLookupResponseView response = response(lookupItem("2f78ff", "6e", List.of()));

        assertThat(write(StringFormat.TEXT, response)).contains("\"path\": \"/x" + REPLACEMENT + "\", \"name\"")
                .doesNotContain("_hex");
        assertThat(write(StringFormat.HEX, response)).contains("\"path_hex\": \"2f78ff\", \"name_hex\": \"6e\"")
                .doesNotContain("\"path\"");
    }

    private record LookupItem(ByteString path, ByteString name, List<LookupLabel> labels) {
    }

    private static LookupItem lookupItem(String pathHex, String nameHex, List<LookupLabel> labels) {
        return new LookupItem(ByteString.fromHex(pathHex), ByteString.fromHex(nameHex), labels);
    }

    private static CgroupsLookupResponseView response(LookupItem... items) {
        ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
        CgroupsLookupResponseBuilder builder = new CgroupsLookupResponseBuilder().reset(buffer, 0, CAPACITY,
                items.length, GENERATION);
        for (LookupItem item : items) {
            builder.add(CgroupLookupStatus.KNOWN, Orchestrator.DOCKER, item.path(), item.name(), item.labels());
        }
        return new CgroupsLookupResponseView().wrap(buffer, 0, builder.finish());
    }

    private static String write(StringFormat strings, CgroupsLookupResponseView response) {
        StringWriter out = new StringWriter();
        try (JsonLines lines = new JsonLines(out)) {
            new CgroupsLookupResponseFormatter().write(lines.generator(), strings, response);
            lines.endLine();
        }
        return out.toString();
    }
}
