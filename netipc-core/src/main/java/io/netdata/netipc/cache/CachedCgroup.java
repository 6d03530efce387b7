package io.netdata.netipc.cache;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItem;

/**
 * One cgroup of a cached snapshot. Immutable: it stays valid after the cache
 * moves on to a newer snapshot, so keeping it is safe (it is the copy).
 *
 * <p>Thread-safety: immutable record.
 *
 * @param hash {@code simple_hash(name)} as the producer sent it (unsigned 32-bit)
 * @param options the producer's option bits (unsigned 32-bit)
 * @param enabled the producer's enabled value (unsigned 32-bit)
 * @param name the cgroup's name
 * @param path the cgroup's path
 */
public record CachedCgroup(long hash, long options, long enabled, ByteString name, ByteString path) {
    /** The same item in the codec's owned form. */
    public CgroupsSnapshotItem toItem() {
        return new CgroupsSnapshotItem(hash, options, enabled, name, path);
    }
}
