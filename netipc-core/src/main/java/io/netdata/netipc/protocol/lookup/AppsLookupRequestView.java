package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.internal.NativeBytes.u32;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Zero-copy view of an APPS_LOOKUP request: a 16-byte header, a key directory
 * and fixed 8-byte PID keys (pid u32, reserved u32 = 0). Keys are binary, not
 * strings: every directory length is exactly 8 and there is no terminator.
 *
 * <p>{@link #wrap} validates the header, the directory and every key. An empty
 * request is a valid no-op probe.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral: valid only while the wrapped
 * buffer is alive and unchanged (for a Level 2 handler, during the handler
 * invocation only).
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class AppsLookupRequestView {
    /** Size of one PID key. */
    public static final int KEY_SIZE = 8;

    static final int OFF_KEY_PID = 0;
    static final int OFF_KEY_RESERVED = 4;
    private static final String WHAT = "apps lookup request";

    private final LookupDirectory directory = new LookupDirectory(WHAT);

    /**
     * Validates and wraps the request at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED, BAD_LAYOUT, BAD_ALIGNMENT or OUT_OF_BOUNDS
     */
    public AppsLookupRequestView wrap(ByteBuffer buffer, int offset, int length) {
        directory.wrapRequest(buffer, offset, length, 0, KEY_SIZE);
        for (int i = 0; i < directory.itemCount(); i++) {
            checkReserved(buffer, directory.checkedEntryStart(i, KEY_SIZE));
        }
        return this;
    }

    private static void checkReserved(ByteBuffer buffer, int key) {
        if (u32(buffer, key + OFF_KEY_RESERVED) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, WHAT + " key reserved field must be 0");
        }
    }

    /** Decodes the request in {@code bytes}. */
    public static AppsLookupRequestView decode(byte[] bytes) {
        return new AppsLookupRequestView().wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    /** Number of PID keys. */
    public int itemCount() {
        return directory.itemCount();
    }

    /** Re-validates key {@code index} and returns its PID (unsigned 32-bit). */
    public long pid(int index) {
        int key = directory.checkedEntryStart(index, KEY_SIZE);
        checkReserved(directory.buffer(), key);
        return u32(directory.buffer(), key + OFF_KEY_PID);
    }

    /** Owned copy of every PID, in order. */
    public long[] toOwned() {
        long[] pids = new long[itemCount()];
        for (int i = 0; i < pids.length; i++) {
            pids[i] = pid(i);
        }
        return pids;
    }
}
