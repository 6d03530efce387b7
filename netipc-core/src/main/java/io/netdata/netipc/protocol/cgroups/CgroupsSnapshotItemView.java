package io.netdata.netipc.protocol.cgroups;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;
import static io.netdata.netipc.protocol.internal.NativeBytes.u8;

import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Zero-copy view of one cgroups snapshot item: a 32-byte header followed by the
 * NUL-terminated name and path.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral: valid only while the snapshot
 * buffer is alive and unchanged, and until this view is wrapped again;
 * {@link #name()} and {@link #path()} are re-pointed on every wrap.
 * {@link #toOwned()} copies.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class CgroupsSnapshotItemView {
    /** Size of the fixed item header; the first valid string offset. */
    public static final int HEADER_SIZE = 32;

    static final int OFF_LAYOUT_VERSION = 0;
    static final int OFF_FLAGS = 2;
    static final int OFF_HASH = 4;
    static final int OFF_OPTIONS = 8;
    static final int OFF_ENABLED = 12;
    static final int OFF_NAME_OFFSET = 16;
    static final int OFF_NAME_LENGTH = 20;
    static final int OFF_PATH_OFFSET = 24;
    static final int OFF_PATH_LENGTH = 28;

    private final BytesView name = new BytesView();
    private final BytesView path = new BytesView();
    private ByteBuffer buffer;
    private int base;

    /**
     * Validates and wraps the item at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED, BAD_LAYOUT, OUT_OF_BOUNDS or MISSING_NUL
     */
    public CgroupsSnapshotItemView wrap(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        Checks.requireLength(length, HEADER_SIZE, "cgroups snapshot item");
        if (u16(buffer, offset + OFF_LAYOUT_VERSION) != Wire.LAYOUT_VERSION) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups snapshot item layout_version");
        }
        if (u16(buffer, offset + OFF_FLAGS) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups snapshot item flags must be 0");
        }
        long nameOffset = u32(buffer, offset + OFF_NAME_OFFSET);
        long nameLength = u32(buffer, offset + OFF_NAME_LENGTH);
        long pathOffset = u32(buffer, offset + OFF_PATH_OFFSET);
        long pathLength = u32(buffer, offset + OFF_PATH_LENGTH);
        checkString(buffer, offset, length, nameOffset, nameLength, "name");
        checkString(buffer, offset, length, pathOffset, pathLength, "path");
        long nameEnd = nameOffset + nameLength + 1;
        long pathEnd = pathOffset + pathLength + 1;
        if (nameOffset < pathEnd && pathOffset < nameEnd) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups snapshot item name and path overlap");
        }
        name.wrap(buffer, offset + (int) nameOffset, (int) nameLength);
        path.wrap(buffer, offset + (int) pathOffset, (int) pathLength);
        this.buffer = buffer;
        this.base = offset;
        return this;
    }

    /**
     * Points this view at an item {@link #wrap} accepted before, with the string bounds
     * that wrap found (absolute offsets), without reading or checking the item again.
     * For {@link CgroupsSnapshotResponseView#checkItems()}.
     */
    CgroupsSnapshotItemView wrapChecked(ByteBuffer buffer, int start, int nameOffset, int nameLength,
            int pathOffset, int pathLength) {
        name.wrap(buffer, nameOffset, nameLength);
        path.wrap(buffer, pathOffset, pathLength);
        this.buffer = buffer;
        this.base = start;
        return this;
    }

    /** Absolute offset of the item in its buffer. */
    int start() {
        return base;
    }

    private static void checkString(ByteBuffer buffer, int item, int itemLength, long offset, long length,
            String field) {
        if (offset < HEADER_SIZE) {
            throw Checks.fail(CodecError.OUT_OF_BOUNDS, "cgroups snapshot item " + field + " offset " + offset);
        }
        if (offset + length + 1 > itemLength) {
            throw Checks.fail(CodecError.OUT_OF_BOUNDS, "cgroups snapshot item " + field + " past item end");
        }
        if (u8(buffer, item + (int) (offset + length)) != 0) {
            throw Checks.fail(CodecError.MISSING_NUL, "cgroups snapshot item " + field + " terminator");
        }
    }

    public int layoutVersion() {
        return u16(buffer, base + OFF_LAYOUT_VERSION);
    }

    public int flags() {
        return u16(buffer, base + OFF_FLAGS);
    }

    /** {@code simple_hash(name)} as computed by the producer (unsigned 32-bit). */
    public long hash() {
        return u32(buffer, base + OFF_HASH);
    }

    /** Cgroup option flags (unsigned 32-bit). */
    public long options() {
        return u32(buffer, base + OFF_OPTIONS);
    }

    /** Whether the cgroup is enabled (unsigned 32-bit; non-zero means enabled). */
    public long enabled() {
        return u32(buffer, base + OFF_ENABLED);
    }

    /** The name bytes, without the terminator. */
    public BytesView name() {
        return name;
    }

    /** The path bytes, without the terminator. */
    public BytesView path() {
        return path;
    }

    /** Owned copy. */
    public CgroupsSnapshotItem toOwned() {
        return new CgroupsSnapshotItem(hash(), options(), enabled(), name.toByteString(), path.toByteString());
    }
}
