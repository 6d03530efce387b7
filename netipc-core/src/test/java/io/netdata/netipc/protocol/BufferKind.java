package io.netdata.netipc.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kinds of {@link ByteBuffer} callers hand to the codec. The codec must
 * produce and accept the same bytes in each, whatever the buffer's own byte
 * order, and must read and write only the region it is given.
 */
public enum BufferKind {
    HEAP_DEFAULT_ORDER(false, null),
    HEAP_BIG_ENDIAN(false, ByteOrder.BIG_ENDIAN),
    HEAP_LITTLE_ENDIAN(false, ByteOrder.LITTLE_ENDIAN),
    DIRECT_DEFAULT_ORDER(true, null),
    DIRECT_BIG_ENDIAN(true, ByteOrder.BIG_ENDIAN);

    /** Where regions start inside their buffer: odd, so that nothing can rely on absolute alignment. */
    public static final int REGION_OFFSET = 13;
    /** Bytes of guard area after a region. */
    public static final int GUARD_LENGTH = 11;
    /** The value of every guard byte. */
    public static final byte GUARD = (byte) 0xA5;

    private final boolean direct;
    private final ByteOrder order;

    BufferKind(boolean direct, ByteOrder order) {
        this.direct = direct;
        this.order = order;
    }

    /**
     * A buffer holding a region of {@code capacity} bytes at {@link #REGION_OFFSET},
     * with every byte (region included) set to {@link #GUARD}.
     */
    public Region region(int capacity) {
        int size = REGION_OFFSET + capacity + GUARD_LENGTH;
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        if (order != null) {
            buffer.order(order);
        }
        for (int i = 0; i < size; i++) {
            buffer.put(i, GUARD);
        }
        return new Region(buffer, REGION_OFFSET, capacity);
    }

    /** A region holding a copy of {@code content}, surrounded by guard bytes. */
    public Region regionWith(byte[] content) {
        Region region = region(content.length);
        region.buffer().put(REGION_OFFSET, content);
        return region;
    }

    /** A region of a buffer of this kind inside a larger buffer. */
    public record Region(ByteBuffer buffer, int offset, int capacity) {

        /** Copy of the first {@code length} bytes of the region. */
        public byte[] bytes(int length) {
            byte[] copy = new byte[length];
            buffer.get(offset, copy);
            return copy;
        }

        /** True when every byte outside the region still holds {@link #GUARD}. */
        public boolean guardsIntact() {
            for (int i = 0; i < buffer.capacity(); i++) {
                boolean inside = i >= offset && i < offset + capacity;
                if (!inside && buffer.get(i) != GUARD) {
                    return false;
                }
            }
            return true;
        }
    }
}
