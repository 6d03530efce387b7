package io.netdata.netipc.protocol.lookup;

import io.netdata.netipc.protocol.ByteString;
import java.util.List;
import java.util.Objects;

/**
 * Owned CGROUPS_LOOKUP response item.
 *
 * <p>Thread-safety: immutable.
 *
 * @param status one of {@link CgroupLookupStatus}
 * @param orchestrator raw orchestrator value; see {@link Orchestrator}
 */
public record CgroupsLookupItem(int status, int orchestrator, ByteString path, ByteString name,
        List<LookupLabel> labels) {

    public CgroupsLookupItem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
    }
}
