package io.netdata.netipc.protocol.internal;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;

import java.nio.ByteBuffer;

/**
 * The item directory shared by batches, snapshot responses and lookups: entries
 * of a u32 offset and a u32 length, and the final step of the
 * directory-plus-packed-items builders (snapshot and
 * lookup responses): while building, items are placed after a directory sized
 * for the most items the caller announced and entries hold offsets from the
 * region start; finishing moves the items down to follow the entries actually
 * used and rebases every entry onto the packed area.
 *
 * <p>Not part of the public API. Thread-safety: stateless.
 */
public final class Directory {
    /** Size of one directory entry: u32 offset, u32 length. */
    public static final int ENTRY_SIZE = 8;
    /** Offset of the item offset within an entry. */
    public static final int OFF_ENTRY_OFFSET = 0;
    /** Offset of the item length within an entry. */
    public static final int OFF_ENTRY_LENGTH = 4;

    private Directory() {
    }

    /**
     * Compacts the region starting at {@code base}.
     *
     * @param headerSize bytes before the directory
     * @param itemCount entries in use, at least 1
     * @param dataEnd end of the last item, relative to {@code base}
     * @return the payload length
     */
    public static int compact(ByteBuffer buffer, int base, int headerSize, int itemCount, long dataEnd) {
        int directory = base + headerSize;
        int packedStart = headerSize + itemCount * ENTRY_SIZE;
        long firstItem = u32(buffer, directory + OFF_ENTRY_OFFSET);
        int packedLength = (int) (dataEnd - firstItem);
        NativeBytes.move(buffer, base + (int) firstItem, base + packedStart, packedLength);
        for (int i = 0; i < itemCount; i++) {
            int entry = directory + i * ENTRY_SIZE;
            putU32(buffer, entry + OFF_ENTRY_OFFSET, u32(buffer, entry + OFF_ENTRY_OFFSET) - firstItem);
        }
        return packedStart + packedLength;
    }
}
