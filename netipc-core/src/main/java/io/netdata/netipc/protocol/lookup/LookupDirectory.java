package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.internal.NativeBytes.u64;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The validated header and ordered directory of a lookup request or response,
 * shared by the four lookup views. Entry reads after {@code wrap} re-check
 * alignment and bounds, as the reference's item accessors do.
 */
final class LookupDirectory {
    private final String what;
    private ByteBuffer buffer;
    private int base;
    private int directory;
    private int packedStart;
    private int packedLength;
    private int itemCount;
    private int checkedLength;

    LookupDirectory(String what) {
        this.what = what;
    }

    /** Validates a request header and its directory of keys. */
    void wrapRequest(ByteBuffer buffer, int offset, int length, long minLength, long exactLength) {
        Checks.checkRegion(buffer, offset, length);
        int count = LookupWire.requestItemCount(buffer, offset, length, what);
        init(buffer, offset, length, LookupWire.REQUEST_HEADER_SIZE, count, minLength, exactLength);
    }

    /** Validates a response header and its directory of items. */
    void wrapResponse(ByteBuffer buffer, int offset, int length, int itemHeaderSize) {
        Checks.checkRegion(buffer, offset, length);
        int count = LookupWire.responseItemCount(buffer, offset, length, what);
        init(buffer, offset, length, LookupWire.RESPONSE_HEADER_SIZE, count, itemHeaderSize, -1);
    }

    private void init(ByteBuffer buffer, int offset, int length, int headerSize, int count, long minLength,
            long exactLength) {
        int dir = offset + headerSize;
        int packed = LookupWire.packedStart(offset, headerSize, count);
        int packedLen = offset + length - packed;
        LookupWire.validateOrderedDirectory(buffer, dir, count, packedLen, minLength, exactLength, what);
        this.buffer = buffer;
        this.base = offset;
        this.directory = dir;
        this.packedStart = packed;
        this.packedLength = packedLen;
        this.itemCount = count;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    int itemCount() {
        return itemCount;
    }

    /** The response generation (responses only). */
    long generation() {
        return u64(buffer, base + LookupWire.OFF_RESPONSE_GENERATION);
    }

    private long entryLength(int index) {
        return LookupWire.entryLength(buffer, directory, index);
    }

    /**
     * Re-checks entry {@code index} (alignment, then the exact length when
     * {@code exactLength} is non-negative, then bounds, as the reference's
     * accessors do) and returns its absolute start; the length that was checked
     * is then {@link #checkedLength()}. Each field is read once, so bytes changing
     * underneath (shared memory) cannot slip between check and use.
     */
    int checkedEntryStart(int index, long exactLength) {
        Objects.checkIndex(index, itemCount);
        long offset = LookupWire.entryOffset(buffer, directory, index);
        long length = entryLength(index);
        if (!Checks.isAligned(offset)) {
            throw Checks.fail(CodecError.BAD_ALIGNMENT, what + " entry " + index + " offset");
        }
        if (exactLength >= 0 && length != exactLength) {
            throw Checks.fail(CodecError.BAD_LAYOUT, what + " entry " + index + " length " + length);
        }
        if (offset + length > packedLength) {
            throw Checks.fail(CodecError.OUT_OF_BOUNDS, what + " entry " + index);
        }
        checkedLength = (int) length;
        return packedStart + (int) offset;
    }

    /** The length validated by the last {@link #checkedEntryStart}. */
    int checkedLength() {
        return checkedLength;
    }
}
