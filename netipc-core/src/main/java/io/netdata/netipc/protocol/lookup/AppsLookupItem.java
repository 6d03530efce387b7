package io.netdata.netipc.protocol.lookup;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.internal.Checks;
import java.util.List;
import java.util.Objects;

/**
 * Owned APPS_LOOKUP response item. {@code pid}, {@code ppid} and {@code uid} are
 * unsigned 32-bit values; {@code starttime} is unsigned 64-bit in raw bits.
 *
 * <p>Thread-safety: immutable.
 */
public record AppsLookupItem(int status, int cgroupStatus, int orchestrator, long pid, long ppid, long uid,
        long starttime, ByteString comm, ByteString cgroupPath, ByteString cgroupName, List<LookupLabel> labels) {

    public AppsLookupItem {
        Checks.checkU16(status, "status");
        Checks.checkU16(cgroupStatus, "cgroup_status");
        Checks.checkU16(orchestrator, "orchestrator");
        Checks.checkU32(pid, "pid");
        Checks.checkU32(ppid, "ppid");
        Checks.checkU32(uid, "uid");
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(cgroupPath, "cgroupPath");
        Objects.requireNonNull(cgroupName, "cgroupName");
        labels = List.copyOf(labels);
    }

    /** The item a provider returns for a PID it does not know. */
    public static AppsLookupItem unknown(long pid) {
        return new AppsLookupItem(PidLookupStatus.UNKNOWN, 0, 0, pid, 0, AppsLookupItemView.UID_UNSET, 0,
                ByteString.EMPTY, ByteString.EMPTY, ByteString.EMPTY, List.of());
    }
}
