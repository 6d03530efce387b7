package io.netdata.netipc.protocol.cgroups;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;
import static io.netdata.netipc.protocol.internal.NativeBytes.u64;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.Directory;
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
 * <p>{@link #checkItems()} validates every item at once and remembers where each
 * one's strings are: until the next {@link #wrap}, {@link #item(int, CgroupsSnapshotItemView)}
 * then points the item view at those checked bounds without reading the directory
 * or the item's header again. Use it on a buffer nothing else writes (a Level 2
 * client's private copy of a response), where reading each item once is enough;
 * fields outside the strings (hash, options, enabled) are still read from the
 * buffer, and no access can leave the checked bounds whatever happens to the bytes.
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
    public static final int DIRECTORY_ENTRY_SIZE = Directory.ENTRY_SIZE;

    static final int OFF_LAYOUT_VERSION = 0;
    static final int OFF_FLAGS = 2;
    static final int OFF_ITEM_COUNT = 4;
    static final int OFF_SYSTEMD_ENABLED = 8;
    static final int OFF_RESERVED = 12;
    static final int OFF_GENERATION = 16;
    static final int OFF_ENTRY_OFFSET = Directory.OFF_ENTRY_OFFSET;
    static final int OFF_ENTRY_LENGTH = Directory.OFF_ENTRY_LENGTH;

    /** What {@link #checkItems()} remembers per item, at these indexes of a row. */
    private static final int CHECKED_FIELDS = 5;
    private static final int CHECKED_START = 0;
    private static final int CHECKED_NAME_OFFSET = 1;
    private static final int CHECKED_NAME_LENGTH = 2;
    private static final int CHECKED_PATH_OFFSET = 3;
    private static final int CHECKED_PATH_LENGTH = 4;

    private ByteBuffer buffer;
    private int base;
    private int itemCount;
    private int packedStart;
    private long packedLength;
    private int payloadLength;
    /** Per item after {@link #checkItems()}: start, name offset, name length, path offset, path length. */
    private int[] checked = new int[0];
    /** Whether {@link #checked} describes the items of the current wrap. */
    private boolean itemsChecked;
    private CgroupsSnapshotItemView scratch;

    /**
     * Validates and wraps the response at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED, BAD_LAYOUT, BAD_ALIGNMENT or OUT_OF_BOUNDS
     */
    public CgroupsSnapshotResponseView wrap(ByteBuffer buffer, int offset, int length) {
        // First, so that even a failed wrap forgets the checks of the previous one.
        itemsChecked = false;
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
        long packed = length - directoryEnd;
        for (int i = 0; i < count; i++) {
            int entry = offset + HEADER_SIZE + i * DIRECTORY_ENTRY_SIZE;
            checkEntry(i, u32(buffer, entry + OFF_ENTRY_OFFSET), u32(buffer, entry + OFF_ENTRY_LENGTH), packed);
        }
        this.buffer = buffer;
        this.base = offset;
        this.itemCount = (int) count;
        this.packedStart = offset + (int) directoryEnd;
        this.packedLength = packed;
        this.payloadLength = length;
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
     * Points {@code target} at item {@code index}: validated now, or, after a successful
     * {@link #checkItems()} on this wrap, at the bounds that call validated (nothing is
     * checked again and nothing can fail but the index).
     *
     * @throws CodecException when the item is malformed (without {@link #checkItems()})
     */
    public CgroupsSnapshotItemView item(int index, CgroupsSnapshotItemView target) {
        Objects.checkIndex(index, itemCount);
        if (itemsChecked) {
            int at = index * CHECKED_FIELDS;
            return target.wrapChecked(buffer, checked[at + CHECKED_START], checked[at + CHECKED_NAME_OFFSET],
                    checked[at + CHECKED_NAME_LENGTH], checked[at + CHECKED_PATH_OFFSET],
                    checked[at + CHECKED_PATH_LENGTH]);
        }
        int entry = base + HEADER_SIZE + index * DIRECTORY_ENTRY_SIZE;
        long itemOffset = u32(buffer, entry + OFF_ENTRY_OFFSET);
        long itemLength = u32(buffer, entry + OFF_ENTRY_LENGTH);
        checkEntry(index, itemOffset, itemLength, packedLength);
        return target.wrap(buffer, packedStart + (int) itemOffset, (int) itemLength);
    }

    /**
     * Validates every item, as {@link #item(int, CgroupsSnapshotItemView)} does, and
     * remembers each one's checked bounds, so that reading the items again until the
     * next {@link #wrap} repeats no work (see the class comment). Items whose entries
     * add up to more than the packed area (overlapping, which the wire allows) are
     * validated but not remembered, so that a small hostile payload cannot make the
     * remembered bounds outgrow it: {@code item} then validates on every read.
     *
     * @return this view
     * @throws CodecException when any item is malformed (nothing is remembered then)
     */
    public CgroupsSnapshotResponseView checkItems() {
        itemsChecked = false;
        if (scratch == null) {
            scratch = new CgroupsSnapshotItemView();
        }
        boolean remember = itemsFitThePackedArea();
        if (remember && checked.length < itemCount * CHECKED_FIELDS) {
            checked = new int[itemCount * CHECKED_FIELDS];
        }
        for (int i = 0; i < itemCount; i++) {
            item(i, scratch);
            if (remember) {
                int at = i * CHECKED_FIELDS;
                checked[at + CHECKED_START] = scratch.start();
                checked[at + CHECKED_NAME_OFFSET] = scratch.name().offset();
                checked[at + CHECKED_NAME_LENGTH] = scratch.name().length();
                checked[at + CHECKED_PATH_OFFSET] = scratch.path().offset();
                checked[at + CHECKED_PATH_LENGTH] = scratch.path().length();
            }
        }
        itemsChecked = remember;
        return this;
    }

    /**
     * True when the items' lengths add up to no more than the packed area: then there
     * are at most one item per {@link CgroupsSnapshotItemView#HEADER_SIZE} bytes of it.
     */
    private boolean itemsFitThePackedArea() {
        long total = 0;
        for (int i = 0; i < itemCount; i++) {
            total += u32(buffer, base + HEADER_SIZE + i * DIRECTORY_ENTRY_SIZE + OFF_ENTRY_LENGTH);
            if (total > packedLength) {
                return false;
            }
        }
        return true;
    }

    /**
     * The directory rules for one entry. {@link #item} applies them again, as the
     * reference accessor does, so that bytes changed after {@link #wrap} (memory
     * shared with another process) are caught rather than read out of bounds.
     */
    private static void checkEntry(int index, long itemOffset, long itemLength, long packedLength) {
        if (!Checks.isAligned(itemOffset)) {
            throw Checks.fail(CodecError.BAD_ALIGNMENT, "cgroups snapshot item " + index + " offset");
        }
        if (itemOffset + itemLength > packedLength) {
            throw Checks.fail(CodecError.OUT_OF_BOUNDS, "cgroups snapshot item " + index);
        }
        if (itemLength < CgroupsSnapshotItemView.HEADER_SIZE) {
            throw Checks.fail(CodecError.TRUNCATED, "cgroups snapshot item " + index + " shorter than its header");
        }
    }

    /** A new, validated view of item {@code index}. */
    public CgroupsSnapshotItemView item(int index) {
        return item(index, new CgroupsSnapshotItemView());
    }

    /**
     * Owned copy of the whole snapshot.
     *
     * <p>The wire lets directory entries overlap (the reference accepts it), so a
     * small hostile payload could make copying every item cost far more memory
     * than the payload itself. Items a producer writes never share bytes, so their
     * strings add up to less than the payload: a copy that would exceed the
     * payload's length is refused.
     *
     * @throws CodecException when any item is malformed, or BAD_LAYOUT when the
     *     items' strings add up to more than the payload (overlapping items)
     */
    public CgroupsSnapshot toOwned() {
        List<CgroupsSnapshotItem> items = new ArrayList<>(itemCount);
        CgroupsSnapshotItemView view = new CgroupsSnapshotItemView();
        long copied = 0;
        for (int i = 0; i < itemCount; i++) {
            item(i, view);
            // Counted on the lengths about to be copied, not in a pass before: bytes in shared
            // memory could change between two passes.
            copied = addCopied(copied, view);
            items.add(view.toOwned());
        }
        return new CgroupsSnapshot(systemdEnabled(), generation(), items);
    }

    /** {@code copied} plus the item's string bytes; BAD_LAYOUT once that exceeds the payload. */
    private long addCopied(long copied, CgroupsSnapshotItemView item) {
        long total = copied + item.name().length() + item.path().length();
        if (total > payloadLength) {
            throw Checks.fail(CodecError.BAD_LAYOUT,
                    "cgroups snapshot items overlap: their strings exceed the payload");
        }
        return total;
    }

    /**
     * Checks that a copy of every item's strings fits in the payload's length, before
     * anyone copies them (see {@link #toOwned()}): entries may overlap, and a copy of
     * each would then cost up to item count times the payload.
     *
     * @return this view
     * @throws CodecException when any item is malformed, or BAD_LAYOUT when the items'
     *     strings add up to more than the payload (overlapping items)
     */
    public CgroupsSnapshotResponseView checkCopyable() {
        if (scratch == null) {
            scratch = new CgroupsSnapshotItemView();
        }
        long copied = 0;
        for (int i = 0; i < itemCount; i++) {
            copied = addCopied(copied, item(i, scratch));
        }
        return this;
    }

}
