package io.netdata.netipc.transport.shm;

import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.uds.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child of {@link ShmRegionAllocationTest}, run under a file-size limit smaller than
 * the region it creates: reports how creating the region failed and whether
 * anything was left in the run directory.
 */
public final class RegionAllocationChild {
    static final String ERROR = "error";
    static final String LEFT_BEHIND = "left-behind";
    static final String CREATED = "created";

    private RegionAllocationChild() {
    }

    /** {@code args}: run directory, service name, request payload limit. */
    public static void main(String[] args) throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(Path.of(args[0]), args[1]);
        ShmRegionLayout layout = ShmRegionLayout.forPayloadLimits(Long.parseLong(args[2]), Long.parseLong(args[2]));
        try (ShmRegion region = ShmRegion.create(endpoint, 1, layout)) {
            ChildJvm.report(CREATED, region.path().toString());
        } catch (TransportException e) {
            ChildJvm.report(ERROR, e.error().name());
        }
        try (var entries = Files.list(endpoint.runDir())) {
            ChildJvm.report(LEFT_BEHIND, Long.toString(entries.count()));
        }
        ChildJvm.endReport();
    }
}
