package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.cli.common.Utf8;
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
    },
    /**
     * Lossless text, for the {@code call} command: {@link #TEXT} under the plain
     * name and, only when the bytes are not valid UTF-8 (so the text holds
     * U+FFFD and distinct strings may read alike), also {@link #HEX} under the
     * {@code _hex} name, as {@code decode --raw} names it. Readers of UTF-8
     * strings, the common case, see plain text; the exact bytes are never lost.
     */
    TEXT_AND_HEX("") {
        @Override
        String render(byte[] bytes, int from, int length) {
            return TEXT.render(bytes, from, length);
        }

        @Override
        public boolean needsHex(BytesView bytes) {
            return !Utf8.isValid(bytes);
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

    /**
     * Writes {@code "<fieldName(name)>": <bytes>}, followed by the field in
     * {@link #HEX} when {@link #needsHex} says so.
     */
    public void writeField(JsonGenerator json, String name, BytesView bytes) {
        json.writeName(fieldName(name));
        writeValue(json, bytes);
        if (needsHex(bytes)) {
            HEX.writeField(json, name, bytes);
        }
    }

    /** Whether {@code bytes}, written in this format, need their {@link #HEX} form as well to be exact. */
    public boolean needsHex(BytesView bytes) {
        return false;
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
