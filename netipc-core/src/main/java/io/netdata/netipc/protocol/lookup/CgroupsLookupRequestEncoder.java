package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU16;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU8;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encoder of CGROUPS_LOOKUP requests; decode with {@link CgroupsLookupRequestView}.
 *
 * <p>Thread-safety: stateless.
 */
public final class CgroupsLookupRequestEncoder {
    private CgroupsLookupRequestEncoder() {
    }

    /** Encoded size of a request for {@code paths}. */
    public static long encodedSize(List<? extends ByteSource> paths) {
        long end = LookupWire.REQUEST_HEADER_SIZE + (long) paths.size() * LookupWire.DIRECTORY_ENTRY_SIZE;
        for (ByteSource path : paths) {
            end = Checks.align8(end) + path.length() + 1;
        }
        return end;
    }

    /**
     * Writes a request for {@code paths} into {@code [offset, offset + capacity)}.
     *
     * @return the number of bytes written
     * @throws CodecException BAD_LAYOUT for an empty path or one containing NUL;
     *     OVERFLOW when the request does not fit
     */
    public static int encode(List<? extends ByteSource> paths, ByteBuffer buffer, int offset, int capacity) {
        Checks.checkRegion(buffer, offset, capacity);
        int count = paths.size();
        long packedStart = LookupWire.REQUEST_HEADER_SIZE + (long) count * LookupWire.DIRECTORY_ENTRY_SIZE;
        if (packedStart > capacity) {
            throw Checks.fail(CodecError.OVERFLOW, "cgroups lookup request directory does not fit");
        }
        long data = packedStart;
        for (int i = 0; i < count; i++) {
            ByteSource path = paths.get(i);
            if (path.length() == 0 || path.containsNul()) {
                throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups lookup path " + i + " is empty or contains NUL");
            }
            long aligned = Checks.align8(data);
            long keyLength = path.length() + 1L;
            if (aligned + keyLength > capacity) {
                throw Checks.fail(CodecError.OVERFLOW, "cgroups lookup request does not fit");
            }
            NativeBytes.zero(buffer, offset + (int) data, (int) (aligned - data));
            int entry = offset + LookupWire.REQUEST_HEADER_SIZE + i * LookupWire.DIRECTORY_ENTRY_SIZE;
            putU32(buffer, entry + LookupWire.OFF_ENTRY_OFFSET, aligned - packedStart);
            putU32(buffer, entry + LookupWire.OFF_ENTRY_LENGTH, keyLength);
            path.copyTo(buffer, offset + (int) aligned);
            putU8(buffer, offset + (int) aligned + path.length(), 0);
            data = aligned + keyLength;
        }
        putU16(buffer, offset + LookupWire.OFF_LAYOUT_VERSION, Wire.LAYOUT_VERSION);
        putU16(buffer, offset + LookupWire.OFF_FLAGS, 0);
        putU32(buffer, offset + LookupWire.OFF_ITEM_COUNT, count);
        putU32(buffer, offset + LookupWire.OFF_REQUEST_RESERVED0, 0);
        putU32(buffer, offset + LookupWire.OFF_REQUEST_RESERVED1, 0);
        return (int) data;
    }

    /** The encoded request for {@code paths}. */
    public static byte[] encode(List<? extends ByteSource> paths) {
        long size = encodedSize(paths);
        if (size > Integer.MAX_VALUE) {
            throw Checks.fail(CodecError.OVERFLOW, "cgroups lookup request of " + size + " bytes");
        }
        byte[] bytes = new byte[(int) size];
        encode(paths, ByteBuffer.wrap(bytes), 0, bytes.length);
        return bytes;
    }
}
