package io.netdata.netipc.protocol.lookup;

import java.util.List;

/**
 * Owned CGROUPS_LOOKUP response. {@code generation} is unsigned 64-bit in raw bits.
 *
 * <p>Thread-safety: immutable.
 */
public record CgroupsLookupResponse(long generation, List<CgroupsLookupItem> items) {

    public CgroupsLookupResponse {
        items = List.copyOf(items);
    }
}
