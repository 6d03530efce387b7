package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.BytesView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import tools.jackson.core.JsonGenerator;

/**
 * How wire strings (bytes, not guaranteed UTF-8) appear in the JSON output.
 *
 * <p>Thread-safety: immutable.
 */
public enum StringFormat {
    /**
     * The bytes decoded as UTF-8, under the field's plain name ({@code name},
     * {@code path}, ...). Malformed UTF-8 sequences become U+FFFD, so the text is
     * lossy for such strings; {@link #HEX} is exact.
     */
    TEXT("") {
        @Override
        String render(byte[] bytes, int from, int length) {
            return new String(bytes, from, length, StandardCharsets.UTF_8);
        }
    },
    /**
     * Lowercase hex of the exact bytes, under the field's name plus {@code _hex}
     * ({@code name_hex}, ...), as in the golden manifest.
     */
    HEX("_hex") {
        @Override
        String render(byte[] bytes, int from, int length) {
            return HEX_DIGITS.formatHex(bytes, from, from + length);
        }
    };

    private static final HexFormat HEX_DIGITS = HexFormat.of();

    private final String nameSuffix;

    StringFormat(String nameSuffix) {
        this.nameSuffix = nameSuffix;
    }

    /** The JSON field name of the string field called {@code name}. */
    public String fieldName(String name) {
        return name + nameSuffix;
    }

    /** Writes {@code "<fieldName(name)>": <bytes>}. */
    public void writeField(JsonGenerator json, String name, BytesView bytes) {
        json.writeName(fieldName(name));
        writeValue(json, bytes);
    }

    /** Writes {@code bytes} as one JSON string. */
    public void writeValue(JsonGenerator json, BytesView bytes) {
        ByteBuffer buffer = bytes.buffer();
        if (buffer.hasArray()) {
            json.writeString(render(buffer.array(), buffer.arrayOffset() + bytes.offset(), bytes.length()));
        } else {
            json.writeString(render(bytes.toByteArray(), 0, bytes.length()));
        }
    }

    abstract String render(byte[] bytes, int from, int length);
}
