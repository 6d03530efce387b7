package io.netdata.netipc.it;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import io.netdata.netipc.service.server.AppsLookupHandler;
import io.netdata.netipc.service.server.CgroupsLookupHandler;
import io.netdata.netipc.service.server.CgroupsSnapshotHandler;
import java.util.List;

/**
 * The answers the {@code interop_service} and {@code interop_cache} servers
 * give, in every language, and the values their clients check.
 *
 * <p>Thread-safety: immutable; the handlers are stateless.
 */
final class InteropServiceHandlers {
    static final long SNAPSHOT_SYSTEMD_ENABLED = 1;
    static final long SNAPSHOT_GENERATION = 42;
    /** The snapshot's items: hash (not the name's simple_hash: a fixed number), options, enabled, name, path. */
    static final List<SnapshotItem> SNAPSHOT_ITEMS = List.of(
            new SnapshotItem(1001, 0, 1, "docker-abc123", "/sys/fs/cgroup/docker/abc123"),
            new SnapshotItem(2002, 0, 1, "k8s-pod-xyz", "/sys/fs/cgroup/kubepods/xyz"),
            new SnapshotItem(3003, 0, 0, "systemd-user", "/sys/fs/cgroup/user.slice/user-1000"));

    static final long APPS_GENERATION = 9;
    static final long CGROUPS_GENERATION = 7;
    static final long APPS_MIXED_GENERATION = 19;
    static final long CGROUPS_MIXED_GENERATION = 17;
    static final long FIRST_SCALE_PID = 100_000;
    static final String SCALE_PATH_FORMAT = "/cg/%05d";
    static final ByteString OK = ByteString.utf8("ok");
    static final ByteString OK_PATH = ByteString.utf8("/ok");
    private static final ByteString SCALE_NAME = ByteString.utf8("name");
    private static final ByteString EMPTY = ByteString.utf8("");
    private static final long PPID = 1;
    private static final long UID = 1000;
    private static final long STARTTIME = 42;

    /** The mixed apps request and what each pid answers. */
    static final long[] MIXED_PIDS = {1001, 1002, 1003, 1004, 1005};
    static final LookupLabel APPS_LABEL = new LookupLabel(ByteString.utf8("role"), ByteString.utf8("api"));
    /** The mixed cgroups request and what each path answers. */
    static final List<String> MIXED_PATHS = List.of("/known", "/retry", "/permanent", "/oversized", "/known2");
    static final LookupLabel CGROUPS_LABEL = new LookupLabel(ByteString.utf8("role"), ByteString.utf8("db"));

    private InteropServiceHandlers() {
    }

    /** One snapshot item. */
    record SnapshotItem(long hash, long options, long enabled, String name, String path) {
    }

    static CgroupsSnapshotHandler snapshot() {
        return (request, response) -> {
            response.setHeader(SNAPSHOT_SYSTEMD_ENABLED, SNAPSHOT_GENERATION);
            for (SnapshotItem item : SNAPSHOT_ITEMS) {
                response.add(item.hash(), item.options(), item.enabled(), ByteString.utf8(item.name()),
                        ByteString.utf8(item.path()));
            }
        };
    }

    /** Every pid known, with the same fixed fields. */
    static AppsLookupHandler appsScale() {
        return (request, response) -> {
            response.setGeneration(APPS_GENERATION);
            for (int i = 0; i < request.itemCount(); i++) {
                response.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, Orchestrator.DOCKER, request.pid(i),
                        PPID, UID, STARTTIME, OK, OK_PATH, SCALE_NAME, List.of());
            }
        };
    }

    /** Every path known, echoed, named "ok". */
    static CgroupsLookupHandler cgroupsScale() {
        return (request, response) -> {
            response.setGeneration(CGROUPS_GENERATION);
            for (int i = 0; i < request.itemCount(); i++) {
                response.addRequestItem(request, i, CgroupLookupStatus.KNOWN, Orchestrator.K8S, OK, List.of());
            }
        };
    }

    /** One answer of each kind, chosen by pid. */
    static AppsLookupHandler appsMixed() {
        return (request, response) -> {
            response.setGeneration(APPS_MIXED_GENERATION);
            for (int i = 0; i < request.itemCount(); i++) {
                long pid = request.pid(i);
                if (pid == MIXED_PIDS[0]) {
                    response.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, Orchestrator.DOCKER, pid, PPID, UID,
                            STARTTIME, ByteString.utf8("known"), ByteString.utf8("/cg/known"),
                            ByteString.utf8("pod-a"), List.of(APPS_LABEL));
                } else if (pid == MIXED_PIDS[1]) {
                    response.add(PidLookupStatus.KNOWN, AppsCgroupStatus.HOST_ROOT, Orchestrator.UNKNOWN, pid, PPID,
                            UID + 1, STARTTIME + 1, ByteString.utf8("host"), EMPTY, EMPTY, List.of());
                } else if (pid == MIXED_PIDS[2]) {
                    response.add(PidLookupStatus.UNKNOWN, 0, 0, pid, 0, AppsLookupItemView.UID_UNSET, 0, EMPTY,
                            EMPTY, EMPTY, List.of());
                } else if (pid == MIXED_PIDS[3]) {
                    response.add(PidLookupStatus.OVERSIZED_ITEM, 0, 0, pid, 0, AppsLookupItemView.UID_UNSET, 0,
                            EMPTY, EMPTY, EMPTY, List.of());
                } else {
                    response.add(PidLookupStatus.KNOWN, AppsCgroupStatus.UNKNOWN_RETRY_LATER, Orchestrator.UNKNOWN,
                            pid, PPID, UID + 2, STARTTIME + 2, ByteString.utf8("retry"), EMPTY, EMPTY, List.of());
                }
            }
        };
    }

    /** One answer of each kind, chosen by path. */
    static CgroupsLookupHandler cgroupsMixed() {
        return (request, response) -> {
            response.setGeneration(CGROUPS_MIXED_GENERATION);
            BytesView path = new BytesView();
            for (int i = 0; i < request.itemCount(); i++) {
                String requested = request.path(i, path).asString();
                switch (requested) {
                    case "/known" -> response.addRequestItem(request, i, CgroupLookupStatus.KNOWN, Orchestrator.K8S,
                            ByteString.utf8("pod-a"), List.of(CGROUPS_LABEL));
                    case "/retry" -> response.addRequestItem(request, i, CgroupLookupStatus.UNKNOWN_RETRY_LATER, 0,
                            EMPTY, List.of());
                    case "/permanent" -> response.addRequestItem(request, i, CgroupLookupStatus.UNKNOWN_PERMANENT,
                            0, EMPTY, List.of());
                    case "/oversized" -> response.addRequestItem(request, i, CgroupLookupStatus.OVERSIZED_ITEM, 0,
                            EMPTY, List.of());
                    default -> response.addRequestItem(request, i, CgroupLookupStatus.KNOWN, Orchestrator.DOCKER,
                            ByteString.utf8("pod-b"), List.of());
                }
            }
        };
    }
}
