package io.netdata.netipc.cli.common;

import io.netdata.netipc.protocol.Wire;
import java.util.Locale;

/**
 * Parses a profile list such as {@code uds,shm}: {@code uds} is the baseline
 * (UDS SEQPACKET) profile, {@code shm} the Linux shared-memory profile.
 *
 * <p>Thread-safety: stateless.
 */
public final class Profiles {
    static final String UDS = "uds";
    static final String SHM = "shm";
    private static final String SEPARATOR = ",";

    private Profiles() {
    }

    /** The profile bits of {@code list}; throws IllegalArgumentException for an unknown or empty list. */
    public static long parse(String list) {
        long bits = 0;
        for (String name : list.split(SEPARATOR, -1)) {
            bits |= switch (name.strip().toLowerCase(Locale.ROOT)) {
                case UDS -> Wire.PROFILE_BASELINE;
                case SHM -> Wire.PROFILE_SHM_HYBRID;
                default -> throw new IllegalArgumentException("unknown profile '" + name.strip()
                        + "' (expected uds, shm or both, comma-separated)");
            };
        }
        return bits;
    }

    /** The name of one negotiated profile bit. */
    public static String name(long profile) {
        if (profile == Wire.PROFILE_BASELINE) {
            return UDS;
        }
        if (profile == Wire.PROFILE_SHM_HYBRID) {
            return SHM;
        }
        return "0x" + Long.toHexString(profile);
    }
}
