package io.netdata.netipc.protocol;

import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;

/**
 * Codec of the INCREMENT method: request and response are one unsigned 64-bit
 * value. As in the reference, bytes after the first 8 are accepted and ignored.
 *
 * <p>Thread-safety: stateless.
 */
public final class IncrementCodec {
    /** Encoded size of a request or response. */
    public static final int SIZE = 8;

    private IncrementCodec() {
    }

    /**
     * Writes {@code value} (unsigned 64-bit, raw bits) at absolute index {@code offset}.
     *
     * @return {@link #SIZE}
     */
    public static int encode(long value, ByteBuffer buffer, int offset) {
        Checks.checkRegion(buffer, offset, SIZE);
        NativeBytes.putU64(buffer, offset, value);
        return SIZE;
    }

    /** The encoded bytes of {@code value}. */
    public static byte[] encode(long value) {
        byte[] bytes = new byte[SIZE];
        encode(value, ByteBuffer.wrap(bytes), 0);
        return bytes;
    }

    /**
     * Reads the value from {@code [offset, offset + length)}.
     *
     * @return the value (unsigned 64-bit, raw bits)
     * @throws CodecException TRUNCATED when fewer than 8 bytes are given
     */
    public static long decode(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        Checks.requireLength(length, SIZE, "increment payload");
        return NativeBytes.u64(buffer, offset);
    }

    /** Reads the value at the start of {@code bytes}. */
    public static long decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes), 0, bytes.length);
    }
}
