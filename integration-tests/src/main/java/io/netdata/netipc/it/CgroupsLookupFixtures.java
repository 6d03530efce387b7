package io.netdata.netipc.it;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItem;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponse;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Interop fixture files of CGROUPS_LOOKUP: two requests and one response per
 * item status (plus an empty one).
 *
 * <p>Thread-safety: constants and stateless functions.
 */
final class CgroupsLookupFixtures {
    static final List<ByteString> PATHS = List.of(
            ByteString.utf8("/sys/fs/cgroup/a"), ByteString.utf8("/system.slice/docker-abc.scope"));

    private CgroupsLookupFixtures() {
    }

    static List<InteropFixture> fixtures() {
        return List.of(
                requestFixture("cgroups_lookup_req.bin", PATHS),
                requestFixture("cgroups_lookup_req_empty.bin", List.of()),
                responseFixture("known_with_labels", 100, new CgroupsLookupItem(CgroupLookupStatus.KNOWN,
                        Orchestrator.K8S, ByteString.utf8("/kubepods.slice/pod-a"), ByteString.utf8("pod-a"),
                        List.of(LookupLabel.of("namespace", "default"), LookupLabel.of("pod", "web")))),
                responseFixture("known_no_labels", 101, new CgroupsLookupItem(CgroupLookupStatus.KNOWN,
                        Orchestrator.DOCKER, ByteString.utf8("/docker/abc"), ByteString.EMPTY, List.of())),
                responseFixture("unknown_retry", 102, withoutMetadata(CgroupLookupStatus.UNKNOWN_RETRY_LATER,
                        "/missing/retry")),
                responseFixture("unknown_permanent", 103, withoutMetadata(CgroupLookupStatus.UNKNOWN_PERMANENT,
                        "/gone")),
                responseFixture("payload_exceeded", 104, withoutMetadata(CgroupLookupStatus.PAYLOAD_EXCEEDED,
                        "/payload-exceeded")),
                responseFixture("oversized_item", 105, withoutMetadata(CgroupLookupStatus.OVERSIZED_ITEM,
                        "/oversized")),
                responseFixture("empty", 106));
    }

    /** An item without metadata, as every status but KNOWN must be. */
    private static CgroupsLookupItem withoutMetadata(int status, String path) {
        return new CgroupsLookupItem(status, Orchestrator.UNKNOWN, ByteString.utf8(path), ByteString.EMPTY, List.of());
    }

    private static InteropFixture requestFixture(String fileName, List<ByteString> paths) {
        return new InteropFixture(fileName,
                buffer -> CgroupsLookupRequestEncoder.encode(paths, buffer, 0, buffer.capacity()),
                (message, length, checks) -> verifyRequest(message, length, checks, paths));
    }

    private static void verifyRequest(ByteBuffer message, int length, CheckTally checks,
            List<ByteString> expected) {
        checks.decode("message", () -> new CgroupsLookupRequestView().wrap(message, 0, length)).ifPresent(view -> {
            checks.check(view.itemCount() == expected.size(), "item count");
            BytesView path = new BytesView();
            for (int i = 0; i < Math.min(view.itemCount(), expected.size()); i++) {
                String pathWhat = "path " + i;
                ByteString want = expected.get(i);
                int index = i;
                checks.decode(pathWhat, () -> view.path(index, path))
                        .ifPresent(got -> checks.check(got.contentEquals(want), pathWhat + " bytes"));
            }
        });
    }

    /** The file {@code cgroups_lookup_resp_<suffix>.bin}: a response holding {@code items}. */
    private static InteropFixture responseFixture(String suffix, long generation, CgroupsLookupItem... items) {
        String fileName = "cgroups_lookup_resp_" + suffix + ".bin";
        CgroupsLookupResponse expected = new CgroupsLookupResponse(generation, List.of(items));
        return new InteropFixture(fileName,
                buffer -> encodeResponse(buffer, expected),
                (message, length, checks) -> verifyResponse(message, length, checks, expected));
    }

    private static int encodeResponse(ByteBuffer buffer, CgroupsLookupResponse response) {
        CgroupsLookupResponseBuilder builder = new CgroupsLookupResponseBuilder()
                .reset(buffer, 0, buffer.capacity(), response.items().size(), response.generation());
        response.items().forEach(builder::add);
        return builder.finish();
    }

    private static void verifyResponse(ByteBuffer message, int length, CheckTally checks,
            CgroupsLookupResponse expected) {
        checks.decode("message", () -> new CgroupsLookupResponseView().wrap(message, 0, length)).ifPresent(view -> {
            checks.check(view.itemCount() == expected.items().size(), "item count");
            checks.check(view.generation() == expected.generation(), "generation");
            CgroupsLookupItemView item = new CgroupsLookupItemView();
            for (int i = 0; i < Math.min(view.itemCount(), expected.items().size()); i++) {
                String itemWhat = "item " + i;
                CgroupsLookupItem want = expected.items().get(i);
                int index = i;
                checks.decode(itemWhat, () -> view.item(index, item))
                        .ifPresent(got -> verifyItem(got, want, checks, itemWhat));
            }
        });
    }

    private static void verifyItem(CgroupsLookupItemView item, CgroupsLookupItem expected, CheckTally checks,
            String what) {
        checks.check(item.status() == expected.status(), what + " status");
        checks.check(item.orchestrator() == expected.orchestrator(), what + " orchestrator");
        checks.check(item.path().contentEquals(expected.path()), what + " path");
        checks.check(item.name().contentEquals(expected.name()), what + " name");
        LookupLabelView label = new LookupLabelView();
        LabelChecks.verify(checks, what, item.labelCount(), index -> item.label(index, label), expected.labels());
    }
}
