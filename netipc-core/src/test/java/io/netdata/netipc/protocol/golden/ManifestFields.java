package io.netdata.netipc.protocol.golden;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Typed, strict access to the {@code fields} object of a manifest entry (and to
 * the objects nested in it), in the encodings the golden README defines:
 * integers up to 32 bits as JSON numbers, 64-bit values as decimal strings,
 * byte strings as lowercase hex, labels as {@code [key_hex, value_hex]} pairs.
 *
 * <p>Every field read is recorded, so {@link #assertAllRead()} can prove that a
 * comparison used every field the manifest lists.
 */
final class ManifestFields {
    private static final int LABEL_PARTS = 2;

    private final JsonNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();
    private final List<ManifestFields> nested = new ArrayList<>();

    ManifestFields(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new AssertionError(path + " is not a JSON object: " + node);
        }
        this.node = node;
        this.path = path;
    }

    /** A JSON number of up to 16 bits. */
    int u16(String name) {
        return number(name).intValue();
    }

    /** A JSON number of up to 32 bits. */
    long u32(String name) {
        return number(name).longValue();
    }

    /** A 64-bit unsigned value given as a decimal string, as raw bits. */
    long u64(String name) {
        return Long.parseUnsignedLong(field(name).stringValue());
    }

    /** A byte string given as hex. */
    ByteString hex(String name) {
        return ByteString.fromHex(field(name).stringValue());
    }

    /** An array of byte strings given as hex. */
    List<ByteString> hexList(String name) {
        List<ByteString> values = new ArrayList<>();
        for (JsonNode element : array(name)) {
            values.add(ByteString.fromHex(element.stringValue()));
        }
        return values;
    }

    /** An array of JSON numbers of up to 32 bits. */
    long[] u32Array(String name) {
        JsonNode array = array(name);
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).longValue();
        }
        return values;
    }

    /** An array of {@code [key_hex, value_hex]} pairs. */
    List<LookupLabel> labels(String name) {
        List<LookupLabel> labels = new ArrayList<>();
        for (JsonNode pair : array(name)) {
            if (!pair.isArray() || pair.size() != LABEL_PARTS) {
                throw new AssertionError(path + "." + name + " holds a label that is not [key_hex, value_hex]: "
                        + pair);
            }
            labels.add(new LookupLabel(ByteString.fromHex(pair.get(0).stringValue()),
                    ByteString.fromHex(pair.get(1).stringValue())));
        }
        return labels;
    }

    /** An array of objects, each read through its own tracked {@code ManifestFields}. */
    List<ManifestFields> objects(String name) {
        List<ManifestFields> objects = new ArrayList<>();
        JsonNode array = array(name);
        for (int i = 0; i < array.size(); i++) {
            ManifestFields object = new ManifestFields(array.get(i), path + "." + name + "[" + i + "]");
            nested.add(object);
            objects.add(object);
        }
        return objects;
    }

    /** Fails when any field here or in a nested object was never read. */
    void assertAllRead() {
        Set<String> unread = new TreeSet<>(node.propertyNames());
        unread.removeAll(read);
        if (!unread.isEmpty()) {
            throw new AssertionError("manifest fields of " + path + " never compared: " + unread);
        }
        nested.forEach(ManifestFields::assertAllRead);
    }

    private JsonNode number(String name) {
        JsonNode value = field(name);
        if (!value.isIntegralNumber()) {
            throw new AssertionError(path + "." + name + " is not an integer: " + value);
        }
        return value;
    }

    private JsonNode array(String name) {
        JsonNode value = field(name);
        if (!value.isArray()) {
            throw new AssertionError(path + "." + name + " is not an array: " + value);
        }
        return value;
    }

    private JsonNode field(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw new AssertionError(path + " has no field \"" + name + "\": " + node);
        }
        read.add(name);
        return value;
    }
}
