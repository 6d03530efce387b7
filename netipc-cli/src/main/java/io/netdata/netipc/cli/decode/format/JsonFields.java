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

    /** Writes {@code "labels": [[key, value], ...]} for the {@code count} labels {@code labelAt} returns. */
    static void writeLabels(JsonGenerator json, StringFormat strings, int count, IntFunction<LookupLabelView> labelAt) {
        json.writeName("labels");
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
}
