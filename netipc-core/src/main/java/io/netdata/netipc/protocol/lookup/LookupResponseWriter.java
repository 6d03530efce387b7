package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU16;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU64;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU8;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.BuilderLifecycle;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.Directory;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Buffer bookkeeping shared by the lookup response builders: reserved
 * directory, item placement, string and label layout, payload-exceeded suffix
 * accounting and the final compaction. Positions are relative to the region
 * start, as the reference's are relative to its buffer.
 */
final class LookupResponseWriter {
    /** Most strings an item header references (APPS_LOOKUP: comm, cgroup path, cgroup name). */
    static final int MAX_STRINGS = 3;

    private final BuilderLifecycle lifecycle;
    private ByteBuffer buffer;
    private int base;
    private int capacity;
    private int maxItems;
    private long generation;
    private long dataOffset;
    private int itemCount;
    private int[] suffixBytes;
    private boolean payloadExceededSuffix;
    private boolean overflowed;
    private boolean spilled;

    /** Layout of the item being added, valid after a successful {@link #layout}. */
    private final long[] stringOffsets = new long[MAX_STRINGS];
    private long itemStart;
    private long fixedEnd;
    private long tableStart;
    private long itemSize;

    LookupResponseWriter(String builder) {
        this.lifecycle = new BuilderLifecycle(builder);
    }

    void reset(ByteBuffer buffer, int offset, int capacity, int maxItems, long generation) {
        Checks.checkRegion(buffer, offset, capacity);
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must be >= 0: " + maxItems);
        }
        this.buffer = buffer;
        this.base = offset;
        this.capacity = capacity;
        this.maxItems = maxItems;
        this.generation = generation;
        this.itemCount = 0;
        this.suffixBytes = null;
        this.payloadExceededSuffix = false;
        this.overflowed = false;
        this.spilled = false;
        this.dataOffset = LookupWire.RESPONSE_HEADER_SIZE + (long) maxItems * LookupWire.DIRECTORY_ENTRY_SIZE;
        lifecycle.reset();
    }

    /** Checks that items may be added: after a reset and before finish. */
    void checkAdding() {
        lifecycle.checkAdding();
    }

    void setGeneration(long generation) {
        lifecycle.checkAdding();
        this.generation = generation;
    }

    void setSuffixBytes(int[] suffixBytes) {
        lifecycle.checkAdding();
        if (suffixBytes != null && suffixBytes.length != maxItems + 1) {
            throw new IllegalArgumentException("suffix table needs maxItems + 1 = " + (maxItems + 1) + " entries");
        }
        this.suffixBytes = suffixBytes;
    }

    int itemCount() {
        return itemCount;
    }

    boolean isFull() {
        return itemCount >= maxItems;
    }

    /** Records that an add was refused for lack of room and returns the OVERFLOW to throw. */
    CodecException overflow(String message) {
        overflowed = true;
        return Checks.fail(CodecError.OVERFLOW, message);
    }

    /** True when an add was refused for lack of room since the last reset. */
    boolean overflowed() {
        return overflowed;
    }

    /** Records that an item was answered OVERSIZED_ITEM or PAYLOAD_EXCEEDED for lack of room. */
    void markSpilled() {
        spilled = true;
    }

    /** True when an item was answered OVERSIZED_ITEM or PAYLOAD_EXCEEDED for lack of room since the last reset. */
    boolean spilled() {
        return spilled;
    }

    boolean payloadExceededSuffix() {
        return payloadExceededSuffix;
    }

    void markPayloadExceededSuffix() {
        payloadExceededSuffix = true;
    }

    /**
     * Plans the next item: strings packed after the fixed header, then an
     * 8-aligned label table, then label strings.
     *
     * @return false when the item does not fit the region (the reference's OVERFLOW)
     * @throws io.netdata.netipc.protocol.CodecException BAD_LAYOUT for an invalid label
     */
    boolean layout(int headerSize, ByteSource[] strings, int stringCount, List<LookupLabel> labels) {
        itemStart = Checks.align8(dataOffset);
        long cursor = headerSize;
        for (int i = 0; i < stringCount; i++) {
            stringOffsets[i] = cursor;
            cursor += strings[i].length() + 1L;
            if (cursor > NativeBytes.U32_MAX) {
                return false;
            }
        }
        fixedEnd = cursor;
        tableStart = fixedEnd;
        itemSize = fixedEnd;
        if (!labels.isEmpty()) {
            tableStart = Checks.align8(fixedEnd);
            itemSize = tableStart + (long) labels.size() * LookupWire.LABEL_ENTRY_SIZE;
            if (itemSize > NativeBytes.U32_MAX) {
                return false;
            }
            for (LookupLabel label : labels) {
                if (label.key().length() == 0 || label.key().containsNul() || label.value().containsNul()) {
                    throw Checks.fail(CodecError.BAD_LAYOUT, "label key empty, or label contains NUL");
                }
                itemSize += label.key().length() + 1L + label.value().length() + 1L;
                if (itemSize > NativeBytes.U32_MAX) {
                    return false;
                }
            }
        }
        return itemSize <= capacity && itemStart <= capacity - itemSize;
    }

    /**
     * True when, after an item ending at {@code end}, the items from
     * {@code firstIndex} on can still be answered as PAYLOAD_EXCEEDED.
     */
    boolean suffixFits(int firstIndex) {
        if (suffixBytes == null) {
            return true;
        }
        long nextStart = Checks.align8(itemStart + itemSize);
        if (nextStart > capacity) {
            return false;
        }
        return Integer.toUnsignedLong(suffixBytes[firstIndex]) <= capacity - nextStart;
    }

    /** Writes padding up to the planned item and returns its absolute index. */
    int beginItem() {
        NativeBytes.zero(buffer, base + (int) dataOffset, (int) (itemStart - dataOffset));
        return base + (int) itemStart;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    long stringOffset(int index) {
        return stringOffsets[index];
    }

    /** Writes the planned strings (each followed by NUL) of the item at {@code item}. */
    void writeStrings(int item, ByteSource[] strings, int stringCount) {
        for (int i = 0; i < stringCount; i++) {
            int at = item + (int) stringOffsets[i];
            strings[i].copyTo(buffer, at);
            putU8(buffer, at + strings[i].length(), 0);
        }
    }

    /** Writes zero padding, the label table and the label strings of the item at {@code item}. */
    void writeLabels(int item, List<LookupLabel> labels) {
        if (labels.isEmpty()) {
            return;
        }
        NativeBytes.zero(buffer, item + (int) fixedEnd, (int) (tableStart - fixedEnd));
        long next = tableStart + (long) labels.size() * LookupWire.LABEL_ENTRY_SIZE;
        for (int i = 0; i < labels.size(); i++) {
            LookupLabel label = labels.get(i);
            int entry = item + (int) tableStart + i * LookupWire.LABEL_ENTRY_SIZE;
            long valueOffset = next + label.key().length() + 1;
            putU32(buffer, entry + LookupWire.OFF_LABEL_KEY_OFFSET, next);
            putU32(buffer, entry + LookupWire.OFF_LABEL_KEY_LENGTH, label.key().length());
            putU32(buffer, entry + LookupWire.OFF_LABEL_VALUE_OFFSET, valueOffset);
            putU32(buffer, entry + LookupWire.OFF_LABEL_VALUE_LENGTH, label.value().length());
            label.key().copyTo(buffer, item + (int) next);
            putU8(buffer, item + (int) valueOffset - 1, 0);
            label.value().copyTo(buffer, item + (int) valueOffset);
            putU8(buffer, item + (int) valueOffset + label.value().length(), 0);
            next = valueOffset + label.value().length() + 1;
        }
    }

    /** Records the planned item in the directory. */
    void commitItem() {
        int entry = base + LookupWire.RESPONSE_HEADER_SIZE + itemCount * LookupWire.DIRECTORY_ENTRY_SIZE;
        putU32(buffer, entry + LookupWire.OFF_ENTRY_OFFSET, itemStart);
        putU32(buffer, entry + LookupWire.OFF_ENTRY_LENGTH, itemSize);
        dataOffset = itemStart + itemSize;
        itemCount++;
    }

    /** Writes the header, compacts the directory and rebases item offsets. */
    int finish() {
        lifecycle.checkReset();
        if (lifecycle.isFinished()) {
            return lifecycle.finishedLength();
        }
        if (capacity < LookupWire.RESPONSE_HEADER_SIZE) {
            throw Checks.fail(CodecError.OVERFLOW, "lookup response header does not fit");
        }
        putU16(buffer, base + LookupWire.OFF_LAYOUT_VERSION, Wire.LAYOUT_VERSION);
        putU16(buffer, base + LookupWire.OFF_FLAGS, 0);
        putU32(buffer, base + LookupWire.OFF_ITEM_COUNT, itemCount);
        putU64(buffer, base + LookupWire.OFF_RESPONSE_GENERATION, generation);
        if (itemCount == 0) {
            return lifecycle.finished(LookupWire.RESPONSE_HEADER_SIZE);
        }
        return lifecycle.finished(
                Directory.compact(buffer, base, LookupWire.RESPONSE_HEADER_SIZE, itemCount, dataOffset));
    }

    /**
     * Cumulative PAYLOAD_EXCEEDED costs: entry {@code i} is the bytes the items
     * {@code i..n-1} need when each is answered as an overflow item of
     * {@code itemCost(i)} bytes, 8-aligned between items; entry {@code n} is 0.
     */
    static int[] suffixBytes(int count, java.util.function.IntToLongFunction itemCost) {
        int[] suffix = new int[count + 1];
        for (int i = count - 1; i >= 0; i--) {
            long cost = itemCost.applyAsLong(i);
            if (suffix[i + 1] != 0) {
                cost = Checks.align8(cost);
            }
            long total = cost + Integer.toUnsignedLong(suffix[i + 1]);
            if (total > NativeBytes.U32_MAX) {
                throw Checks.fail(CodecError.OVERFLOW, "payload-exceeded suffix of " + total + " bytes");
            }
            suffix[i] = (int) total;
        }
        return suffix;
    }
}
