package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.internal.NativeBytes.u8;

import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Zero-copy view of a CGROUPS_LOOKUP request: a 16-byte header, a key directory
 * and the packed path keys ({@code path bytes + NUL}, 8-aligned, in order).
 *
 * <p>{@link #wrap} validates the header, the directory and every key, so every
 * path can be read afterwards. An empty request ({@code item_count == 0}) is a
 * valid no-op probe.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral: valid only while the wrapped
 * buffer is alive and unchanged (for a Level 2 handler, during the handler
 * invocation only); copy paths you need to keep.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class CgroupsLookupRequestView {
    /** Smallest key: one path byte and its NUL. */
    static final int MIN_KEY_LENGTH = 2;
    private static final String WHAT = "cgroups lookup request";

    private final LookupDirectory directory = new LookupDirectory(WHAT);

    /**
     * Validates and wraps the request at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED, BAD_LAYOUT, BAD_ALIGNMENT, OUT_OF_BOUNDS or MISSING_NUL
     */
    public CgroupsLookupRequestView wrap(ByteBuffer buffer, int offset, int length) {
        directory.wrapRequest(buffer, offset, length, MIN_KEY_LENGTH, -1);
        for (int i = 0; i < directory.itemCount(); i++) {
            checkKey(buffer, directory.checkedEntryStart(i, -1), directory.checkedLength());
        }
        return this;
    }

    private static void checkKey(ByteBuffer buffer, int key, long keyLength) {
        if (u8(buffer, key + (int) keyLength - 1) != 0) {
            throw Checks.fail(CodecError.MISSING_NUL, WHAT + " key terminator");
        }
        if (NativeBytes.containsNul(buffer, key, (int) keyLength - 1)) {
            throw Checks.fail(CodecError.BAD_LAYOUT, WHAT + " key contains NUL");
        }
    }

    /** Decodes the request in {@code bytes}. */
    public static CgroupsLookupRequestView decode(byte[] bytes) {
        return new CgroupsLookupRequestView().wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    /** Number of path keys. */
    public int itemCount() {
        return directory.itemCount();
    }

    /**
     * Re-validates key {@code index} and points {@code target} at its path bytes
     * (without the terminator).
     */
    public BytesView path(int index, BytesView target) {
        int key = directory.checkedEntryStart(index, -1);
        int keyLength = directory.checkedLength();
        if (keyLength < MIN_KEY_LENGTH) {
            throw Checks.fail(CodecError.TRUNCATED, WHAT + " key shorter than one byte plus NUL");
        }
        checkKey(directory.buffer(), key, keyLength);
        return target.wrap(directory.buffer(), key, keyLength - 1);
    }

    /** A new view of key {@code index}. */
    public BytesView path(int index) {
        return path(index, new BytesView());
    }

    /** Owned, immutable copies of every path, in order. */
    public List<ByteString> toOwned() {
        List<ByteString> paths = new ArrayList<>(itemCount());
        BytesView view = new BytesView();
        for (int i = 0; i < itemCount(); i++) {
            paths.add(path(i, view).toByteString());
        }
        return List.copyOf(paths);
    }
}
