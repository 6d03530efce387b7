package io.netdata.netipc.bench;

import io.netdata.netipc.protocol.Wire;

/**
 * The values the reference driver uses, so that every pair of drivers agrees.
 *
 * <p>Thread-safety: constants only.
 */
final class BenchConstants {
    static final long AUTH_TOKEN = 0xBE4C400000C0FFEEL;
    static final long PROFILE_UDS = Wire.PROFILE_BASELINE;
    static final long PROFILE_SHM = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;
    static final long REQUEST_PAYLOAD_BYTES = 4096;
    static final long RESPONSE_PAYLOAD_BYTES = 65_536;
    static final int MAX_BATCH_ITEMS = 1000;
    /** 1000 items of an 8-byte directory entry and an 8-byte-aligned payload, with room to spare. */
    static final long BATCH_BUFFER_BYTES = MAX_BATCH_ITEMS * 48L + 4096;
    static final int MIN_BATCH_ITEMS = 2;
    static final int SNAPSHOT_ITEMS = 16;
    static final long SNAPSHOT_FIRST_HASH = 1000;
    static final long SNAPSHOT_SYSTEMD_ENABLED = 1;
    /** Servers stop by themselves this long after their duration, as the reference's do. */
    static final int SERVER_GRACE_SECONDS = 3;
    static final int DEFAULT_SERVER_SECONDS = 30;
    static final int CONNECT_ATTEMPTS = 200;
    static final long CONNECT_PAUSE_MILLIS = 10;

    private BenchConstants() {
    }

    static String snapshotName(int index) {
        return "cgroup-" + index;
    }

    static String snapshotPath(int index) {
        return "/sys/fs/cgroup/bench/cg-" + index;
    }
}
