package io.netdata.netipc.protocol.cgroups;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Zero-copy view of the 4-byte CGROUPS_SNAPSHOT request (layout version 1,
 * flags 0). Bytes after the first 4 are accepted, as in the reference.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral: valid only while the wrapped
 * buffer is alive and unchanged; {@link #toOwned()} copies.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class CgroupsSnapshotRequestView {
    /** Encoded size. */
    public static final int SIZE = 4;

    static final int OFF_LAYOUT_VERSION = 0;
    static final int OFF_FLAGS = 2;

    private ByteBuffer buffer;
    private int base;

    /**
     * Validates and wraps the request at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED or BAD_LAYOUT
     */
    public CgroupsSnapshotRequestView wrap(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        Checks.requireLength(length, SIZE, "cgroups snapshot request");
        if (u16(buffer, offset + OFF_LAYOUT_VERSION) != Wire.LAYOUT_VERSION) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups snapshot request layout_version");
        }
        if (u16(buffer, offset + OFF_FLAGS) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups snapshot request flags must be 0");
        }
        this.buffer = buffer;
        this.base = offset;
        return this;
    }

    /** Decodes the request in {@code bytes}. */
    public static CgroupsSnapshotRequestView decode(byte[] bytes) {
        return new CgroupsSnapshotRequestView().wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    public int layoutVersion() {
        return u16(buffer, base + OFF_LAYOUT_VERSION);
    }

    public int flags() {
        return u16(buffer, base + OFF_FLAGS);
    }

    /** Owned copy. */
    public CgroupsSnapshotRequest toOwned() {
        return new CgroupsSnapshotRequest(layoutVersion(), flags());
    }
}
