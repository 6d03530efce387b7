package io.netdata.netipc.protocol.cgroups;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU16;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU32Pair;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU64;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU8;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.BuilderLifecycle;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.Directory;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds a CGROUPS_SNAPSHOT response in a caller-supplied buffer region,
 * byte-identical to the reference: handlers supply semantic fields, the builder
 * manages the directory, string placement, NUL terminators and 8-byte padding.
 *
 * <p>Room for {@code maxItems} directory entries is reserved while building and
 * the packed items are moved down over unused entries by {@link #finish()}; size
 * {@code maxItems} with {@link #estimateMaxItems(int)} when the count is unknown.
 *
 * <p>Misuse raises the usual Java exceptions: {@link IllegalStateException} for
 * adding before {@code reset} or after {@code finish}, and
 * {@link IllegalArgumentException} for a number outside its wire field's range.
 *
 * <p>Handlers get a builder from the server for one invocation only: do not keep
 * it. Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class CgroupsSnapshotResponseBuilder {
    /** Smallest possible encoded item (header plus two empty strings), 8-aligned. */
    private static final int MIN_ALIGNED_ITEM = (int) Checks.align8(CgroupsSnapshotItemView.HEADER_SIZE + 2);
    /**
     * An item's u16 {@code layout_version} and u16 {@code flags} (0) as the one u32 they
     * share, in host order: the version in the lower-addressed half.
     */
    private static final long LAYOUT_AND_NO_FLAGS = NativeBytes.u16PairBits(ByteOrder.nativeOrder(),
            Wire.LAYOUT_VERSION, 0);

    private final BuilderLifecycle lifecycle = new BuilderLifecycle("cgroups snapshot builder");
    private ByteBuffer buffer;
    private int base;
    private int capacity;
    private int maxItems;
    private long systemdEnabled;
    private long generation;
    private long dataOffset;
    private int itemCount;
    private boolean overflowed;

    /** The most items a response of {@code capacity} bytes can hold. */
    public static int estimateMaxItems(int capacity) {
        if (capacity <= CgroupsSnapshotResponseView.HEADER_SIZE) {
            return 0;
        }
        return (capacity - CgroupsSnapshotResponseView.HEADER_SIZE)
                / (CgroupsSnapshotResponseView.DIRECTORY_ENTRY_SIZE + MIN_ALIGNED_ITEM);
    }

    /**
     * Starts a new response in {@code [offset, offset + capacity)} of {@code buffer}.
     *
     * @param systemdEnabled unsigned 32-bit
     * @param generation unsigned 64-bit, raw bits
     */
    public CgroupsSnapshotResponseBuilder reset(ByteBuffer buffer, int offset, int capacity, int maxItems,
            long systemdEnabled, long generation) {
        Checks.checkRegion(buffer, offset, capacity);
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must be >= 0: " + maxItems);
        }
        this.buffer = buffer;
        this.base = offset;
        this.capacity = capacity;
        this.maxItems = maxItems;
        this.itemCount = 0;
        this.overflowed = false;
        this.dataOffset = CgroupsSnapshotResponseView.HEADER_SIZE
                + (long) maxItems * CgroupsSnapshotResponseView.DIRECTORY_ENTRY_SIZE;
        lifecycle.reset();
        return setHeader(systemdEnabled, generation);
    }

    /**
     * Replaces the snapshot-level fields.
     *
     * @throws IllegalStateException before {@link #reset} or after {@link #finish}
     */
    public CgroupsSnapshotResponseBuilder setHeader(long systemdEnabled, long generation) {
        lifecycle.checkAdding();
        this.systemdEnabled = Checks.checkU32(systemdEnabled, "systemd_enabled");
        this.generation = generation;
        return this;
    }

    /**
     * True when an add since the last reset was refused with OVERFLOW: the snapshot
     * then lacks an item even if the caller went on, so a server must not send it.
     */
    public boolean overflowed() {
        return overflowed;
    }

    private CodecException overflow(String message) {
        overflowed = true;
        return Checks.fail(CodecError.OVERFLOW, message);
    }

    /** Number of items added so far. */
    public int itemCount() {
        return itemCount;
    }

    /**
     * Appends one item.
     *
     * @param hash {@code simple_hash(name)}, unsigned 32-bit
     * @throws CodecException OVERFLOW when {@code maxItems} is reached or the item does not fit
     * @throws IllegalStateException before {@link #reset} or after {@link #finish}
     */
    public CgroupsSnapshotResponseBuilder add(long hash, long options, long enabled, ByteSource name,
            ByteSource path) {
        lifecycle.checkAdding();
        Checks.checkU32(hash, "hash");
        Checks.checkU32(options, "options");
        Checks.checkU32(enabled, "enabled");
        if (itemCount >= maxItems) {
            throw overflow("snapshot already holds " + maxItems + " items");
        }
        long itemStart = Checks.align8(dataOffset);
        long nameOffset = CgroupsSnapshotItemView.HEADER_SIZE;
        long pathOffset = nameOffset + name.length() + 1;
        long itemSize = pathOffset + path.length() + 1;
        if (itemStart + itemSize > capacity) {
            throw overflow("snapshot item of " + itemSize + " bytes does not fit");
        }
        if (itemStart != dataOffset) {
            // Less than eight bytes of padding, then the item header, which overwrites the rest of
            // these eight zeros below: one store instead of a byte loop (the item fits, so they do).
            putU64(buffer, base + (int) dataOffset, 0);
        }
        int item = base + (int) itemStart;
        // The header in pairs of adjacent 32-bit fields, one store each; the same bytes.
        putU32Pair(buffer, item + CgroupsSnapshotItemView.OFF_LAYOUT_VERSION, LAYOUT_AND_NO_FLAGS, hash);
        putU32Pair(buffer, item + CgroupsSnapshotItemView.OFF_OPTIONS, options, enabled);
        putU32Pair(buffer, item + CgroupsSnapshotItemView.OFF_NAME_OFFSET, nameOffset, name.length());
        putU32Pair(buffer, item + CgroupsSnapshotItemView.OFF_PATH_OFFSET, pathOffset, path.length());
        name.copyTo(buffer, item + (int) nameOffset);
        putU8(buffer, item + (int) nameOffset + name.length(), 0);
        path.copyTo(buffer, item + (int) pathOffset);
        putU8(buffer, item + (int) pathOffset + path.length(), 0);
        int entry = base + CgroupsSnapshotResponseView.HEADER_SIZE
                + itemCount * CgroupsSnapshotResponseView.DIRECTORY_ENTRY_SIZE;
        putU32Pair(buffer, entry + CgroupsSnapshotResponseView.OFF_ENTRY_OFFSET, itemStart, itemSize);
        dataOffset = itemStart + itemSize;
        itemCount++;
        return this;
    }

    /** Appends an owned item. */
    public CgroupsSnapshotResponseBuilder add(CgroupsSnapshotItem item) {
        return add(item.hash(), item.options(), item.enabled(), item.name(), item.path());
    }

    /**
     * Writes the header, compacts the directory to the items added and rebases
     * item offsets onto the packed area.
     *
     * @return the payload length in bytes, starting at the region's offset
     *     (calling it again returns the same length)
     * @throws CodecException OVERFLOW when the region cannot hold even the header
     * @throws IllegalStateException before {@link #reset}
     */
    public int finish() {
        lifecycle.checkReset();
        if (lifecycle.isFinished()) {
            return lifecycle.finishedLength();
        }
        if (capacity < CgroupsSnapshotResponseView.HEADER_SIZE) {
            throw Checks.fail(CodecError.OVERFLOW, "snapshot header does not fit");
        }
        writeHeader();
        if (itemCount == 0) {
            return lifecycle.finished(CgroupsSnapshotResponseView.HEADER_SIZE);
        }
        return lifecycle.finished(Directory.compact(buffer, base, CgroupsSnapshotResponseView.HEADER_SIZE,
                itemCount, dataOffset));
    }

    private void writeHeader() {
        putU16(buffer, base + CgroupsSnapshotResponseView.OFF_LAYOUT_VERSION, Wire.LAYOUT_VERSION);
        putU16(buffer, base + CgroupsSnapshotResponseView.OFF_FLAGS, 0);
        putU32(buffer, base + CgroupsSnapshotResponseView.OFF_ITEM_COUNT, itemCount);
        putU32(buffer, base + CgroupsSnapshotResponseView.OFF_SYSTEMD_ENABLED, systemdEnabled);
        putU32(buffer, base + CgroupsSnapshotResponseView.OFF_RESERVED, 0);
        putU64(buffer, base + CgroupsSnapshotResponseView.OFF_GENERATION, generation);
    }
}
