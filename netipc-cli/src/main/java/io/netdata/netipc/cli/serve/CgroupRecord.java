package io.netdata.netipc.cli.serve;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import java.util.List;
import java.util.Objects;

/**
 * One cgroup a provider serves: the snapshot item (hash, options, enabled,
 * name, path) and what a lookup answers for its path (orchestrator, labels).
 *
 * <p>Thread-safety: immutable.
 */
public record CgroupRecord(ByteString path, ByteString name, long hash, long options, long enabled,
        int orchestrator, List<LookupLabel> labels) {
    /** Netdata's cgroups.plugin option: the cgroup is a systemd service unit. */
    public static final long OPTION_SYSTEM_SLICE_SERVICE = 1L << 1;
    /** Netdata's cgroups.plugin option: the cgroup lives in a cgroup v2 (unified) hierarchy. */
    public static final long OPTION_IS_UNIFIED = 1L << 2;
    public static final long ENABLED = 1;

    public CgroupRecord {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
    }

    /** A record whose hash is {@code simple_hash(name)}, as Netdata computes it. */
    public static CgroupRecord named(ByteString path, ByteString name, long options, int orchestrator,
            List<LookupLabel> labels) {
        return new CgroupRecord(path, name, SimpleHash.of(name), options, ENABLED, orchestrator, labels);
    }
}
