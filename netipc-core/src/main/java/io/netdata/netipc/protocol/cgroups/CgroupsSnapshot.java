package io.netdata.netipc.protocol.cgroups;

import io.netdata.netipc.protocol.internal.Checks;
import java.util.List;

/**
 * Owned cgroups snapshot: the copy of a {@link CgroupsSnapshotResponseView}.
 * {@code systemdEnabled} is unsigned 32-bit; {@code generation} unsigned 64-bit
 * in raw bits.
 *
 * <p>Thread-safety: immutable.
 */
public record CgroupsSnapshot(long systemdEnabled, long generation, List<CgroupsSnapshotItem> items) {

    public CgroupsSnapshot {
        Checks.checkU32(systemdEnabled, "systemd_enabled");
        items = List.copyOf(items);
    }
}
