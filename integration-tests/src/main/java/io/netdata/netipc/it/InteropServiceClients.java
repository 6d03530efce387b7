package io.netdata.netipc.it;

import static io.netdata.netipc.it.InteropServiceHandlers.OK;
import static io.netdata.netipc.it.InteropServiceHandlers.OK_PATH;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import io.netdata.netipc.service.client.AppsLookupClient;
import io.netdata.netipc.service.client.CgroupsLookupClient;
import io.netdata.netipc.service.client.CgroupsSnapshotClient;
import io.netdata.netipc.service.client.ServiceClient;
import io.netdata.netipc.service.client.ServiceException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The clients of {@code interop_service}: each becomes READY (refreshing up to
 * 200 times, 10 ms apart), makes one typed call and checks the answer the
 * server of its mode gives. It prints {@code PASS} or {@code FAIL} after the
 * call (nothing when it never became READY); diagnostics go to standard error.
 *
 * <p>Thread-safety: not thread-safe; one run per instance.
 */
final class InteropServiceClients {
    private final InteropServiceConfig config;
    private final PrintStream out;
    private final PrintStream err;
    private CheckTally checks;

    InteropServiceClients(InteropServiceConfig config, PrintStream out, PrintStream err) {
        this.config = config;
        this.out = out;
        this.err = err;
    }

    int snapshot(Path runDir, String service) {
        try (CgroupsSnapshotClient client = CgroupsSnapshotClient.create(config.snapshotClient(runDir, service))) {
            if (!becameReady(client, "client")) {
                return InteropService.EXIT_FAILED;
            }
            begin("client");
            CgroupsSnapshotResponseView view = client.call();
            checks.check(view.itemCount() == InteropServiceHandlers.SNAPSHOT_ITEMS.size(), "item count");
            checks.check(view.systemdEnabled() == InteropServiceHandlers.SNAPSHOT_SYSTEMD_ENABLED,
                    "systemd_enabled");
            checks.check(view.generation() == InteropServiceHandlers.SNAPSHOT_GENERATION, "generation");
            InteropServiceHandlers.SnapshotItem expected = InteropServiceHandlers.SNAPSHOT_ITEMS.get(0);
            CgroupsSnapshotItemView first = view.item(0);
            checks.check(first.hash() == expected.hash(), "item 0 hash");
            checks.check(first.name().contentEquals(expected.name()), "item 0 name");
            return verdict();
        } catch (ServiceException | RuntimeException e) {
            return callFailed("client", e);
        }
    }

    int appsScale(Path runDir, String service) {
        int items = config.lookupScaleItems();
        long[] pids = new long[items];
        for (int i = 0; i < items; i++) {
            pids[i] = InteropServiceHandlers.FIRST_SCALE_PID + i;
        }
        try (AppsLookupClient client = AppsLookupClient.create(config.lookupClient(runDir, service, items))) {
            if (!becameReady(client, "apps client")) {
                return InteropService.EXIT_FAILED;
            }
            begin("apps client");
            AppsLookupResponseView view = client.call(pids);
            if (header(view.itemCount(), items, view.generation(), InteropServiceHandlers.APPS_GENERATION)) {
                AppsLookupItemView item = new AppsLookupItemView();
                for (int i = 0; i < items; i++) {
                    view.item(i, item);
                    checks.check(item.status() == PidLookupStatus.KNOWN && item.pid() == pids[i]
                            && item.comm().contentEquals(OK) && item.cgroupPath().contentEquals(OK_PATH),
                            "item " + i);
                }
            }
            return verdict();
        } catch (ServiceException | RuntimeException e) {
            return callFailed("apps client", e);
        }
    }

    int cgroupsScale(Path runDir, String service) {
        int items = config.lookupScaleItems();
        List<ByteString> paths = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            paths.add(ByteString.utf8(String.format(Locale.ROOT, InteropServiceHandlers.SCALE_PATH_FORMAT, i)));
        }
        try (CgroupsLookupClient client = CgroupsLookupClient.create(config.lookupClient(runDir, service, items))) {
            if (!becameReady(client, "cgroups lookup client")) {
                return InteropService.EXIT_FAILED;
            }
            begin("cgroups lookup client");
            CgroupsLookupResponseView view = client.call(paths);
            if (header(view.itemCount(), items, view.generation(), InteropServiceHandlers.CGROUPS_GENERATION)) {
                CgroupsLookupItemView item = new CgroupsLookupItemView();
                for (int i = 0; i < items; i++) {
                    view.item(i, item);
                    checks.check(item.status() == CgroupLookupStatus.KNOWN && item.path().contentEquals(paths.get(i))
                            && item.name().contentEquals(OK), "item " + i);
                }
            }
            return verdict();
        } catch (ServiceException | RuntimeException e) {
            return callFailed("cgroups lookup client", e);
        }
    }

    int appsMixed(Path runDir, String service) {
        long[] pids = InteropServiceHandlers.MIXED_PIDS;
        try (AppsLookupClient client = AppsLookupClient.create(
                config.lookupClient(runDir, service, InteropServiceConfig.MIXED_ITEMS))) {
            if (!becameReady(client, "apps mixed client")) {
                return InteropService.EXIT_FAILED;
            }
            begin("apps mixed client");
            AppsLookupResponseView view = client.call(pids);
            if (header(view.itemCount(), pids.length, view.generation(),
                    InteropServiceHandlers.APPS_MIXED_GENERATION)) {
                AppsLookupItemView known = view.item(0);
                checks.check(known.status() == PidLookupStatus.KNOWN && known.cgroupStatus() == AppsCgroupStatus.KNOWN
                        && known.pid() == pids[0] && known.comm().contentEquals("known")
                        && known.cgroupPath().contentEquals("/cg/known")
                        && known.labelCount() == 1
                        && labelIs(known.label(0, new LookupLabelView()), InteropServiceHandlers.APPS_LABEL),
                        "known item");
                AppsLookupItemView host = view.item(1);
                checks.check(host.status() == PidLookupStatus.KNOWN
                        && host.cgroupStatus() == AppsCgroupStatus.HOST_ROOT && host.pid() == pids[1]
                        && host.comm().contentEquals("host"), "host-root item");
                AppsLookupItemView unknown = view.item(2);
                checks.check(unknown.status() == PidLookupStatus.UNKNOWN && unknown.pid() == pids[2], "unknown item");
                AppsLookupItemView oversized = view.item(3);
                checks.check(oversized.status() == PidLookupStatus.OVERSIZED_ITEM && oversized.pid() == pids[3],
                        "oversized item");
                AppsLookupItemView retry = view.item(4);
                checks.check(retry.status() == PidLookupStatus.KNOWN
                        && retry.cgroupStatus() == AppsCgroupStatus.UNKNOWN_RETRY_LATER && retry.pid() == pids[4]
                        && retry.comm().contentEquals("retry"), "retry-later item");
            }
            return verdict();
        } catch (ServiceException | RuntimeException e) {
            return callFailed("apps mixed client", e);
        }
    }

    int cgroupsMixed(Path runDir, String service) {
        List<ByteString> paths = InteropServiceHandlers.MIXED_PATHS.stream().map(ByteString::utf8).toList();
        try (CgroupsLookupClient client = CgroupsLookupClient.create(
                config.lookupClient(runDir, service, InteropServiceConfig.MIXED_ITEMS))) {
            if (!becameReady(client, "cgroups mixed client")) {
                return InteropService.EXIT_FAILED;
            }
            begin("cgroups mixed client");
            CgroupsLookupResponseView view = client.call(paths);
            if (header(view.itemCount(), paths.size(), view.generation(),
                    InteropServiceHandlers.CGROUPS_MIXED_GENERATION)) {
                CgroupsLookupItemView known = view.item(0);
                checks.check(known.status() == CgroupLookupStatus.KNOWN && known.path().contentEquals("/known")
                        && known.name().contentEquals("pod-a")
                        && known.labelCount() == 1
                        && labelIs(known.label(0, new LookupLabelView()), InteropServiceHandlers.CGROUPS_LABEL),
                        "known item");
                checkStatus(view.item(1), CgroupLookupStatus.UNKNOWN_RETRY_LATER, "/retry");
                checkStatus(view.item(2), CgroupLookupStatus.UNKNOWN_PERMANENT, "/permanent");
                checkStatus(view.item(3), CgroupLookupStatus.OVERSIZED_ITEM, "/oversized");
                CgroupsLookupItemView other = view.item(4);
                checks.check(other.status() == CgroupLookupStatus.KNOWN && other.path().contentEquals("/known2")
                        && other.name().contentEquals("pod-b"), "other known item");
            }
            return verdict();
        } catch (ServiceException | RuntimeException e) {
            return callFailed("cgroups mixed client", e);
        }
    }

    private void checkStatus(CgroupsLookupItemView item, int status, String path) {
        checks.check(item.status() == status && item.path().contentEquals(path), path + " item");
    }

    private static boolean labelIs(LookupLabelView label, LookupLabel expected) {
        return label.key().contentEquals(expected.key()) && label.value().contentEquals(expected.value());
    }

    private boolean header(int itemCount, int expectedItems, long generation, long expectedGeneration) {
        boolean ok = itemCount == expectedItems && generation == expectedGeneration;
        checks.check(ok, "header count=" + itemCount + " generation=" + Long.toUnsignedString(generation));
        return ok;
    }

    /** Refreshes until READY, as the reference clients do; reports it on standard error when it never is. */
    static boolean becameReady(ServiceClient client, String who, PrintStream err) {
        for (int i = 0; i < InteropServiceConfig.READY_ATTEMPTS; i++) {
            client.refresh();
            if (client.ready()) {
                return true;
            }
            sleep();
        }
        err.println(who + ": not ready");
        return false;
    }

    private boolean becameReady(ServiceClient client, String who) {
        return becameReady(client, who, err);
    }

    static void sleep() {
        try {
            Thread.sleep(InteropServiceConfig.READY_RETRY_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void begin(String who) {
        checks = new CheckTally(err);
        checks.subject(who);
    }

    private int verdict() {
        boolean passed = checks.failed() == 0;
        out.println(passed ? InteropService.PASS : InteropService.FAIL);
        return passed ? InteropService.EXIT_OK : InteropService.EXIT_FAILED;
    }

    private int callFailed(String who, Exception e) {
        err.println(who + ": call failed: " + e.getMessage());
        out.println(InteropService.FAIL);
        return InteropService.EXIT_FAILED;
    }
}
