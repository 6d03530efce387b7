package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.protocol.Wire;
import java.util.Collection;

/**
 * The transport profiles a property may name: {@code uds} is the baseline
 * (UDS SEQPACKET) profile every peer speaks, {@code shm} the Linux
 * shared-memory profile.
 *
 * <p>Thread-safety: immutable enum.
 */
public enum NetIpcProfile {
    /** The baseline profile: messages over the Unix domain socket. */
    UDS(Wire.PROFILE_BASELINE),
    /** Messages through a shared-memory region per session, the socket only for set-up. */
    SHM(Wire.PROFILE_SHM_HYBRID);

    private final long bit;

    NetIpcProfile(long bit) {
        this.bit = bit;
    }

    /** The profile's bit in the handshake's profile masks. */
    public long bit() {
        return bit;
    }

    /** The mask of {@code profiles}; 0 (the library's default: baseline only) when empty. */
    public static long mask(Collection<NetIpcProfile> profiles) {
        long mask = 0;
        for (NetIpcProfile profile : profiles) {
            mask |= profile.bit;
        }
        return mask;
    }
}
