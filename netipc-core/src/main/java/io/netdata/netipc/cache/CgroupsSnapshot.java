package io.netdata.netipc.cache;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.protocol.internal.Utf8Chars;
import java.util.List;
import java.util.Objects;

/**
 * One immutable, indexed copy of a cgroups snapshot: what the cache publishes
 * after each successful refresh. Lookups by {@code hash + name} probe an
 * open-addressing table and allocate nothing.
 *
 * <p>Thread-safety: immutable; any number of threads may read it at once.
 */
public final class CgroupsSnapshot {
    /** The table is kept at most half full, so probes stay short. */
    private static final int LOAD_FACTOR_INVERSE = 2;

    private final long generation;
    private final long systemdEnabled;
    private final List<CachedCgroup> items;
    /**
     * The open-addressing table: the item per slot (null when empty) and, beside it,
     * its hash, so that a probe touches two arrays and no item it does not compare.
     * The length is a power of two.
     */
    private final CachedCgroup[] slots;
    private final long[] slotHashes;
    private final int mask;

    private CgroupsSnapshot(long generation, long systemdEnabled, List<CachedCgroup> items) {
        this.generation = generation;
        this.systemdEnabled = systemdEnabled;
        this.items = items;
        this.slots = index(items);
        this.slotHashes = new long[slots.length];
        for (int slot = 0; slot < slots.length; slot++) {
            slotHashes[slot] = slots[slot] != null ? slots[slot].hash() : 0;
        }
        this.mask = slots.length - 1;
    }

    /** The snapshot of no successful refresh yet: no items. */
    static final CgroupsSnapshot EMPTY = new CgroupsSnapshot(0, 0, List.of());

    /** Copies {@code view} (already validated item by item) into an indexed snapshot. */
    static CgroupsSnapshot copyOf(CgroupsSnapshotResponseView view) {
        CgroupsSnapshotItemView item = new CgroupsSnapshotItemView();
        CachedCgroup[] copies = new CachedCgroup[view.itemCount()];
        for (int i = 0; i < copies.length; i++) {
            view.item(i, item);
            copies[i] = new CachedCgroup(item.hash(), item.options(), item.enabled(), item.name().toByteString(),
                    item.path().toByteString());
        }
        return new CgroupsSnapshot(view.generation(), view.systemdEnabled(), List.of(copies));
    }

    private static CachedCgroup[] index(List<CachedCgroup> items) {
        int size = Integer.highestOneBit(Math.max(1, items.size() * LOAD_FACTOR_INVERSE - 1)) << 1;
        CachedCgroup[] slots = new CachedCgroup[size];
        for (CachedCgroup item : items) {
            int slot = home(item.hash(), size);
            while (slots[slot] != null) {
                slot = (slot + 1) & (size - 1);
            }
            slots[slot] = item;
        }
        return slots;
    }

    private static int home(long hash, int size) {
        // The producer's hash is already well mixed (FNV-1a): its low bits spread the items.
        return (int) hash & (size - 1);
    }

    /** The producer's generation of this snapshot. */
    public long generation() {
        return generation;
    }

    /** The producer's systemd_enabled value. */
    public long systemdEnabled() {
        return systemdEnabled;
    }

    public int itemCount() {
        return items.size();
    }

    /** All items, in the producer's order (unmodifiable). */
    public List<CachedCgroup> items() {
        return items;
    }

    /**
     * The item with {@code hash} and exactly the bytes of {@code name}, or null; allocates nothing.
     *
     * @param hash {@code simple_hash(name)}, unsigned 32-bit
     */
    public CachedCgroup get(long hash, ByteSource name) {
        Objects.requireNonNull(name, "name");
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            CachedCgroup candidate = slots[slot];
            if (candidate == null) {
                return null;
            }
            if (slotHashes[slot] == hash && candidate.name().contentEquals(name)) {
                return candidate;
            }
        }
    }

    /**
     * The item named {@code name} (its UTF-8 bytes, an unpaired surrogate
     * encoded as {@code '?'}), or null. Computes {@code simple_hash} and compares
     * the encoding with the stored names as it goes: allocates nothing, whatever
     * the characters.
     */
    public CachedCgroup get(CharSequence name) {
        Objects.requireNonNull(name, "name");
        long hash = SimpleHash.of(name);
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            CachedCgroup candidate = slots[slot];
            if (candidate == null) {
                return null;
            }
            if (slotHashes[slot] == hash && Utf8Chars.contentEquals(candidate.name(), name)) {
                return candidate;
            }
        }
    }
}
