package io.netdata.netipc.it;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.AppsLookupItem;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponse;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Interop fixture files of APPS_LOOKUP: two requests and one response per
 * PID status and cgroup status (plus an empty one).
 *
 * <p>Thread-safety: constants and stateless functions.
 */
final class AppsLookupFixtures {
    static final long[] PIDS = {0, 1234, 4321};
    private static final long[] NO_PIDS = {};

    /** Parent PID of the known processes. */
    private static final long INIT_PID = 1;
    /** UID of the known processes that do not run as root. */
    private static final long USER_UID = 1000;
    private static final long ROOT_UID = 0;

    private AppsLookupFixtures() {
    }

    static List<InteropFixture> fixtures() {
        return List.of(
                requestFixture("apps_lookup_req.bin", PIDS),
                requestFixture("apps_lookup_req_empty.bin", NO_PIDS),
                responseFixture("known_full", 200, known(AppsCgroupStatus.KNOWN, Orchestrator.DOCKER, 1234, USER_UID,
                        123_456, "123456789012345", "/docker/abc", "container-a",
                        List.of(LookupLabel.of("image", "nginx:latest"), LookupLabel.of("service", "web")))),
                responseFixture("known_retry", 201, known(AppsCgroupStatus.UNKNOWN_RETRY_LATER, Orchestrator.UNKNOWN,
                        1235, USER_UID, 123_457, "app", "/pending", "", List.of())),
                responseFixture("known_permanent", 202, known(AppsCgroupStatus.UNKNOWN_PERMANENT,
                        Orchestrator.UNKNOWN, 1236, USER_UID, 123_458, "app2", "/permanent", "", List.of())),
                responseFixture("known_host_root", 203, known(AppsCgroupStatus.HOST_ROOT, Orchestrator.UNKNOWN,
                        1237, ROOT_UID, 123_459, "sshd", "", "", List.of())),
                responseFixture("unknown_pid", 204, AppsLookupItem.unknown(0)),
                responseFixture("payload_exceeded", 205, withoutMetadata(PidLookupStatus.PAYLOAD_EXCEEDED, 1238)),
                responseFixture("oversized_item", 206, withoutMetadata(PidLookupStatus.OVERSIZED_ITEM, 1239)),
                responseFixture("empty", 207));
    }

    /** A process the provider knows, child of init. */
    private static AppsLookupItem known(int cgroupStatus, int orchestrator, long pid, long uid, long starttime,
            String comm, String cgroupPath, String cgroupName, List<LookupLabel> labels) {
        return new AppsLookupItem(PidLookupStatus.KNOWN, cgroupStatus, orchestrator, pid, INIT_PID, uid, starttime,
                ByteString.utf8(comm), ByteString.utf8(cgroupPath), ByteString.utf8(cgroupName), labels);
    }

    /** An item that only echoes its PID, as every status but KNOWN must. */
    private static AppsLookupItem withoutMetadata(int status, long pid) {
        AppsLookupItem unknown = AppsLookupItem.unknown(pid);
        return new AppsLookupItem(status, unknown.cgroupStatus(), unknown.orchestrator(), pid, unknown.ppid(),
                unknown.uid(), unknown.starttime(), unknown.comm(), unknown.cgroupPath(), unknown.cgroupName(),
                unknown.labels());
    }

    private static InteropFixture requestFixture(String fileName, long[] pids) {
        return new InteropFixture(fileName,
                buffer -> AppsLookupRequestEncoder.encode(pids, buffer, 0, buffer.capacity()),
                (message, length, checks) -> verifyRequest(message, length, checks, pids));
    }

    private static void verifyRequest(ByteBuffer message, int length, CheckTally checks,
            long[] expected) {
        checks.decode("message", () -> new AppsLookupRequestView().wrap(message, 0, length)).ifPresent(view -> {
            checks.check(view.itemCount() == expected.length, "item count");
            for (int i = 0; i < Math.min(view.itemCount(), expected.length); i++) {
                String pidWhat = "pid " + i;
                long want = expected[i];
                int index = i;
                checks.decode(pidWhat, () -> view.pid(index))
                        .ifPresent(got -> checks.check(got == want, pidWhat + " value"));
            }
        });
    }

    /** The file {@code apps_lookup_resp_<suffix>.bin}: a response holding {@code items}. */
    private static InteropFixture responseFixture(String suffix, long generation, AppsLookupItem... items) {
        String fileName = "apps_lookup_resp_" + suffix + ".bin";
        AppsLookupResponse expected = new AppsLookupResponse(generation, List.of(items));
        return new InteropFixture(fileName,
                buffer -> encodeResponse(buffer, expected),
                (message, length, checks) -> verifyResponse(message, length, checks, expected));
    }

    private static int encodeResponse(ByteBuffer buffer, AppsLookupResponse response) {
        AppsLookupResponseBuilder builder = new AppsLookupResponseBuilder()
                .reset(buffer, 0, buffer.capacity(), response.items().size(), response.generation());
        response.items().forEach(builder::add);
        return builder.finish();
    }

    private static void verifyResponse(ByteBuffer message, int length, CheckTally checks,
            AppsLookupResponse expected) {
        checks.decode("message", () -> new AppsLookupResponseView().wrap(message, 0, length)).ifPresent(view -> {
            checks.check(view.itemCount() == expected.items().size(), "item count");
            checks.check(view.generation() == expected.generation(), "generation");
            AppsLookupItemView item = new AppsLookupItemView();
            for (int i = 0; i < Math.min(view.itemCount(), expected.items().size()); i++) {
                String itemWhat = "item " + i;
                AppsLookupItem want = expected.items().get(i);
                int index = i;
                checks.decode(itemWhat, () -> view.item(index, item))
                        .ifPresent(got -> verifyItem(got, want, checks, itemWhat));
            }
        });
    }

    private static void verifyItem(AppsLookupItemView item, AppsLookupItem expected, CheckTally checks,
            String what) {
        checks.check(item.status() == expected.status(), what + " status");
        checks.check(item.cgroupStatus() == expected.cgroupStatus(), what + " cgroup_status");
        checks.check(item.orchestrator() == expected.orchestrator(), what + " orchestrator");
        checks.check(item.pid() == expected.pid(), what + " pid");
        checks.check(item.ppid() == expected.ppid(), what + " ppid");
        checks.check(item.uid() == expected.uid(), what + " uid");
        checks.check(item.starttime() == expected.starttime(), what + " starttime");
        checks.check(item.comm().contentEquals(expected.comm()), what + " comm");
        checks.check(item.cgroupPath().contentEquals(expected.cgroupPath()), what + " cgroup_path");
        checks.check(item.cgroupName().contentEquals(expected.cgroupName()), what + " cgroup_name");
        LookupLabelView label = new LookupLabelView();
        LabelChecks.verify(checks, what, item.labelCount(), index -> item.label(index, label), expected.labels());
    }
}
