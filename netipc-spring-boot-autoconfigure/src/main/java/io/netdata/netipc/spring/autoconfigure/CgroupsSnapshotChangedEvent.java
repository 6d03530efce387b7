package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.cache.CgroupsSnapshot;
import org.springframework.context.ApplicationEvent;

/**
 * Published by the refresh scheduler when a cache with
 * {@code netipc.caches.<name>.publish-events=true} takes a snapshot of a new
 * generation (the first successful refresh included).
 *
 * <p>Thread-safety: immutable; listeners run on the scheduler's thread unless
 * they are asynchronous, so a slow listener delays the cache's next refresh.
 */
public class CgroupsSnapshotChangedEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;

    private final String cacheName;
    private final long previousGeneration;
    private final transient CgroupsSnapshot snapshot;

    public CgroupsSnapshotChangedEvent(Object source, String cacheName, long previousGeneration,
            CgroupsSnapshot snapshot) {
        super(source);
        this.cacheName = cacheName;
        this.previousGeneration = previousGeneration;
        this.snapshot = snapshot;
    }

    /** The name of the cache bean. */
    public String cacheName() {
        return cacheName;
    }

    /** The generation before this refresh (0 when the cache was empty). */
    public long previousGeneration() {
        return previousGeneration;
    }

    /** The new snapshot, immutable. */
    public CgroupsSnapshot snapshot() {
        return snapshot;
    }
}
