package io.netdata.netipc.cache;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import java.util.List;
import java.util.Objects;

/**
 * One immutable, indexed copy of a cgroups snapshot: what the cache publishes
 * after each successful refresh. Lookups by {@code hash + name} allocate
 * nothing and stay fast whatever hashes the producer sent (see {@code CgroupsIndex}).
 *
 * <p>Thread-safety: immutable; any number of threads may read it at once.
 */
public final class CgroupsSnapshot {
    private final long generation;
    private final long systemdEnabled;
    private final List<CachedCgroup> items;
    private final CgroupsIndex index;

    private CgroupsSnapshot(long generation, long systemdEnabled, List<CachedCgroup> items) {
        this.generation = generation;
        this.systemdEnabled = systemdEnabled;
        this.items = items;
        this.index = CgroupsIndex.of(items);
    }

    /** The snapshot of no successful refresh yet: no items. */
    static final CgroupsSnapshot EMPTY = new CgroupsSnapshot(0, 0, List.of());

    /**
     * Copies {@code view} (already validated item by item) into an indexed snapshot.
     *
     * @throws CodecException BAD_LAYOUT when the items overlap so that their copies would
     *     outgrow the payload ({@link CgroupsSnapshotResponseView#checkCopyable()})
     */
    static CgroupsSnapshot copyOf(CgroupsSnapshotResponseView view) {
        view.checkCopyable();
        CgroupsSnapshotItemView item = new CgroupsSnapshotItemView();
        CachedCgroup[] copies = new CachedCgroup[view.itemCount()];
        for (int i = 0; i < copies.length; i++) {
            view.item(i, item);
            copies[i] = new CachedCgroup(item.hash(), item.options(), item.enabled(), item.name().toByteString(),
                    item.path().toByteString());
        }
        return new CgroupsSnapshot(view.generation(), view.systemdEnabled(), List.of(copies));
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

    /** The index, for tests of its bounds. */
    CgroupsIndex index() {
        return index;
    }

    /**
     * The item with {@code hash} and exactly the bytes of {@code name}, or null; allocates nothing.
     * Of several such items, the producer's first.
     *
     * @param hash {@code simple_hash(name)}, unsigned 32-bit
     */
    public CachedCgroup get(long hash, ByteSource name) {
        Objects.requireNonNull(name, "name");
        return index.get(hash, name);
    }

    /**
     * The item named {@code name} (its UTF-8 bytes, an unpaired surrogate
     * encoded as {@code '?'}), or null. Computes {@code simple_hash} and compares
     * the encoding with the stored names as it goes: allocates nothing, whatever
     * the characters.
     */
    public CachedCgroup get(CharSequence name) {
        Objects.requireNonNull(name, "name");
        return index.get(SimpleHash.of(name), name);
    }
}
