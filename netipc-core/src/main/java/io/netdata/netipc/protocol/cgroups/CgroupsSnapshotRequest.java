package io.netdata.netipc.protocol.cgroups;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;

/**
 * Owned CGROUPS_SNAPSHOT request. The request carries no parameters beyond its
 * layout version and (zero) flags: every refresh returns the full snapshot.
 *
 * <p>Thread-safety: immutable.
 */
public record CgroupsSnapshotRequest(int layoutVersion, int flags) {
    /** The only valid request: layout version 1, flags 0. */
    public static final CgroupsSnapshotRequest STANDARD = new CgroupsSnapshotRequest(Wire.LAYOUT_VERSION, 0);

    public CgroupsSnapshotRequest {
        Checks.checkU16(layoutVersion, "layout_version");
        Checks.checkU16(flags, "flags");
    }

    /**
     * Writes the 4 request bytes at absolute index {@code offset}.
     *
     * @return {@link CgroupsSnapshotRequestView#SIZE}
     */
    public int encodeTo(ByteBuffer buffer, int offset) {
        Checks.checkRegion(buffer, offset, CgroupsSnapshotRequestView.SIZE);
        NativeBytes.putU16(buffer, offset + CgroupsSnapshotRequestView.OFF_LAYOUT_VERSION, layoutVersion);
        NativeBytes.putU16(buffer, offset + CgroupsSnapshotRequestView.OFF_FLAGS, flags);
        return CgroupsSnapshotRequestView.SIZE;
    }

    /** The encoded bytes. */
    public byte[] toBytes() {
        byte[] bytes = new byte[CgroupsSnapshotRequestView.SIZE];
        encodeTo(ByteBuffer.wrap(bytes), 0);
        return bytes;
    }
}
