package io.netdata.netipc.protocol.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Absolute, host-byte-order access to wire fields in a {@link ByteBuffer}.
 *
 * <p>The wire is host byte order, but a {@code ByteBuffer} defaults to big-endian
 * and its order is mutable caller state; going through byte-buffer view
 * {@link VarHandle}s fixed to {@link ByteOrder#nativeOrder()} makes every access
 * independent of the buffer's own order and position. Plain access modes allow
 * unaligned indices.
 *
 * <p>Unsigned 32-bit fields are returned as {@code long} so that bounds arithmetic
 * on them can never wrap.
 *
 * <p>Not part of the public API. Thread-safety: stateless.
 */
public final class NativeBytes {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, ORDER);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ORDER);
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ORDER);
    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ORDER);
    /** The lowest bit of every byte of a word. */
    private static final long LOW_BITS = 0x0101_0101_0101_0101L;
    /** The highest bit of every byte of a word. */
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    /** Mask that turns a sign-extended 16-bit value into its unsigned value. */
    public static final int U16_MASK = 0xFFFF;
    /** Mask that turns a sign-extended 32-bit value into its unsigned value. */
    public static final long U32_MASK = 0xFFFF_FFFFL;
    /** Largest value of an unsigned 16-bit field. */
    public static final int U16_MAX = U16_MASK;
    /** Largest value of an unsigned 32-bit field. */
    public static final long U32_MAX = U32_MASK;

    private NativeBytes() {
    }

    public static int u8(ByteBuffer buffer, int index) {
        return Byte.toUnsignedInt(buffer.get(index));
    }

    public static int u16(ByteBuffer buffer, int index) {
        return ((short) SHORT.get(buffer, index)) & U16_MASK;
    }

    public static long u32(ByteBuffer buffer, int index) {
        return ((int) INT.get(buffer, index)) & U32_MASK;
    }

    /** Raw 64 bits of an unsigned 64-bit field (use the unsigned helpers of {@link Long}). */
    public static long u64(ByteBuffer buffer, int index) {
        return (long) LONG.get(buffer, index);
    }

    public static void putU8(ByteBuffer buffer, int index, int value) {
        buffer.put(index, (byte) value);
    }

    public static void putU16(ByteBuffer buffer, int index, int value) {
        SHORT.set(buffer, index, (short) value);
    }

    public static void putU32(ByteBuffer buffer, int index, long value) {
        INT.set(buffer, index, (int) value);
    }

    public static void putU64(ByteBuffer buffer, int index, long value) {
        LONG.set(buffer, index, value);
    }

    /**
     * Writes two adjacent unsigned 32-bit fields, {@code first} at {@code index} and
     * {@code second} right after it, in one 64-bit store: the same bytes as two
     * {@link #putU32} calls.
     */
    public static void putU32Pair(ByteBuffer buffer, int index, long first, long second) {
        LONG.set(buffer, index, u32PairBits(ORDER, first, second));
    }

    /**
     * The 64-bit value that, stored in {@code order}, lays out the low 32 bits of
     * {@code first} and then those of {@code second}.
     */
    public static long u32PairBits(ByteOrder order, long first, long second) {
        long low = first & U32_MASK;
        long high = second & U32_MASK;
        return order == ByteOrder.LITTLE_ENDIAN ? low | high << Integer.SIZE : low << Integer.SIZE | high;
    }

    /**
     * The 32-bit value that, stored in {@code order}, lays out the low 16 bits of
     * {@code first} and then those of {@code second}.
     */
    public static long u16PairBits(ByteOrder order, int first, int second) {
        long low = first & U16_MASK;
        long high = second & U16_MASK;
        return order == ByteOrder.LITTLE_ENDIAN ? low | high << Short.SIZE : low << Short.SIZE | high;
    }

    /** Writes {@code length} zero bytes starting at {@code index}. */
    public static void zero(ByteBuffer buffer, int index, int length) {
        for (int i = 0; i < length; i++) {
            buffer.put(index + i, (byte) 0);
        }
    }

    /**
     * Copies {@code length} bytes within one buffer; the ranges may overlap (memmove
     * semantics: the absolute bulk put copies as if through an intermediate buffer when
     * source and target share memory).
     */
    public static void move(ByteBuffer buffer, int from, int to, int length) {
        if (length <= 0 || from == to) {
            return;
        }
        buffer.put(to, buffer, from, length);
    }

    /**
     * True when the {@code bytes.length} bytes at {@code index} of {@code buffer} equal
     * {@code bytes}: one vectorised array compare over an accessible heap array, eight
     * bytes a step otherwise (direct and read-only buffers). Allocates nothing.
     *
     * @throws IndexOutOfBoundsException when the range is not inside the buffer's limit
     */
    public static boolean rangeEquals(ByteBuffer buffer, int index, byte[] bytes) {
        int length = bytes.length;
        Objects.checkFromIndexSize(index, length, buffer.limit());
        if (buffer.hasArray()) {
            int from = buffer.arrayOffset() + index;
            return Arrays.equals(buffer.array(), from, from + length, bytes, 0, length);
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if ((long) LONG.get(buffer, index + i) != (long) ARRAY_LONG.get(bytes, i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (buffer.get(index + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code length} bytes at {@code index} of {@code buffer} equal those at
     * {@code otherIndex} of {@code other}, compared as {@link #rangeEquals(ByteBuffer, int, byte[])} does.
     *
     * @throws IndexOutOfBoundsException when a range is not inside its buffer's limit
     */
    public static boolean rangeEquals(ByteBuffer buffer, int index, ByteBuffer other, int otherIndex, int length) {
        Objects.checkFromIndexSize(index, length, buffer.limit());
        Objects.checkFromIndexSize(otherIndex, length, other.limit());
        if (buffer.hasArray() && other.hasArray()) {
            int from = buffer.arrayOffset() + index;
            int otherFrom = other.arrayOffset() + otherIndex;
            return Arrays.equals(buffer.array(), from, from + length, other.array(), otherFrom, otherFrom + length);
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if ((long) LONG.get(buffer, index + i) != (long) LONG.get(other, otherIndex + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (buffer.get(index + i) != other.get(otherIndex + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when any of the {@code length} bytes starting at {@code index} is zero. Every
     * lookup string is scanned on decode and on build, so eight bytes are tested at a time.
     *
     * @throws IndexOutOfBoundsException when the range is not inside the buffer's limit
     */
    public static boolean containsNul(ByteBuffer buffer, int index, int length) {
        Objects.checkFromIndexSize(index, length, buffer.limit());
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if (hasZeroByte((long) LONG.get(buffer, index + i))) {
                return true;
            }
        }
        for (; i < length; i++) {
            if (buffer.get(index + i) == 0) {
                return true;
            }
        }
        return false;
    }

    /** True when any of the {@code length} bytes of {@code bytes} starting at {@code index} is zero. */
    public static boolean containsNul(byte[] bytes, int index, int length) {
        Objects.checkFromIndexSize(index, length, bytes.length);
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if (hasZeroByte((long) ARRAY_LONG.get(bytes, index + i))) {
                return true;
            }
        }
        for (; i < length; i++) {
            if (bytes[index + i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a word holds a zero byte, in either byte order: subtracting one from every
     * byte borrows into a byte's high bit only from a zero byte or from one whose high bit
     * was already set, and {@code ~word} clears the latter (the classic "haszero" test; it
     * may misplace which byte is zero, never whether one is).
     */
    public static boolean hasZeroByte(long word) {
        return ((word - LOW_BITS) & ~word & HIGH_BITS) != 0;
    }
}
