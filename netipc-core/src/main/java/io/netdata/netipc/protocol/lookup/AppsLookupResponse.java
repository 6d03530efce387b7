package io.netdata.netipc.protocol.lookup;

import java.util.List;

/**
 * Owned APPS_LOOKUP response. {@code generation} is unsigned 64-bit in raw bits.
 *
 * <p>Thread-safety: immutable.
 */
public record AppsLookupResponse(long generation, List<AppsLookupItem> items) {

    public AppsLookupResponse {
        items = List.copyOf(items);
    }
}
