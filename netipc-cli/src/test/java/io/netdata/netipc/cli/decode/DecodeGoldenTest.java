package io.netdata.netipc.cli.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.cli.CliRunner;
import io.netdata.netipc.cli.CliRunner.Result;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.SharedGolden;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code netipc decode} of every golden vector prints the manifest's fields. */
class DecodeGoldenTest {
    static Stream<Named<GoldenEntry>> goldenEntries() {
        return GoldenEntry.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenEntries")
    void rawOutputIsTheManifestFields(GoldenEntry entry) {
        assertThat(decodedJson(entry.decodeArgs("--raw"))).isEqualTo(entry.fields());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenEntries")
    void textOutputIsTheManifestFieldsWithStringsAsText(GoldenEntry entry) {
        assertThat(decodedJson(entry.decodeArgs())).isEqualTo(TextFields.fromRaw(entry.fields()));
    }

    @Test
    void everyTypeHasGoldenVectors() {
        Set<String> covered = SharedGolden.manifest().stream()
                .map(entry -> GoldenEntry.cliType(entry.get("type").asString()))
                .collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(MessageType.cliNames());
    }

    /** Runs a decode that must succeed and returns its one line of output, parsed. */
    private static JsonNode decodedJson(String... args) {
        Result result = CliRunner.run(args);
        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).endsWith("\n");
        assertThat(result.outLines()).hasSize(1);
        return JsonMapper.shared().readTree(result.out());
    }
}
