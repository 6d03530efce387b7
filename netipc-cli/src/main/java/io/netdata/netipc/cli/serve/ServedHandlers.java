package io.netdata.netipc.cli.serve;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import io.netdata.netipc.service.server.AppsLookupHandler;
import io.netdata.netipc.service.server.CgroupsLookupHandler;
import io.netdata.netipc.service.server.CgroupsSnapshotHandler;
import io.netdata.netipc.service.server.IncrementHandler;
import io.netdata.netipc.service.server.StringReverseHandler;
import java.util.List;

/**
 * The handlers {@code netipc serve} runs: the reference semantics for
 * increment and string-reverse, a {@link DataSource} for the rest.
 *
 * <p>Thread-safety: stateless; the data source is thread-safe.
 */
public final class ServedHandlers {
    private static final ByteString ROOT = ByteString.utf8("/");
    private static final long NO_ORCHESTRATOR = 0;

    private ServedHandlers() {
    }

    public static IncrementHandler increment() {
        return value -> value + 1;
    }

    /** Reverses the bytes, as the reference servers do. */
    public static StringReverseHandler stringReverse() {
        return request -> {
            byte[] bytes = request.toByteString().toByteArray();
            for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
                byte swap = bytes[i];
                bytes[i] = bytes[j];
                bytes[j] = swap;
            }
            return ByteString.of(bytes);
        };
    }

    public static CgroupsSnapshotHandler cgroupsSnapshot(DataSource data) {
        return (request, response) -> {
            CgroupSet set = data.cgroups();
            response.setHeader(set.systemdEnabled(), set.generation());
            for (CgroupRecord item : set.items()) {
                response.add(item.hash(), item.options(), item.enabled(), item.name(), item.path());
            }
        };
    }

    /** A path the data source knows is KNOWN; any other is UNKNOWN_PERMANENT (the data is at most 1 s old). */
    public static CgroupsLookupHandler cgroupsLookup(DataSource data) {
        return (request, response) -> {
            CgroupSet set = data.cgroups();
            response.setGeneration(set.generation());
            BytesView path = new BytesView();
            for (int i = 0; i < request.itemCount(); i++) {
                CgroupRecord item = set.byPath(request.path(i, path).toByteString());
                if (item != null) {
                    response.addRequestItem(request, i, CgroupLookupStatus.KNOWN, item.orchestrator(), item.name(),
                            item.labels());
                } else {
                    response.addRequestItem(request, i, CgroupLookupStatus.UNKNOWN_PERMANENT, (int) NO_ORCHESTRATOR,
                            ByteString.EMPTY, List.of());
                }
            }
        };
    }

    /**
     * A process that does not exist is UNKNOWN. Its cgroup: the root is HOST_ROOT,
     * one the data source knows is KNOWN, one it does not know yet (or none: an empty
     * path) UNKNOWN_RETRY_LATER.
     */
    public static AppsLookupHandler appsLookup(DataSource data) {
        return (request, response) -> {
            CgroupSet set = data.cgroups();
            response.setGeneration(set.generation());
            for (int i = 0; i < request.itemCount(); i++) {
                long pid = request.pid(i);
                ProcessRecord process = data.process(pid);
                if (process == null) {
                    response.addUnknown(pid);
                    continue;
                }
                CgroupRecord cgroup = set.byPath(process.cgroupPath());
                if (process.cgroupPath().equals(ROOT)) {
                    response.add(PidLookupStatus.KNOWN, AppsCgroupStatus.HOST_ROOT, 0, pid, process.ppid(),
                            process.uid(), process.starttime(), process.comm(), ByteString.EMPTY, ByteString.EMPTY,
                            List.of());
                } else if (cgroup != null) {
                    response.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, cgroup.orchestrator(), pid,
                            process.ppid(), process.uid(), process.starttime(), process.comm(), cgroup.path(),
                            cgroup.name(), cgroup.labels());
                } else {
                    response.add(PidLookupStatus.KNOWN, AppsCgroupStatus.UNKNOWN_RETRY_LATER, 0, pid, process.ppid(),
                            process.uid(), process.starttime(), process.comm(), process.cgroupPath(),
                            ByteString.EMPTY, List.of());
                }
            }
        };
    }
}
