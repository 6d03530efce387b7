package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.WireBytes.*;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.lookup.LookupKind.StringField;

/**
 * Positions inside the only item of a one-item lookup response, computed from
 * the wire bytes with the specification's rules (strings first, label table at
 * the first 8-aligned offset after them, label strings after the table), and
 * patched copies that move or grow parts of that item.
 */
record SingleItem(LookupKind kind, byte[] response) {

    int start() {
        return itemStart(response, 0);
    }

    int length() {
        return itemLength(response, 0);
    }

    /** Absolute offset of the item's header field {@code field}. */
    int field(int field) {
        return start() + field;
    }

    /** Absolute offset of the first byte of {@code string}. */
    int stringStart(StringField string) {
        return start() + (int) u32(response, field(string.offsetField()));
    }

    /** Absolute offset of {@code string}'s terminator. */
    int terminator(StringField string) {
        return stringStart(string) + (int) u32(response, field(string.lengthField()));
    }

    /** Item-relative end of the strings, terminators included. */
    int stringsEnd() {
        int end = 0;
        for (StringField string : kind.strings()) {
            end = Math.max(end, terminator(string) + 1 - start());
        }
        return end;
    }

    /** Item-relative offset of the canonical label table. */
    int tableStart() {
        return (int) ((stringsEnd() + Wire.ALIGNMENT - 1) & -Wire.ALIGNMENT);
    }

    /** Absolute offset of label entry {@code index}'s {@code field}. */
    int label(int index, int field) {
        return start() + tableStart() + index * LABEL_ENTRY_SIZE + field;
    }

    /** Absolute offset of the first byte of the string that label field {@code offsetField} points to. */
    int labelString(int index, int offsetField) {
        return start() + (int) u32(response, label(index, offsetField));
    }

    /** The response with {@code count} zero bytes appended to the item. */
    byte[] withTrailingBytes(int count) {
        return withU32(extended(response, count), entry(0, ENTRY_LENGTH), length() + count);
    }

    /**
     * The response with the label table and label strings moved {@code shift}
     * bytes further into the item (behind zero bytes), every label offset
     * adjusted to match: a table at a non-canonical offset.
     */
    byte[] withLabelTableMovedBy(int shift) {
        int table = start() + tableStart();
        byte[] moved = new byte[response.length + shift];
        System.arraycopy(response, 0, moved, 0, table);
        System.arraycopy(response, table, moved, table + shift, response.length - table);
        moved = withU32(moved, entry(0, ENTRY_LENGTH), length() + shift);
        int labels = u16(response, field(kind.labelCountField()));
        for (int i = 0; i < labels; i++) {
            int entry = table + shift + i * LABEL_ENTRY_SIZE;
            moved = withU32(moved, entry + LABEL_KEY_OFFSET, u32(moved, entry + LABEL_KEY_OFFSET) + shift);
            moved = withU32(moved, entry + LABEL_VALUE_OFFSET, u32(moved, entry + LABEL_VALUE_OFFSET) + shift);
        }
        return moved;
    }
}
