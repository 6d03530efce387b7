package io.netdata.netipc.cache;

import io.netdata.netipc.service.client.ClientState;
import io.netdata.netipc.service.client.ServiceError;
import java.time.Instant;

/**
 * A snapshot of a cache's state for diagnostics (upstream
 * {@code level3-snapshot-api.md}, "Status").
 *
 * <p>Thread-safety: immutable record.
 *
 * @param connection the Level 2 client's connection state
 * @param populated whether a refresh has ever succeeded
 * @param itemCount items of the cached snapshot
 * @param generation the cached snapshot's generation (0 while not populated)
 * @param refreshSuccesses refreshes that rebuilt the cache
 * @param refreshFailures refreshes that kept the previous cache
 * @param lastSuccess when the cache was last rebuilt, or null
 * @param lastError why the last failed refresh failed, or null
 */
public record CacheStatus(ClientState connection, boolean populated, int itemCount, long generation,
        long refreshSuccesses, long refreshFailures, Instant lastSuccess, ServiceError lastError) {
}
