package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;

import io.netdata.netipc.protocol.internal.BuilderLifecycle;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;

/**
 * Builds a batch payload in a caller-supplied buffer region: directory entries,
 * 8-byte aligned packed items and zero padding, byte-identical to the reference.
 *
 * <p>Space for {@code maxItems} directory entries is reserved up front and the
 * packed items are moved down over unused entries by {@link #finish()}, so the
 * capacity needed while building is that of {@code maxItems} entries.
 *
 * <p>Usage: {@link #reset}, then {@link #add} (or {@link #reserve}) per item in
 * order, then {@link #finish()}. The builder can be reset and reused without
 * allocating.
 *
 * <p>Misuse raises the usual Java exceptions: {@link IllegalStateException} for
 * adding before {@code reset} or after {@code finish}, and
 * {@link IllegalArgumentException} for a number outside its wire field's range.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class BatchBuilder {
    private final BuilderLifecycle lifecycle = new BuilderLifecycle("batch builder");
    private ByteBuffer buffer;
    private int base;
    private int capacity;
    private int maxItems;
    private long directoryEnd;
    private long dataOffset;
    private int itemCount;

    /**
     * Starts a new batch in {@code [offset, offset + capacity)} of {@code buffer}.
     *
     * @param maxItems the most items this batch will hold
     */
    public BatchBuilder reset(ByteBuffer buffer, int offset, int capacity, int maxItems) {
        Checks.checkRegion(buffer, offset, capacity);
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must be >= 0: " + maxItems);
        }
        this.buffer = buffer;
        this.base = offset;
        this.capacity = capacity;
        this.maxItems = maxItems;
        this.directoryEnd = Checks.align8((long) maxItems * Wire.BATCH_ENTRY_SIZE);
        this.dataOffset = 0;
        this.itemCount = 0;
        lifecycle.reset();
        return this;
    }

    /** Number of items added so far. */
    public int itemCount() {
        return itemCount;
    }

    /**
     * Appends one item.
     *
     * @throws CodecException OVERFLOW when {@code maxItems} is reached or the item does not fit
     * @throws IllegalStateException before {@link #reset} or after {@link #finish}
     */
    public BatchBuilder add(ByteSource item) {
        int at = reserve(item.length());
        item.copyTo(buffer, at);
        return this;
    }

    /** Appends one item given as an array. */
    public BatchBuilder add(byte[] item) {
        int at = reserve(item.length);
        buffer.put(at, item);
        return this;
    }

    /**
     * Appends one item of {@code length} bytes that the caller writes itself,
     * without an intermediate copy.
     *
     * @return the absolute index in the buffer where the item's bytes go
     * @throws CodecException OVERFLOW when {@code maxItems} is reached or the item does not fit
     */
    public int reserve(int length) {
        lifecycle.checkAdding();
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0: " + length);
        }
        if (itemCount >= maxItems) {
            throw Checks.fail(CodecError.OVERFLOW, "batch already holds " + maxItems + " items");
        }
        long alignedOffset = Checks.align8(dataOffset);
        long position = directoryEnd + alignedOffset;
        if (position + length > capacity) {
            throw Checks.fail(CodecError.OVERFLOW, "batch item of " + length + " bytes does not fit");
        }
        int padStart = (int) (directoryEnd + dataOffset);
        NativeBytes.zero(buffer, base + padStart, (int) (alignedOffset - dataOffset));
        int entry = base + itemCount * Wire.BATCH_ENTRY_SIZE;
        putU32(buffer, entry + BatchView.OFF_ENTRY_OFFSET, alignedOffset);
        putU32(buffer, entry + BatchView.OFF_ENTRY_LENGTH, length);
        dataOffset = alignedOffset + length;
        itemCount++;
        return base + (int) position;
    }

    /**
     * Moves the batch being built, with every item added so far, to
     * {@code [offset, offset + capacity)} of {@code target}, where building goes
     * on: a caller whose region turned out too small continues in a larger one
     * instead of building the items again (which, for a server, would answer
     * them again). The bytes written so far are copied; the old region is no
     * longer used.
     *
     * @throws IllegalArgumentException when the new region cannot hold what is already built
     * @throws IllegalStateException before {@link #reset} or after {@link #finish}
     */
    public BatchBuilder moveTo(ByteBuffer target, int offset, int capacity) {
        lifecycle.checkAdding();
        Checks.checkRegion(target, offset, capacity);
        long entries = (long) itemCount * Wire.BATCH_ENTRY_SIZE;
        long built = dataOffset > 0 ? directoryEnd + dataOffset : entries;
        if (built > capacity) {
            throw new IllegalArgumentException("the batch built so far takes " + built + " bytes; the new region has "
                    + capacity);
        }
        // Only the entries of added items and the packed data are written: the unused entries between them are not.
        target.put(offset, buffer, base, (int) entries);
        if (dataOffset > 0) {
            target.put(offset + (int) directoryEnd, buffer, base + (int) directoryEnd, (int) dataOffset);
        }
        this.buffer = target;
        this.base = offset;
        this.capacity = capacity;
        return this;
    }

    /**
     * Compacts the directory to the items actually added and pads the last item
     * to 8 bytes when the region has room for it.
     *
     * @return the payload length in bytes, starting at the region's offset; calling
     *     it again returns the same length
     * @throws IllegalStateException before {@link #reset}
     */
    public int finish() {
        lifecycle.checkReset();
        if (lifecycle.isFinished()) {
            return lifecycle.finishedLength();
        }
        long finalDirectory = (long) itemCount * Wire.BATCH_ENTRY_SIZE;
        if (finalDirectory < directoryEnd && dataOffset > 0) {
            NativeBytes.move(buffer, base + (int) directoryEnd, base + (int) finalDirectory, (int) dataOffset);
        }
        long alignedData = Checks.align8(dataOffset);
        long padded = finalDirectory + alignedData;
        long unpadded = finalDirectory + dataOffset;
        long padEnd = Math.min(padded, capacity);
        NativeBytes.zero(buffer, base + (int) unpadded, (int) Math.max(0, padEnd - unpadded));
        return lifecycle.finished((int) (padded <= capacity ? padded : unpadded));
    }
}
