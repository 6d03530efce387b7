package io.netdata.netipc.protocol;

import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;

/**
 * Encoder of STRING_REVERSE payloads; decode with {@link StringReverseView}.
 *
 * <p>Thread-safety: stateless.
 */
public final class StringReverseEncoder {
    private StringReverseEncoder() {
    }

    /** Encoded size of a string of {@code length} bytes: header, bytes and NUL. */
    public static long encodedSize(int length) {
        return (long) StringReverseView.HEADER_SIZE + length + 1;
    }

    /**
     * Writes the payload for {@code string} into {@code [offset, offset + capacity)}.
     *
     * @return the number of bytes written
     * @throws CodecException OVERFLOW when the payload does not fit
     */
    public static int encode(ByteSource string, ByteBuffer buffer, int offset, int capacity) {
        Checks.checkRegion(buffer, offset, capacity);
        long size = encodedSize(string.length());
        if (size > capacity) {
            throw Checks.fail(CodecError.OVERFLOW, "string_reverse payload of " + size + " bytes");
        }
        NativeBytes.putU32(buffer, offset + StringReverseView.OFF_STRING_OFFSET, StringReverseView.HEADER_SIZE);
        NativeBytes.putU32(buffer, offset + StringReverseView.OFF_STRING_LENGTH, string.length());
        string.copyTo(buffer, offset + StringReverseView.HEADER_SIZE);
        NativeBytes.putU8(buffer, offset + StringReverseView.HEADER_SIZE + string.length(), 0);
        return (int) size;
    }

    /** The encoded payload for {@code string}. */
    public static byte[] encode(ByteSource string) {
        long size = encodedSize(string.length());
        if (size > Integer.MAX_VALUE) {
            throw Checks.fail(CodecError.OVERFLOW, "string_reverse payload of " + size + " bytes");
        }
        byte[] bytes = new byte[(int) size];
        encode(string, ByteBuffer.wrap(bytes), 0, bytes.length);
        return bytes;
    }
}
