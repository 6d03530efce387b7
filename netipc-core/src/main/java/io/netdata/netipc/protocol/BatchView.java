package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.u32;

import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.Directory;
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
    static final int OFF_ENTRY_OFFSET = Directory.OFF_ENTRY_OFFSET;
    static final int OFF_ENTRY_LENGTH = Directory.OFF_ENTRY_LENGTH;

    private ByteBuffer buffer;
    private int base;
    private int itemCount;
    private int packedStart;
    private long packedLength;

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
        long packed = length - directorySize;
        for (int i = 0; i < itemCount; i++) {
            int entry = offset + i * Wire.BATCH_ENTRY_SIZE;
            checkEntry(i, u32(buffer, entry + OFF_ENTRY_OFFSET), u32(buffer, entry + OFF_ENTRY_LENGTH), packed);
        }
        this.buffer = buffer;
        this.base = offset;
        this.itemCount = (int) itemCount;
        this.packedStart = offset + (int) directorySize;
        this.packedLength = packed;
        return this;
    }

    /** Decodes the batch payload in {@code bytes}. */
    public static BatchView decode(byte[] bytes, long itemCount) {
        return new BatchView().wrap(ByteBuffer.wrap(bytes), 0, bytes.length, itemCount);
    }

    public int itemCount() {
        return itemCount;
    }

    /**
     * The directory rules for one entry. The accessors apply them again, as the
     * reference's item accessor does, so that bytes changed after {@link #wrap}
     * (memory shared with another process) are caught rather than read out of
     * bounds.
     */
    private static void checkEntry(int index, long itemOffset, long itemLength, long packedLength) {
        if (!Checks.isAligned(itemOffset)) {
            throw Checks.fail(CodecError.BAD_ALIGNMENT, "batch item " + index + " offset " + itemOffset);
        }
        if (itemOffset + itemLength > packedLength) {
            throw Checks.fail(CodecError.OUT_OF_BOUNDS, "batch item " + index);
        }
    }

    private long entryOffset(int index) {
        return u32(buffer, base + index * Wire.BATCH_ENTRY_SIZE + OFF_ENTRY_OFFSET);
    }

    private long entryLength(int index) {
        return u32(buffer, base + index * Wire.BATCH_ENTRY_SIZE + OFF_ENTRY_LENGTH);
    }

    /** Absolute index of item {@code index} in the wrapped buffer, re-validated. */
    public int itemOffset(int index) {
        Objects.checkIndex(index, itemCount);
        long offset = entryOffset(index);
        checkEntry(index, offset, entryLength(index), packedLength);
        return packedStart + (int) offset;
    }

    /** Length of item {@code index}, re-validated. */
    public int itemLength(int index) {
        Objects.checkIndex(index, itemCount);
        long length = entryLength(index);
        checkEntry(index, entryOffset(index), length, packedLength);
        return (int) length;
    }

    /** Re-validates item {@code index}, points {@code target} at it and returns it. */
    public BytesView item(int index, BytesView target) {
        Objects.checkIndex(index, itemCount);
        long offset = entryOffset(index);
        long length = entryLength(index);
        checkEntry(index, offset, length, packedLength);
        return target.wrap(buffer, packedStart + (int) offset, (int) length);
    }

    /** A new view of item {@code index}. */
    public BytesView item(int index) {
        return item(index, new BytesView());
    }
}
