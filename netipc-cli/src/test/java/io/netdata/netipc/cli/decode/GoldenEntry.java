package io.netdata.netipc.cli.decode;

import io.netdata.netipc.cli.SharedGolden;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import tools.jackson.databind.JsonNode;

/** One entry of the golden manifest, and the {@code netipc decode} command line for its file. */
record GoldenEntry(String file, String manifestType, JsonNode fields) {

    /** Every manifest entry, named by its file for test reports. */
    static Stream<Named<GoldenEntry>> all() {
        return SharedGolden.manifest().stream()
                .map(entry -> new GoldenEntry(entry.get("file").asString(), entry.get("type").asString(),
                        entry.get("fields")))
                .map(entry -> Named.of(entry.file(), entry));
    }

    /** The {@code --type} name: the manifest's type with dashes for underscores. */
    static String cliType(String manifestType) {
        return manifestType.replace('_', '-');
    }

    /** {@code decode --type T [--items N] extraOptions... FILE}. */
    String[] decodeArgs(String... extraOptions) {
        List<String> args = new ArrayList<>(List.of("decode", "--type", cliType(manifestType)));
        if (MessageType.fromCliName(cliType(manifestType)).orElseThrow().needsItemCount()) {
            args.add("--items");
            args.add(fields.get("item_count").asString());
        }
        Collections.addAll(args, extraOptions);
        args.add(SharedGolden.path(file).toString());
        return args.toArray(String[]::new);
    }
}
