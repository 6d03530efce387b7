package io.netdata.netipc.protocol.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where a fuzz input is placed before it is decoded. Decoding must not depend
 * on the placement: every placement of the same bytes must yield an equal
 * {@link Outcome}, and no placement may see its bytes or the guard bytes
 * around them change (decoders only read).
 */
enum Placement {
    /** The fuzzer's array itself, region = the whole array, default (big-endian) buffer order. */
    HEAP_EXACT(0, false) {
        @Override
        Region place(byte[] data) {
            return new Region(this, ByteBuffer.wrap(data), 0, data.length);
        }
    },

    /**
     * A copy at an odd, unaligned offset of a larger read-only heap buffer,
     * explicitly big-endian, with its position moved off zero: the codec must
     * use absolute, host-order indexing and never write.
     */
    HEAP_SHIFTED_READ_ONLY(7, true) {
        @Override
        Region place(byte[] data) {
            ByteBuffer buffer = ByteBuffer.allocate(offset + data.length + GUARD_LENGTH).order(ByteOrder.BIG_ENDIAN);
            fillGuard(buffer, buffer.capacity());
            buffer.put(offset, data);
            ByteBuffer readOnly = buffer.asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN);
            readOnly.position(3);
            return new Region(this, readOnly, offset, data.length);
        }
    },

    /**
     * A copy at another odd offset of a direct, little-endian buffer that is
     * re-used between executions (the JVM would otherwise churn through native
     * memory at fuzzing speed).
     */
    DIRECT_SHIFTED(13, true) {
        @Override
        Region place(byte[] data) {
            int size = offset + data.length + GUARD_LENGTH;
            ByteBuffer shared = DIRECT.get();
            if (shared.capacity() < size) {
                shared = ByteBuffer.allocateDirect(Math.max(size, 2 * shared.capacity()));
                DIRECT.set(shared);
            }
            ByteBuffer buffer = shared.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            buffer.limit(size);
            fillGuard(buffer, size);
            buffer.put(offset, data);
            buffer.position(1);
            return new Region(this, buffer, offset, data.length);
        }
    };

    /** Bytes after the region; they lie inside the buffer's limit, so an over-read is not an exception here. */
    static final int GUARD_LENGTH = 9;
    static final byte GUARD = (byte) 0xA5;

    private static final ThreadLocal<ByteBuffer> DIRECT = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 16));

    final int offset;
    /** Whether the decode uses the long-lived, re-wrapped view objects rather than fresh ones. */
    final boolean reusesViews;

    Placement(int offset, boolean reusesViews) {
        this.offset = offset;
        this.reusesViews = reusesViews;
    }

    abstract Region place(byte[] data);

    private static void fillGuard(ByteBuffer buffer, int size) {
        for (int i = 0; i < size; i++) {
            buffer.put(i, GUARD);
        }
    }

    /** A placed input: decode {@code [offset, offset + length)} of {@code buffer}. */
    record Region(Placement placement, ByteBuffer buffer, int offset, int length) {

        /** Checks that the decode left the input bytes and the guard bytes around them unchanged. */
        void checkUntouched(byte[] expected) {
            for (int i = 0; i < length; i++) {
                if (buffer.get(offset + i) != expected[i]) {
                    throw new AssertionError("oracle: decoder modified input byte " + i + " in " + placement);
                }
            }
            if (placement == HEAP_EXACT) {
                return;
            }
            for (int i = 0; i < offset; i++) {
                Oracle.check(buffer.get(i) == GUARD, "guard byte ", i, " before the region changed");
            }
            for (int i = 0; i < GUARD_LENGTH; i++) {
                Oracle.check(buffer.get(offset + length + i) == GUARD, "guard byte ", i, " after the region changed");
            }
        }
    }
}
