package io.netdata.netipc.protocol.internal;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Shared validation helpers for decoders and builders.
 *
 * <p>Not part of the public API. Thread-safety: stateless.
 */
public final class Checks {
    /** Every item and key offset on the wire is a multiple of this. */
    public static final int ALIGNMENT = Wire.ALIGNMENT;

    private Checks() {
    }

    /** Rounds {@code value} (non-negative) up to the next multiple of {@link #ALIGNMENT}. */
    public static long align8(long value) {
        return (value + ALIGNMENT - 1) & -ALIGNMENT;
    }

    public static boolean isAligned(long value) {
        return (value & (ALIGNMENT - 1)) == 0;
    }

    /** Validates that {@code [offset, offset + length)} lies within the buffer's limit. */
    public static void checkRegion(ByteBuffer buffer, int offset, int length) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.checkFromIndexSize(offset, length, buffer.limit());
    }

    /** Validates that a {@code long} given for an unsigned 32-bit field fits. */
    public static long checkU32(long value, String field) {
        if (value < 0 || value > NativeBytes.U32_MAX) {
            throw new IllegalArgumentException(field + " must fit in an unsigned 32-bit field: " + value);
        }
        return value;
    }

    /** Validates that an {@code int} given for an unsigned 16-bit field fits. */
    public static int checkU16(int value, String field) {
        if (value < 0 || value > NativeBytes.U16_MAX) {
            throw new IllegalArgumentException(field + " must fit in an unsigned 16-bit field: " + value);
        }
        return value;
    }

    public static CodecException fail(CodecError error, String detail) {
        return new CodecException(error, detail);
    }

    /** Throws {@link CodecError#TRUNCATED} when fewer than {@code needed} bytes are available. */
    public static void requireLength(int available, int needed, String what) {
        if (available < needed) {
            throw fail(CodecError.TRUNCATED, what + " needs " + needed + " bytes, got " + available);
        }
    }
}
