package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;
import static io.netdata.netipc.protocol.internal.NativeBytes.u8;

import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.Directory;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Layout and validation rules shared by CGROUPS_LOOKUP and APPS_LOOKUP
 * (upstream {@code codec-cgroups-lookup.md}, {@code codec-apps-lookup.md}).
 * The order of checks follows the reference decoder so that error classes match.
 */
final class LookupWire {
    static final int REQUEST_HEADER_SIZE = 16;
    static final int RESPONSE_HEADER_SIZE = 16;
    static final int DIRECTORY_ENTRY_SIZE = Directory.ENTRY_SIZE;
    static final int LABEL_ENTRY_SIZE = 16;

    static final int OFF_LAYOUT_VERSION = 0;
    static final int OFF_FLAGS = 2;
    static final int OFF_ITEM_COUNT = 4;
    static final int OFF_REQUEST_RESERVED0 = 8;
    static final int OFF_REQUEST_RESERVED1 = 12;
    static final int OFF_RESPONSE_GENERATION = 8;

    static final int OFF_ENTRY_OFFSET = Directory.OFF_ENTRY_OFFSET;
    static final int OFF_ENTRY_LENGTH = Directory.OFF_ENTRY_LENGTH;

    static final int OFF_LABEL_KEY_OFFSET = 0;
    static final int OFF_LABEL_KEY_LENGTH = 4;
    static final int OFF_LABEL_VALUE_OFFSET = 8;
    static final int OFF_LABEL_VALUE_LENGTH = 12;

    /** Largest label count a u16 field can carry. */
    static final int MAX_LABELS = NativeBytes.U16_MAX;

    private LookupWire() {
    }

    /** Validates a request header and returns its item count; the directory is known to fit. */
    static int requestItemCount(ByteBuffer buffer, int offset, int length, String what) {
        Checks.requireLength(length, REQUEST_HEADER_SIZE, what + " header");
        if (u16(buffer, offset + OFF_LAYOUT_VERSION) != Wire.LAYOUT_VERSION
                || u16(buffer, offset + OFF_FLAGS) != 0
                || u32(buffer, offset + OFF_REQUEST_RESERVED0) != 0
                || u32(buffer, offset + OFF_REQUEST_RESERVED1) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, what + " header version, flags or reserved fields");
        }
        return directoryFits(buffer, offset, length, REQUEST_HEADER_SIZE, what);
    }

    /** Validates a response header and returns its item count; the directory is known to fit. */
    static int responseItemCount(ByteBuffer buffer, int offset, int length, String what) {
        Checks.requireLength(length, RESPONSE_HEADER_SIZE, what + " header");
        if (u16(buffer, offset + OFF_LAYOUT_VERSION) != Wire.LAYOUT_VERSION
                || u16(buffer, offset + OFF_FLAGS) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, what + " header version or flags");
        }
        return directoryFits(buffer, offset, length, RESPONSE_HEADER_SIZE, what);
    }

    private static int directoryFits(ByteBuffer buffer, int offset, int length, int headerSize, String what) {
        long count = u32(buffer, offset + OFF_ITEM_COUNT);
        if (headerSize + count * DIRECTORY_ENTRY_SIZE > length) {
            throw Checks.fail(CodecError.TRUNCATED, what + " directory of " + count + " entries");
        }
        return (int) count;
    }

    /** Absolute index of the packed area that follows a directory of {@code count} entries. */
    static int packedStart(int offset, int headerSize, int count) {
        return offset + headerSize + count * DIRECTORY_ENTRY_SIZE;
    }

    static long entryOffset(ByteBuffer buffer, int directory, int index) {
        return u32(buffer, directory + index * DIRECTORY_ENTRY_SIZE + OFF_ENTRY_OFFSET);
    }

    static long entryLength(ByteBuffer buffer, int directory, int index) {
        return u32(buffer, directory + index * DIRECTORY_ENTRY_SIZE + OFF_ENTRY_LENGTH);
    }

    /**
     * Validates an ordered, non-overlapping directory: aligned offsets, lengths of
     * at least {@code minLength} (or exactly {@code exactLength} when that is
     * non-negative), every range inside the packed area, each entry starting at
     * or after the end of the previous one.
     */
    static void validateOrderedDirectory(ByteBuffer buffer, int directory, int count, long packedLength,
            long minLength, long exactLength, String what) {
        long previousEnd = 0;
        for (int i = 0; i < count; i++) {
            long offset = entryOffset(buffer, directory, i);
            long length = entryLength(buffer, directory, i);
            if (!Checks.isAligned(offset)) {
                throw Checks.fail(CodecError.BAD_ALIGNMENT, what + " entry " + i + " offset");
            }
            if (exactLength >= 0 ? length != exactLength : length < minLength) {
                throw Checks.fail(CodecError.BAD_LAYOUT, what + " entry " + i + " length " + length);
            }
            long end = offset + length;
            if (end > packedLength) {
                throw Checks.fail(CodecError.OUT_OF_BOUNDS, what + " entry " + i);
            }
            if (i > 0 && offset < previousEnd) {
                throw Checks.fail(CodecError.BAD_LAYOUT, what + " entry " + i + " overlaps its predecessor");
            }
            previousEnd = end;
        }
    }

    /**
     * Validates one response string of an item and returns the offset just past
     * its terminator. Strings start at or after the item header, lie inside the
     * item, end with NUL and contain no other NUL.
     */
    static long stringEnd(ByteBuffer buffer, int item, int itemLength, int headerSize, long offset, long length,
            String what) {
        if (offset < headerSize) {
            throw Checks.fail(CodecError.OUT_OF_BOUNDS, what + " offset " + offset + " inside the item header");
        }
        long end = offset + length + 1;
        if (end > itemLength) {
            throw Checks.fail(CodecError.OUT_OF_BOUNDS, what + " past the item end");
        }
        if (u8(buffer, item + (int) (offset + length)) != 0) {
            throw Checks.fail(CodecError.MISSING_NUL, what + " terminator");
        }
        if (NativeBytes.containsNul(buffer, item + (int) offset, (int) length)) {
            throw Checks.fail(CodecError.BAD_LAYOUT, what + " contains NUL");
        }
        return end;
    }

    static boolean overlaps(long aStart, long aEnd, long bStart, long bEnd) {
        return aStart < bEnd && bStart < aEnd;
    }

    /**
     * Validates the label table of an item whose strings end at {@code fixedEnd}
     * and returns the table's offset within the item. Without labels the item must
     * end exactly at {@code fixedEnd}; with labels the table sits at the first
     * 8-aligned offset after the strings, behind zero padding, followed by the
     * key/value strings packed in table order up to the item's end.
     */
    static int validateLabels(ByteBuffer buffer, int item, int itemLength, int headerSize, int labelCount,
            long fixedEnd) {
        if (labelCount == 0) {
            if (fixedEnd != itemLength) {
                throw Checks.fail(CodecError.BAD_LAYOUT, "lookup item has bytes after its strings");
            }
            return (int) fixedEnd;
        }
        long tableStart = Checks.align8(fixedEnd);
        if (tableStart > itemLength) {
            throw Checks.fail(CodecError.OUT_OF_BOUNDS, "lookup label table starts past the item end");
        }
        for (long i = fixedEnd; i < tableStart; i++) {
            if (u8(buffer, item + (int) i) != 0) {
                throw Checks.fail(CodecError.BAD_LAYOUT, "lookup label table padding must be zero");
            }
        }
        long expected = tableStart + (long) labelCount * LABEL_ENTRY_SIZE;
        if (expected > itemLength) {
            throw Checks.fail(CodecError.OUT_OF_BOUNDS, "lookup label table past the item end");
        }
        for (int i = 0; i < labelCount; i++) {
            int entry = item + (int) tableStart + i * LABEL_ENTRY_SIZE;
            long keyOffset = u32(buffer, entry + OFF_LABEL_KEY_OFFSET);
            long keyLength = u32(buffer, entry + OFF_LABEL_KEY_LENGTH);
            if (keyLength == 0) {
                throw Checks.fail(CodecError.BAD_LAYOUT, "lookup label " + i + " has an empty key");
            }
            if (keyOffset != expected) {
                throw Checks.fail(CodecError.BAD_LAYOUT, "lookup label " + i + " key is not packed in order");
            }
            expected = stringEnd(buffer, item, itemLength, headerSize, keyOffset, keyLength, "lookup label key");
            long valueOffset = u32(buffer, entry + OFF_LABEL_VALUE_OFFSET);
            if (valueOffset != expected) {
                throw Checks.fail(CodecError.BAD_LAYOUT, "lookup label " + i + " value is not packed in order");
            }
            long valueLength = u32(buffer, entry + OFF_LABEL_VALUE_LENGTH);
            expected = stringEnd(buffer, item, itemLength, headerSize, valueOffset, valueLength,
                    "lookup label value");
        }
        if (expected != itemLength) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "lookup item has bytes after its labels");
        }
        return (int) tableStart;
    }

    /** Re-validates label {@code index} of a validated item and points {@code target} at it. */
    static LookupLabelView label(ByteBuffer buffer, int item, int itemLength, int headerSize, int labelCount,
            int tableOffset, int index, LookupLabelView target) {
        Objects.checkIndex(index, labelCount);
        long entryPosition = tableOffset + (long) index * LABEL_ENTRY_SIZE;
        if (entryPosition + LABEL_ENTRY_SIZE > itemLength) {
            throw Checks.fail(CodecError.OUT_OF_BOUNDS, "lookup label " + index);
        }
        int entry = item + (int) entryPosition;
        wrapString(buffer, item, itemLength, headerSize, u32(buffer, entry + OFF_LABEL_KEY_OFFSET),
                u32(buffer, entry + OFF_LABEL_KEY_LENGTH), target.key(), "lookup label key");
        wrapString(buffer, item, itemLength, headerSize, u32(buffer, entry + OFF_LABEL_VALUE_OFFSET),
                u32(buffer, entry + OFF_LABEL_VALUE_LENGTH), target.value(), "lookup label value");
        return target;
    }

    /** Owned copies of all labels of a validated item. */
    static List<LookupLabel> ownedLabels(ByteBuffer buffer, int item, int itemLength, int headerSize,
            int labelCount, int tableOffset) {
        List<LookupLabel> labels = new ArrayList<>(labelCount);
        LookupLabelView view = new LookupLabelView();
        for (int i = 0; i < labelCount; i++) {
            labels.add(label(buffer, item, itemLength, headerSize, labelCount, tableOffset, i, view).toOwned());
        }
        return labels;
    }

    /** Validates one string and points {@code target} at its bytes. */
    static void wrapString(ByteBuffer buffer, int item, int itemLength, int headerSize, long offset, long length,
            BytesView target, String what) {
        stringEnd(buffer, item, itemLength, headerSize, offset, length, what);
        target.wrap(buffer, item + (int) offset, (int) length);
    }
}
