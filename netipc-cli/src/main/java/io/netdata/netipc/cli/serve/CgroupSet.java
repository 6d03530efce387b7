package io.netdata.netipc.cli.serve;

import io.netdata.netipc.protocol.ByteString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cgroups a provider serves at one moment, with their generation.
 *
 * <p>Thread-safety: immutable.
 */
public final class CgroupSet {
    private final long generation;
    private final long systemdEnabled;
    private final List<CgroupRecord> items;
    private final Map<ByteString, CgroupRecord> byPath;

    public CgroupSet(long generation, long systemdEnabled, List<CgroupRecord> items) {
        this.generation = generation;
        this.systemdEnabled = systemdEnabled;
        this.items = List.copyOf(items);
        Map<ByteString, CgroupRecord> index = new HashMap<>();
        for (CgroupRecord item : this.items) {
            index.putIfAbsent(item.path(), item);
        }
        this.byPath = Map.copyOf(index);
    }

    public long generation() {
        return generation;
    }

    public long systemdEnabled() {
        return systemdEnabled;
    }

    public List<CgroupRecord> items() {
        return items;
    }

    /** The cgroup at {@code path}, or null. */
    public CgroupRecord byPath(ByteString path) {
        return byPath.get(path);
    }

    /** Whether {@code other} holds the same cgroups (ignoring the generation). */
    public boolean sameItems(List<CgroupRecord> other) {
        return items.equals(other);
    }
}
