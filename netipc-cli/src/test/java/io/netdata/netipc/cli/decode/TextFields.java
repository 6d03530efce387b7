package io.netdata.netipc.cli.decode;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The text-mode output expected for manifest fields, derived with the rules
 * {@code netipc decode} documents: a {@code X_hex} field becomes {@code X} with
 * the bytes as UTF-8 text; {@code labels} pairs and {@code paths} entries become
 * text under the same names; batch items stay hex.
 */
final class TextFields {
    private static final String HEX_SUFFIX = "_hex";
    private static final String LABELS = "labels";
    private static final String PATHS = "paths";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TextFields() {
    }

    static JsonNode fromRaw(JsonNode raw) {
        if (raw.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            raw.values().forEach(element -> copy.add(fromRaw(element)));
            return copy;
        }
        if (!raw.isObject()) {
            return raw;
        }
        ObjectNode text = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : raw.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.endsWith(HEX_SUFFIX)) {
                text.set(name.substring(0, name.length() - HEX_SUFFIX.length()), hexToText(value));
            } else if (name.equals(LABELS) || name.equals(PATHS)) {
                text.set(name, hexToText(value));
            } else {
                text.set(name, fromRaw(value));
            }
        }
        return text;
    }

    /** A hex string, or arrays of them at any depth, as UTF-8 text. */
    private static JsonNode hexToText(JsonNode hex) {
        if (hex.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            hex.values().forEach(element -> copy.add(hexToText(element)));
            return copy;
        }
        return NODES.stringNode(new String(HexFormat.of().parseHex(hex.asString()), StandardCharsets.UTF_8));
    }
}
