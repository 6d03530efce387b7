package io.netdata.netipc.bench;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.Wire;
import java.util.Locale;

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
    static final long SNAPSHOT_OPTIONS = 0;
    /** Items alternate disabled (even index) and enabled (odd index). */
    static final int SNAPSHOT_ENABLED_PERIOD = 2;
    static final long SNAPSHOT_SYSTEMD_ENABLED = 1;
    /** Servers stop by themselves this long after a positive duration, as the reference's do. */
    static final int SERVER_GRACE_SECONDS = 3;
    static final int DEFAULT_SERVER_SECONDS = 30;
    static final int CONNECT_ATTEMPTS = 200;
    static final long CONNECT_PAUSE_MILLIS = 10;
    /** The service name of lookup-bench's in-process server. */
    static final String LOOKUP_SERVICE = "bench_lookup";
    /** The path {@code lookup-method-bench} asks about for item {@code i}: {@code /sys/fs/cgroup/bench/cg-%03u}. */
    private static final String LOOKUP_METHOD_PATH_FORMAT = "/sys/fs/cgroup/bench/cg-%03d";
    /** The pid {@code lookup-method-bench} asks about for item 0; item {@code i} asks about this plus i. */
    static final long LOOKUP_METHOD_FIRST_PID = 1000;

    private BenchConstants() {
    }

    static String snapshotName(int index) {
        return "cgroup-" + index;
    }

    static String snapshotPath(int index) {
        return "/sys/fs/cgroup/bench/cg-" + index;
    }

    /** The 16 items' names, in order. */
    static ByteString[] snapshotNames() {
        ByteString[] names = new ByteString[SNAPSHOT_ITEMS];
        for (int i = 0; i < SNAPSHOT_ITEMS; i++) {
            names[i] = ByteString.utf8(snapshotName(i));
        }
        return names;
    }

    /** The 16 items' paths, in order. */
    static ByteString[] snapshotPaths() {
        ByteString[] paths = new ByteString[SNAPSHOT_ITEMS];
        for (int i = 0; i < SNAPSHOT_ITEMS; i++) {
            paths[i] = ByteString.utf8(snapshotPath(i));
        }
        return paths;
    }

    static long snapshotEnabled(int index) {
        return index % SNAPSHOT_ENABLED_PERIOD;
    }

    static String lookupMethodPath(int index) {
        return String.format(Locale.ROOT, LOOKUP_METHOD_PATH_FORMAT, index);
    }
}
