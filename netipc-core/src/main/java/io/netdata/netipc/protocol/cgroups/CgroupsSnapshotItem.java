package io.netdata.netipc.protocol.cgroups;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.internal.Checks;
import java.util.Objects;

/**
 * Owned cgroups snapshot item. {@code hash}, {@code options} and {@code enabled}
 * are unsigned 32-bit values in {@code [0, 2^32)}.
 *
 * <p>Thread-safety: immutable.
 */
public record CgroupsSnapshotItem(long hash, long options, long enabled, ByteString name, ByteString path) {

    public CgroupsSnapshotItem {
        Checks.checkU32(hash, "hash");
        Checks.checkU32(options, "options");
        Checks.checkU32(enabled, "enabled");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
    }

    /** An item whose hash is {@code simple_hash(name)}, as producers compute it. */
    public static CgroupsSnapshotItem of(String name, String path, long options, boolean enabled) {
        ByteString nameBytes = ByteString.utf8(name);
        return new CgroupsSnapshotItem(SimpleHash.of(nameBytes), options, enabled ? 1 : 0, nameBytes,
                ByteString.utf8(path));
    }
}
