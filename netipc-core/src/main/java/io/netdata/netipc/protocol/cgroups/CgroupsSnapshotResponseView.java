package io.netdata.netipc.protocol.cgroups;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;
import static io.netdata.netipc.protocol.internal.NativeBytes.u64;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Zero-copy view of a CGROUPS_SNAPSHOT response: a 24-byte header, an item
 * directory and the packed items.
 *
 * <p>{@link #wrap} validates the header and every directory entry (alignment,
 * bounds, minimum item size); each item's own fields are validated when it is
 * read with {@link #item(int, CgroupsSnapshotItemView)}, which throws
 * {@link CodecException} for a malformed item. Reading an item allocates nothing
 * when the caller re-uses one item view.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral: valid only while the wrapped
 * buffer is alive and unchanged (for a Level 2 client, until its next call);
 * copy with {@link #toOwned()} or per item.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class CgroupsSnapshotResponseView {
    /** Size of the fixed snapshot header. */
    public static final int HEADER_SIZE = 24;
    /** Size of one item directory entry. */
    public static final int DIRECTORY_ENTRY_SIZE = 8;

    static final int OFF_LAYOUT_VERSION = 0;
    static final int OFF_FLAGS = 2;
    static final int OFF_ITEM_COUNT = 4;
    static final int OFF_SYSTEMD_ENABLED = 8;
    static final int OFF_RESERVED = 12;
    static final int OFF_GENERATION = 16;
    static final int OFF_ENTRY_OFFSET = 0;
    static final int OFF_ENTRY_LENGTH = 4;

    private ByteBuffer buffer;
    private int base;
    private int itemCount;
    private int packedStart;

    /**
     * Validates and wraps the response at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED, BAD_LAYOUT, BAD_ALIGNMENT or OUT_OF_BOUNDS
     */
    public CgroupsSnapshotResponseView wrap(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        Checks.requireLength(length, HEADER_SIZE, "cgroups snapshot response");
        if (u16(buffer, offset + OFF_LAYOUT_VERSION) != Wire.LAYOUT_VERSION) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups snapshot layout_version");
        }
        if (u16(buffer, offset + OFF_FLAGS) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups snapshot flags must be 0");
        }
        if (u32(buffer, offset + OFF_RESERVED) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups snapshot reserved must be 0");
        }
        long count = u32(buffer, offset + OFF_ITEM_COUNT);
        long directoryEnd = HEADER_SIZE + count * DIRECTORY_ENTRY_SIZE;
        if (directoryEnd > length) {
            throw Checks.fail(CodecError.TRUNCATED, "cgroups snapshot directory of " + count + " entries");
        }
        long packedLength = length - directoryEnd;
        for (int i = 0; i < count; i++) {
            int entry = offset + HEADER_SIZE + i * DIRECTORY_ENTRY_SIZE;
            long itemOffset = u32(buffer, entry + OFF_ENTRY_OFFSET);
            long itemLength = u32(buffer, entry + OFF_ENTRY_LENGTH);
            if (!Checks.isAligned(itemOffset)) {
                throw Checks.fail(CodecError.BAD_ALIGNMENT, "cgroups snapshot item " + i + " offset");
            }
            if (itemOffset + itemLength > packedLength) {
                throw Checks.fail(CodecError.OUT_OF_BOUNDS, "cgroups snapshot item " + i);
            }
            if (itemLength < CgroupsSnapshotItemView.HEADER_SIZE) {
                throw Checks.fail(CodecError.TRUNCATED, "cgroups snapshot item " + i + " shorter than its header");
            }
        }
        this.buffer = buffer;
        this.base = offset;
        this.itemCount = (int) count;
        this.packedStart = offset + (int) directoryEnd;
        return this;
    }

    /** Decodes the response in {@code bytes}. */
    public static CgroupsSnapshotResponseView decode(byte[] bytes) {
        return new CgroupsSnapshotResponseView().wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    public int layoutVersion() {
        return u16(buffer, base + OFF_LAYOUT_VERSION);
    }

    public int flags() {
        return u16(buffer, base + OFF_FLAGS);
    }

    /** Number of items (the snapshot's own count, not the envelope's). */
    public int itemCount() {
        return itemCount;
    }

    /** Whether systemd cgroup integration is active (unsigned 32-bit). */
    public long systemdEnabled() {
        return u32(buffer, base + OFF_SYSTEMD_ENABLED);
    }

    /** Snapshot generation (unsigned 64-bit, raw bits). */
    public long generation() {
        return u64(buffer, base + OFF_GENERATION);
    }

    /**
     * Validates item {@code index} and points {@code target} at it.
     *
     * @throws CodecException when the item is malformed
     */
    public CgroupsSnapshotItemView item(int index, CgroupsSnapshotItemView target) {
        Objects.checkIndex(index, itemCount);
        int entry = base + HEADER_SIZE + index * DIRECTORY_ENTRY_SIZE;
        int itemOffset = (int) u32(buffer, entry + OFF_ENTRY_OFFSET);
        int itemLength = (int) u32(buffer, entry + OFF_ENTRY_LENGTH);
        return target.wrap(buffer, packedStart + itemOffset, itemLength);
    }

    /** A new, validated view of item {@code index}. */
    public CgroupsSnapshotItemView item(int index) {
        return item(index, new CgroupsSnapshotItemView());
    }

    /**
     * Owned copy of the whole snapshot.
     *
     * @throws CodecException when any item is malformed
     */
    public CgroupsSnapshot toOwned() {
        List<CgroupsSnapshotItem> items = new ArrayList<>(itemCount);
        CgroupsSnapshotItemView view = new CgroupsSnapshotItemView();
        for (int i = 0; i < itemCount; i++) {
            items.add(item(i, view).toOwned());
        }
        return new CgroupsSnapshot(systemdEnabled(), generation(), items);
    }
}
