package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.u32;

import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Zero-copy view of a batch payload: {@code item_count} directory entries
 * (offset u32, length u32) followed by the packed item area, each item starting
 * at a multiple of 8 relative to that area.
 *
 * <p>{@link #wrap} validates the whole directory against the payload: a
 * non-zero item count, a directory that fits, and every entry aligned and inside
 * the packed area. After a successful wrap every item can be read.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral, like {@link MessageHeaderView};
 * item views handed out point into the same buffer.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class BatchView {
    static final int OFF_ENTRY_OFFSET = 0;
    static final int OFF_ENTRY_LENGTH = 4;

    private ByteBuffer buffer;
    private int base;
    private int itemCount;
    private int packedStart;

    /**
     * Validates and wraps the batch payload at {@code [offset, offset + length)}.
     *
     * @param itemCount the outer header's item count (unsigned 32-bit)
     * @throws CodecException BAD_ITEM_COUNT, TRUNCATED, BAD_ALIGNMENT or OUT_OF_BOUNDS
     */
    public BatchView wrap(ByteBuffer buffer, int offset, int length, long itemCount) {
        Checks.checkRegion(buffer, offset, length);
        if (itemCount <= 0 || itemCount > NativeBytes.U32_MAX) {
            throw Checks.fail(CodecError.BAD_ITEM_COUNT, "batch item_count " + itemCount);
        }
        long directorySize = Checks.align8(itemCount * Wire.BATCH_ENTRY_SIZE);
        if (directorySize > length) {
            throw Checks.fail(CodecError.TRUNCATED, "batch directory of " + itemCount + " entries");
        }
        long packedLength = length - directorySize;
        for (int i = 0; i < itemCount; i++) {
            int entry = offset + i * Wire.BATCH_ENTRY_SIZE;
            long itemOffset = u32(buffer, entry + OFF_ENTRY_OFFSET);
            long itemLength = u32(buffer, entry + OFF_ENTRY_LENGTH);
            if (!Checks.isAligned(itemOffset)) {
                throw Checks.fail(CodecError.BAD_ALIGNMENT, "batch item " + i + " offset " + itemOffset);
            }
            if (itemOffset + itemLength > packedLength) {
                throw Checks.fail(CodecError.OUT_OF_BOUNDS, "batch item " + i);
            }
        }
        this.buffer = buffer;
        this.base = offset;
        this.itemCount = (int) itemCount;
        this.packedStart = offset + (int) directorySize;
        return this;
    }

    /** Decodes the batch payload in {@code bytes}. */
    public static BatchView decode(byte[] bytes, long itemCount) {
        return new BatchView().wrap(ByteBuffer.wrap(bytes), 0, bytes.length, itemCount);
    }

    public int itemCount() {
        return itemCount;
    }

    /** Absolute index of item {@code index} in the wrapped buffer. */
    public int itemOffset(int index) {
        Objects.checkIndex(index, itemCount);
        return packedStart + (int) u32(buffer, base + index * Wire.BATCH_ENTRY_SIZE + OFF_ENTRY_OFFSET);
    }

    /** Length of item {@code index}. */
    public int itemLength(int index) {
        Objects.checkIndex(index, itemCount);
        return (int) u32(buffer, base + index * Wire.BATCH_ENTRY_SIZE + OFF_ENTRY_LENGTH);
    }

    /** Points {@code target} at item {@code index} and returns it. */
    public BytesView item(int index, BytesView target) {
        return target.wrap(buffer, itemOffset(index), itemLength(index));
    }

    /** A new view of item {@code index}. */
    public BytesView item(int index) {
        return item(index, new BytesView());
    }
}
