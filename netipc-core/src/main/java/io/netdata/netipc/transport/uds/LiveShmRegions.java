package io.netdata.netipc.transport.uds;

import io.netdata.netipc.transport.shm.ShmRegion;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The regions of a listener's live SHM sessions (upstream {@code level1-posix-shm.md}:
 * the server tracks every active per-session region so it can clean them up on
 * session close and server shutdown). A session removes its region when it closes;
 * the listener's close unlinks the files of the rest. Their mappings stay: sessions
 * already accepted keep working after the listener closes, as over the socket.
 *
 * <p>Thread-safety: safe from any thread.
 */
final class LiveShmRegions {
    private final Set<ShmRegion> regions = ConcurrentHashMap.newKeySet();

    void add(ShmRegion region) {
        regions.add(region);
    }

    void remove(ShmRegion region) {
        regions.remove(region);
    }

    /** The number of regions tracked now. */
    int size() {
        return regions.size();
    }

    /** Unlinks the file of every tracked region; sessions created after this unlink their own on close. */
    void unlinkAll() {
        for (ShmRegion region : regions) {
            region.unlink();
        }
    }
}
