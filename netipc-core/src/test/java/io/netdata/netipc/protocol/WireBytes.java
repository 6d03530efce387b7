package io.netdata.netipc.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Test helpers that read and patch wire fields of an encoded message held in a
 * {@code byte[]}, in host byte order and independently of the codec under test.
 * Every {@code with...} method returns a patched copy, so one valid message can
 * be corrupted in exactly one place per test.
 */
public final class WireBytes {
    /** The wire byte order: host order. */
    public static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Largest unsigned 16-bit value. */
    public static final int U16_MAX = 0xFFFF;
    /** Largest unsigned 32-bit value. */
    public static final long U32_MAX = 0xFFFF_FFFFL;
    /** 2^31: the smallest unsigned 32-bit value that does not fit a Java {@code int}. */
    public static final long U32_HIGH_BIT = 0x8000_0000L;
    /** The largest 8-aligned unsigned 32-bit value; adding any length above 7 to it overflows u32. */
    public static final long U32_MAX_ALIGNED = 0xFFFF_FFF8L;

    private WireBytes() {
    }

    private static ByteBuffer view(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ORDER);
    }

    public static int u16(byte[] bytes, int at) {
        return Short.toUnsignedInt(view(bytes).getShort(at));
    }

    public static long u32(byte[] bytes, int at) {
        return Integer.toUnsignedLong(view(bytes).getInt(at));
    }

    public static long u64(byte[] bytes, int at) {
        return view(bytes).getLong(at);
    }

    public static byte[] withU8(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }

    public static byte[] withU16(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        view(copy).putShort(at, (short) value);
        return copy;
    }

    public static byte[] withU32(byte[] bytes, int at, long value) {
        byte[] copy = bytes.clone();
        view(copy).putInt(at, (int) value);
        return copy;
    }

    public static byte[] withU64(byte[] bytes, int at, long value) {
        byte[] copy = bytes.clone();
        view(copy).putLong(at, value);
        return copy;
    }

    /** The first {@code length} bytes. */
    public static byte[] truncated(byte[] bytes, int length) {
        return Arrays.copyOf(bytes, length);
    }

    /** The bytes followed by {@code extra} zero bytes. */
    public static byte[] extended(byte[] bytes, int extra) {
        return Arrays.copyOf(bytes, bytes.length + extra);
    }

    /** {@code value} encoded as the wire encodes a u32. */
    public static byte[] u32Bytes(long value) {
        byte[] bytes = new byte[Integer.BYTES];
        view(bytes).putInt(0, (int) value);
        return bytes;
    }

    /** The bytes {@code 1..255}: every byte value a NUL-terminated wire string may carry. */
    public static byte[] everyNonNulByte() {
        byte[] bytes = new byte[255];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i + 1);
        }
        return bytes;
    }
}
