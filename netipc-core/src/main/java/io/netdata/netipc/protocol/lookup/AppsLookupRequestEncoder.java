package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU16;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Encoder of APPS_LOOKUP requests; decode with {@link AppsLookupRequestView}.
 *
 * <p>Thread-safety: stateless.
 */
public final class AppsLookupRequestEncoder {
    private AppsLookupRequestEncoder() {
    }

    /** Encoded size of a request for {@code count} PIDs. */
    public static long encodedSize(int count) {
        return LookupWire.REQUEST_HEADER_SIZE
                + (long) count * (LookupWire.DIRECTORY_ENTRY_SIZE + AppsLookupRequestView.KEY_SIZE);
    }

    /**
     * Writes a request for {@code pids} (each an unsigned 32-bit value) into
     * {@code [offset, offset + capacity)}.
     *
     * @return the number of bytes written
     * @throws CodecException OVERFLOW when the request does not fit
     */
    public static int encode(long[] pids, ByteBuffer buffer, int offset, int capacity) {
        Checks.checkRegion(buffer, offset, capacity);
        for (long pid : pids) {
            Checks.checkU32(pid, "pid");
        }
        long size = encodedSize(pids.length);
        if (size > capacity) {
            throw Checks.fail(CodecError.OVERFLOW, "apps lookup request of " + size + " bytes does not fit");
        }
        int packedStart = offset + LookupWire.REQUEST_HEADER_SIZE + pids.length * LookupWire.DIRECTORY_ENTRY_SIZE;
        for (int i = 0; i < pids.length; i++) {
            int entry = offset + LookupWire.REQUEST_HEADER_SIZE + i * LookupWire.DIRECTORY_ENTRY_SIZE;
            int keyOffset = i * AppsLookupRequestView.KEY_SIZE;
            putU32(buffer, entry + LookupWire.OFF_ENTRY_OFFSET, keyOffset);
            putU32(buffer, entry + LookupWire.OFF_ENTRY_LENGTH, AppsLookupRequestView.KEY_SIZE);
            putU32(buffer, packedStart + keyOffset + AppsLookupRequestView.OFF_KEY_PID, pids[i]);
            putU32(buffer, packedStart + keyOffset + AppsLookupRequestView.OFF_KEY_RESERVED, 0);
        }
        putU16(buffer, offset + LookupWire.OFF_LAYOUT_VERSION, Wire.LAYOUT_VERSION);
        putU16(buffer, offset + LookupWire.OFF_FLAGS, 0);
        putU32(buffer, offset + LookupWire.OFF_ITEM_COUNT, pids.length);
        putU32(buffer, offset + LookupWire.OFF_REQUEST_RESERVED0, 0);
        putU32(buffer, offset + LookupWire.OFF_REQUEST_RESERVED1, 0);
        return (int) size;
    }

    /** The encoded request for {@code pids}. */
    public static byte[] encode(long... pids) {
        long size = encodedSize(pids.length);
        if (size > Integer.MAX_VALUE) {
            throw Checks.fail(CodecError.OVERFLOW, "apps lookup request of " + size + " bytes");
        }
        byte[] bytes = new byte[(int) size];
        encode(pids, ByteBuffer.wrap(bytes), 0, bytes.length);
        return bytes;
    }
}
