package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.u32;
import static io.netdata.netipc.protocol.internal.NativeBytes.u8;

import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Zero-copy view of a STRING_REVERSE request or response: a u32 string offset
 * (always 8), a u32 length, the bytes and a NUL terminator.
 *
 * <p>As in the reference, bytes inside the string are not inspected (an
 * interior NUL decodes) and bytes after the terminator are accepted.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral, like {@link MessageHeaderView};
 * {@link #string()} points into the same buffer.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class StringReverseView {
    /** Size of the fixed header (offset and length). */
    public static final int HEADER_SIZE = 8;

    static final int OFF_STRING_OFFSET = 0;
    static final int OFF_STRING_LENGTH = 4;

    private final BytesView string = new BytesView();

    /**
     * Validates and wraps the payload at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED, BAD_LAYOUT, OUT_OF_BOUNDS or MISSING_NUL
     */
    public StringReverseView wrap(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        Checks.requireLength(length, HEADER_SIZE, "string_reverse payload");
        long stringOffset = u32(buffer, offset + OFF_STRING_OFFSET);
        long stringLength = u32(buffer, offset + OFF_STRING_LENGTH);
        if (stringOffset != HEADER_SIZE) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "string_reverse offset must be " + HEADER_SIZE);
        }
        if (stringOffset + stringLength + 1 > length) {
            throw Checks.fail(CodecError.OUT_OF_BOUNDS, "string_reverse length " + stringLength);
        }
        if (u8(buffer, offset + (int) (stringOffset + stringLength)) != 0) {
            throw Checks.fail(CodecError.MISSING_NUL, "string_reverse terminator");
        }
        string.wrap(buffer, offset + (int) stringOffset, (int) stringLength);
        return this;
    }

    /** Decodes the payload in {@code bytes}. */
    public static StringReverseView decode(byte[] bytes) {
        return new StringReverseView().wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    /** The string bytes, without the terminator. */
    public BytesView string() {
        return string;
    }

    /** Owned copy of the string bytes. */
    public ByteString toOwned() {
        return string.toByteString();
    }
}
