package io.netdata.netipc.protocol.cgroups;

import static io.netdata.netipc.protocol.WireBytes.u32;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.WireBytes;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Valid CGROUPS_SNAPSHOT messages built with the project's builder, and the
 * layout of {@code codec-cgroups-snapshot.md} written down independently of the
 * codec.
 */
final class SnapshotFixtures {
    static final int REQUEST_SIZE = 4;
    static final int REQ_LAYOUT_VERSION = 0;
    static final int REQ_FLAGS = 2;

    static final int HEADER_SIZE = 24;
    static final int HDR_LAYOUT_VERSION = 0;
    static final int HDR_FLAGS = 2;
    static final int HDR_ITEM_COUNT = 4;
    static final int HDR_SYSTEMD_ENABLED = 8;
    static final int HDR_RESERVED = 12;
    static final int HDR_GENERATION = 16;

    static final int ENTRY_SIZE = 8;
    static final int ENTRY_OFFSET = 0;
    static final int ENTRY_LENGTH = 4;

    static final int ITEM_HEADER_SIZE = 32;
    static final int ITEM_LAYOUT_VERSION = 0;
    static final int ITEM_FLAGS = 2;
    static final int ITEM_HASH = 4;
    static final int ITEM_OPTIONS = 8;
    static final int ITEM_ENABLED = 12;
    static final int ITEM_NAME_OFFSET = 16;
    static final int ITEM_NAME_LENGTH = 20;
    static final int ITEM_PATH_OFFSET = 24;
    static final int ITEM_PATH_LENGTH = 28;

    static final long SYSTEMD_ENABLED = 1;
    static final long GENERATION = 0x0000_0001_0000_002AL;
    /** Cgroup option flags as the producer sets them; opaque to the codec. */
    static final long OPTIONS = 0x0000_0104L;

    /** A production-shaped corpus: a service, a container, a user slice and a VM. */
    static final List<CgroupsSnapshotItem> CORPUS = List.of(
            CgroupsSnapshotItem.of("system.slice_nginx.service", "/sys/fs/cgroup/system.slice/nginx.service",
                    OPTIONS, true),
            CgroupsSnapshotItem.of("docker_3f2a9c", "/sys/fs/cgroup/system.slice/docker-3f2a9c.scope", 0, true),
            CgroupsSnapshotItem.of("user.slice", "/sys/fs/cgroup/user.slice", 0, false),
            CgroupsSnapshotItem.of("qemu_vm1", "/sys/fs/cgroup/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope",
                    OPTIONS, true));
    /** The corpus item the item-level rejection tests corrupt: not the first, so item offsets matter. */
    static final int VICTIM = 1;

    private SnapshotFixtures() {
    }

    /** Bytes an encoded snapshot of {@code items} needs at most while it is built. */
    static int capacityFor(List<CgroupsSnapshotItem> items) {
        int capacity = HEADER_SIZE;
        for (CgroupsSnapshotItem item : items) {
            capacity += ENTRY_SIZE + ITEM_HEADER_SIZE + item.name().length() + item.path().length() + 2
                    + Wire.ALIGNMENT;
        }
        return capacity;
    }

    /** Adds {@code item} to {@code builder}. */
    static void add(CgroupsSnapshotResponseBuilder builder, CgroupsSnapshotItem item) {
        builder.add(item.hash(), item.options(), item.enabled(), item.name(), item.path());
    }

    /** The response for {@code snapshot}, built with a builder sized for exactly its items. */
    static byte[] encode(CgroupsSnapshot snapshot) {
        int capacity = capacityFor(snapshot.items());
        ByteBuffer buffer = ByteBuffer.allocate(capacity);
        CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder()
                .reset(buffer, 0, capacity, snapshot.items().size(), snapshot.systemdEnabled(), snapshot.generation());
        snapshot.items().forEach(item -> add(builder, item));
        return WireBytes.truncated(buffer.array(), builder.finish());
    }

    static CgroupsSnapshot corpusSnapshot() {
        return new CgroupsSnapshot(SYSTEMD_ENABLED, GENERATION, CORPUS);
    }

    static byte[] validResponse() {
        return encode(corpusSnapshot());
    }

    /** A response holding one item with the given strings. */
    static byte[] singleItemResponse(String name, String path) {
        return encode(new CgroupsSnapshot(0, 0, List.of(CgroupsSnapshotItem.of(name, path, 0, true))));
    }

    /** Decodes {@code response} completely, validating every item. */
    static CgroupsSnapshot decode(byte[] response) {
        return CgroupsSnapshotResponseView.decode(response).toOwned();
    }

    /** Offset of directory entry {@code index}'s {@code field}. */
    static int entry(int index, int field) {
        return HEADER_SIZE + index * ENTRY_SIZE + field;
    }

    /** Offset of item {@code index}'s first byte in {@code response}. */
    static int itemStart(byte[] response, int index) {
        long count = u32(response, HDR_ITEM_COUNT);
        return (int) (HEADER_SIZE + count * ENTRY_SIZE + u32(response, entry(index, ENTRY_OFFSET)));
    }

    /** Offset of item {@code index}'s header field {@code field} in {@code response}. */
    static int itemField(byte[] response, int index, int field) {
        return itemStart(response, index) + field;
    }
}
