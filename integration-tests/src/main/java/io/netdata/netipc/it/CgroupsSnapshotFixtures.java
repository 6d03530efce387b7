package io.netdata.netipc.it;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshot;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItem;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequest;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Interop fixture files of CGROUPS_SNAPSHOT: the request, a three-item
 * snapshot (one with empty strings) and an empty snapshot.
 *
 * <p>Thread-safety: constants and stateless functions.
 */
final class CgroupsSnapshotFixtures {
    static final CgroupsSnapshotRequest REQUEST = CgroupsSnapshotRequest.STANDARD;

    /** Hashes are arbitrary here, not {@code simple_hash(name)}: the codec carries them unchecked. */
    static final CgroupsSnapshot SNAPSHOT = new CgroupsSnapshot(1, 999, List.of(
            item(100, 0, 1, "init.scope", "/sys/fs/cgroup/init.scope"),
            item(200, 2, 0, "system.slice/docker-abc.scope", "/sys/fs/cgroup/system.slice/docker-abc.scope"),
            item(300, 0, 1, "", "")));

    static final CgroupsSnapshot EMPTY_SNAPSHOT = new CgroupsSnapshot(0, 42, List.of());

    private CgroupsSnapshotFixtures() {
    }

    static List<InteropFixture> fixtures() {
        return List.of(
                new InteropFixture("cgroups_req.bin", buffer -> REQUEST.encodeTo(buffer, 0),
                        CgroupsSnapshotFixtures::verifyRequest),
                snapshotFixture("cgroups_resp.bin", SNAPSHOT),
                snapshotFixture("cgroups_resp_empty.bin", EMPTY_SNAPSHOT));
    }

    private static CgroupsSnapshotItem item(long hash, long options, long enabled, String name, String path) {
        return new CgroupsSnapshotItem(hash, options, enabled, ByteString.utf8(name), ByteString.utf8(path));
    }

    private static void verifyRequest(ByteBuffer message, int length, CheckTally checks) {
        checks.decode("message", () -> new CgroupsSnapshotRequestView().wrap(message, 0, length))
                .ifPresent(view -> {
                    checks.check(view.layoutVersion() == REQUEST.layoutVersion(),
                            "layout_version");
                    checks.check(view.flags() == REQUEST.flags(), "flags");
                });
    }

    private static InteropFixture snapshotFixture(String fileName, CgroupsSnapshot expected) {
        return new InteropFixture(fileName,
                buffer -> encode(buffer, expected),
                (message, length, checks) -> verify(message, length, checks, expected));
    }

    private static int encode(ByteBuffer buffer, CgroupsSnapshot snapshot) {
        CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder().reset(buffer, 0,
                buffer.capacity(), snapshot.items().size(), snapshot.systemdEnabled(), snapshot.generation());
        for (CgroupsSnapshotItem item : snapshot.items()) {
            builder.add(item.hash(), item.options(), item.enabled(), item.name(), item.path());
        }
        return builder.finish();
    }

    private static void verify(ByteBuffer message, int length, CheckTally checks, CgroupsSnapshot expected) {
        checks.decode("message", () -> new CgroupsSnapshotResponseView().wrap(message, 0, length)).ifPresent(view -> {
            checks.check(view.itemCount() == expected.items().size(), "item count");
            checks.check(view.systemdEnabled() == expected.systemdEnabled(), "systemd_enabled");
            checks.check(view.generation() == expected.generation(), "generation");
            CgroupsSnapshotItemView item = new CgroupsSnapshotItemView();
            for (int i = 0; i < Math.min(view.itemCount(), expected.items().size()); i++) {
                String itemWhat = "item " + i;
                CgroupsSnapshotItem want = expected.items().get(i);
                int index = i;
                checks.decode(itemWhat, () -> view.item(index, item))
                        .ifPresent(got -> verifyItem(got, want, checks, itemWhat));
            }
        });
    }

    private static void verifyItem(CgroupsSnapshotItemView item, CgroupsSnapshotItem expected, CheckTally checks,
            String what) {
        checks.check(item.hash() == expected.hash(), what + " hash");
        checks.check(item.options() == expected.options(), what + " options");
        checks.check(item.enabled() == expected.enabled(), what + " enabled");
        checks.check(item.name().contentEquals(expected.name()), what + " name");
        checks.check(item.path().contentEquals(expected.path()), what + " path");
    }
}
