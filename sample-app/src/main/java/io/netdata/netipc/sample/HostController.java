package io.netdata.netipc.sample;

import io.netdata.netipc.cache.CachedCgroup;
import io.netdata.netipc.cache.CgroupsSnapshot;
import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import io.netdata.netipc.service.client.AppsLookupClient;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample's HTTP API: the cached snapshot, one cgroup of it by name, and
 * one process by PID through the apps-lookup client.
 *
 * <p>Thread-safety: requests run concurrently; the cache is lock-free for
 * readers, and the client's borrowed answer is read under one lock.
 */
@RestController
class HostController {
    private static final long MAX_PID = 0xFFFF_FFFFL;

    private final CgroupsSnapshotCache cgroups;
    private final AppsLookupClient apps;
    private final ReentrantLock appsLock = new ReentrantLock();

    HostController(@Qualifier("cgroups") CgroupsSnapshotCache cgroups, @Qualifier("apps") AppsLookupClient apps) {
        this.cgroups = cgroups;
        this.apps = apps;
    }

    /** A cgroup as JSON. */
    record Cgroup(String name, String path, String hash, boolean enabled, long options) {
        static Cgroup of(CachedCgroup item) {
            return new Cgroup(item.name().asString(), item.path().asString(), Long.toUnsignedString(item.hash()),
                    item.enabled() != 0, item.options());
        }
    }

    /** The cached snapshot as JSON; {@code ready} is false until the first successful refresh. */
    record Cgroups(boolean ready, String generation, int count, List<Cgroup> items) {
    }

    /** A process as JSON. */
    record Process(long pid, String status, long ppid, long uid, String comm, long starttime, String cgroupStatus,
            String cgroupPath, String cgroupName, Map<String, String> labels) {
    }

    @GetMapping("/cgroups")
    Cgroups cgroups() {
        CgroupsSnapshot snapshot = cgroups.snapshot();
        return new Cgroups(cgroups.ready(), Long.toUnsignedString(snapshot.generation()), snapshot.itemCount(),
                snapshot.items().stream().map(Cgroup::of).toList());
    }

    @GetMapping("/cgroups/{name}")
    ResponseEntity<Cgroup> cgroup(@PathVariable("name") String name) {
        CachedCgroup item = cgroups.get(name);
        return item == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(Cgroup.of(item));
    }

    @GetMapping("/pids/{pid}")
    ResponseEntity<?> process(@PathVariable("pid") long pid) {
        if (pid < 0 || pid > MAX_PID) {
            return ResponseEntity.badRequest().body(Map.of("error", "a PID is an unsigned 32-bit number"));
        }
        appsLock.lock();
        try {
            AppsLookupItemView item = apps.call(pid).item(0);
            if (item.status() != PidLookupStatus.KNOWN) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("pid", pid,
                        "status", PidLookupStatus.name(item.status())));
            }
            return ResponseEntity.ok(new Process(pid, PidLookupStatus.name(item.status()), item.ppid(), item.uid(),
                    item.comm().asString(), item.starttime(), AppsCgroupStatus.name(item.cgroupStatus()),
                    item.cgroupPath().asString(), item.cgroupName().asString(), labels(item)));
        } catch (ServiceException e) {
            HttpStatus status = e.error() == ServiceError.NOT_READY || e.error() == ServiceError.TRANSPORT
                    ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY;
            return ResponseEntity.status(status).body(Map.of("error", e.error().name()));
        } finally {
            appsLock.unlock();
        }
    }

    private static Map<String, String> labels(AppsLookupItemView item) {
        Map<String, String> labels = new LinkedHashMap<>();
        LookupLabelView label = new LookupLabelView();
        for (int i = 0; i < item.labelCount(); i++) {
            item.label(i, label);
            labels.put(label.key().asString(), label.value().asString());
        }
        return labels;
    }
}
