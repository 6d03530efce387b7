package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.lookup.LookupLabelView;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import tools.jackson.core.JsonGenerator;

/**
 * Field encodings shared by the formatters.
 *
 * <p>Thread-safety: stateless.
 */
final class JsonFields {
    /** Labels are [key, value] pairs under this name (whatever the string format, as in the manifest). */
    private static final String LABELS = "labels";

    private JsonFields() {
    }

    /**
     * Writes an unsigned 64-bit value (raw bits) as a decimal string, because
     * JSON numbers lose precision above 2^53.
     */
    static void writeU64(JsonGenerator json, String name, long rawBits) {
        json.writeStringProperty(name, Long.toUnsignedString(rawBits));
    }

    /**
     * Writes a lookup response: {@code {"generation": "N", "items": [{...}, ...]}},
     * each item's fields written by {@code writeItemFields} for its index.
     */
    static void writeLookupResponse(JsonGenerator json, long generation, int itemCount,
            IntConsumer writeItemFields) {
        json.writeStartObject();
        writeU64(json, "generation", generation);
        json.writeName("items");
        json.writeStartArray();
        for (int i = 0; i < itemCount; i++) {
            json.writeStartObject();
            writeItemFields.accept(i);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * Writes {@code "labels": [[key, value], ...]} for the {@code count} labels
     * {@code labelAt} returns, and then {@code "labels_hex"}, every pair in
     * {@link StringFormat#HEX}, when any key or value {@link StringFormat#needsHex needs it}.
     */
    static void writeLabels(JsonGenerator json, StringFormat strings, int count, IntFunction<LookupLabelView> labelAt) {
        writeLabelPairs(json, LABELS, strings, count, labelAt);
        if (anyNeedsHex(strings, count, labelAt)) {
            writeLabelPairs(json, StringFormat.HEX.fieldName(LABELS), StringFormat.HEX, count, labelAt);
        }
    }

    private static void writeLabelPairs(JsonGenerator json, String name, StringFormat strings, int count,
            IntFunction<LookupLabelView> labelAt) {
        json.writeName(name);
        json.writeStartArray();
        for (int i = 0; i < count; i++) {
            LookupLabelView label = labelAt.apply(i);
            json.writeStartArray();
            strings.writeValue(json, label.key());
            strings.writeValue(json, label.value());
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    private static boolean anyNeedsHex(StringFormat strings, int count, IntFunction<LookupLabelView> labelAt) {
        for (int i = 0; i < count; i++) {
            LookupLabelView label = labelAt.apply(i);
            if (strings.needsHex(label.key()) || strings.needsHex(label.value())) {
                return true;
            }
        }
        return false;
    }
}
