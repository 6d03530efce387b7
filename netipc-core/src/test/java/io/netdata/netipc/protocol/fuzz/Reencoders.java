package io.netdata.netipc.protocol.fuzz;

import static io.netdata.netipc.protocol.fuzz.Oracle.check;
import static io.netdata.netipc.protocol.fuzz.Oracle.checkBytes;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshot;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItem;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.protocol.lookup.AppsLookupItem;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.AppsLookupResponse;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItem;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponse;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes owned values with the project's own builders and encoders, for the
 * re-encoding oracle. The variable-size builders get a region that is exactly
 * large enough for the worst-case padding, so a builder that silently turned an
 * item into an overflow item (or dropped padding) shows up as a round-trip
 * mismatch. Each builder runs twice: at the start of a heap array and at an
 * odd offset of a guarded direct buffer; both runs must write the same bytes
 * and leave the guard bytes alone.
 */
final class Reencoders {
    private static final int SHIFT = 5;
    private static final int GUARD_LENGTH = 7;
    private static final byte GUARD = (byte) 0x5A;
    private static final int LOOKUP_HEADER_SIZE = 16;
    private static final int SNAPSHOT_HEADER_SIZE = 24;
    private static final int SNAPSHOT_ITEM_HEADER_SIZE = 32;
    private static final int ENTRY_SIZE = 8;
    private static final int LABEL_ENTRY_SIZE = 16;
    /** The most padding in front of an 8-aligned item or label table. */
    private static final int PAD = 7;
    /** Re-used between executions; allocating direct memory at fuzzing speed only churns the GC. */
    private static final ThreadLocal<ByteBuffer> DIRECT = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 16));

    private Reencoders() {
    }

    /** A builder run into {@code [offset, offset + capacity)} of {@code buffer}; returns the bytes written. */
    @FunctionalInterface
    interface RegionWriter {
        int write(ByteBuffer buffer, int offset, int capacity);
    }

    static byte[] batch(List<ByteString> items) {
        long capacity = 0;
        for (ByteString item : items) {
            capacity += ENTRY_SIZE + PAD + item.length();
        }
        return build(capacity + PAD, (buffer, offset, cap) -> {
            BatchBuilder builder = new BatchBuilder().reset(buffer, offset, cap, items.size());
            items.forEach(builder::add);
            check(builder.itemCount() == items.size(), "batch builder counted every item");
            return builder.finish();
        });
    }

    static byte[] cgroupsSnapshot(CgroupsSnapshot snapshot) {
        List<CgroupsSnapshotItem> items = snapshot.items();
        long capacity = SNAPSHOT_HEADER_SIZE;
        for (CgroupsSnapshotItem item : items) {
            capacity += ENTRY_SIZE + PAD + SNAPSHOT_ITEM_HEADER_SIZE + item.name().length() + item.path().length() + 2;
        }
        return build(capacity, (buffer, offset, cap) -> {
            CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder()
                    .reset(buffer, offset, cap, items.size(), snapshot.systemdEnabled(), snapshot.generation());
            for (CgroupsSnapshotItem item : items) {
                builder.add(item.hash(), item.options(), item.enabled(), item.name(), item.path());
            }
            check(builder.itemCount() == items.size(), "snapshot builder counted every item");
            return builder.finish();
        });
    }

    static byte[] cgroupsLookupRequest(List<ByteString> paths) {
        byte[] bytes = CgroupsLookupRequestEncoder.encode(paths);
        check(bytes.length == CgroupsLookupRequestEncoder.encodedSize(paths), "cgroups lookup request encodedSize()");
        byte[] placed = build(bytes.length,
                (buffer, offset, cap) -> CgroupsLookupRequestEncoder.encode(paths, buffer, offset, cap));
        checkBytes(bytes, placed, "cgroups lookup request encoded into a region");
        return bytes;
    }

    static byte[] appsLookupRequest(List<Long> pids) {
        long[] array = pids.stream().mapToLong(Long::longValue).toArray();
        byte[] bytes = AppsLookupRequestEncoder.encode(array);
        check(bytes.length == AppsLookupRequestEncoder.encodedSize(array.length), "apps lookup request encodedSize()");
        byte[] placed = build(bytes.length,
                (buffer, offset, cap) -> AppsLookupRequestEncoder.encode(array, buffer, offset, cap));
        checkBytes(bytes, placed, "apps lookup request encoded into a region");
        return bytes;
    }

    static byte[] cgroupsLookupResponse(CgroupsLookupResponse response) {
        List<CgroupsLookupItem> items = response.items();
        long capacity = LOOKUP_HEADER_SIZE;
        for (CgroupsLookupItem item : items) {
            capacity += ENTRY_SIZE + PAD + CgroupsLookupItemView.HEADER_SIZE + item.path().length()
                    + item.name().length() + 2 + labelsSize(item.labels());
        }
        return build(capacity, (buffer, offset, cap) -> {
            CgroupsLookupResponseBuilder builder = new CgroupsLookupResponseBuilder()
                    .reset(buffer, offset, cap, items.size(), response.generation());
            items.forEach(builder::add);
            check(builder.itemCount() == items.size(), "cgroups lookup builder counted every item");
            return builder.finish();
        });
    }

    static byte[] appsLookupResponse(AppsLookupResponse response) {
        List<AppsLookupItem> items = response.items();
        long capacity = LOOKUP_HEADER_SIZE;
        for (AppsLookupItem item : items) {
            capacity += ENTRY_SIZE + PAD + AppsLookupItemView.HEADER_SIZE + item.comm().length()
                    + item.cgroupPath().length() + item.cgroupName().length() + 3 + labelsSize(item.labels());
        }
        return build(capacity, (buffer, offset, cap) -> {
            AppsLookupResponseBuilder builder = new AppsLookupResponseBuilder()
                    .reset(buffer, offset, cap, items.size(), response.generation());
            items.forEach(builder::add);
            check(builder.itemCount() == items.size(), "apps lookup builder counted every item");
            return builder.finish();
        });
    }

    private static long labelsSize(List<LookupLabel> labels) {
        if (labels.isEmpty()) {
            return 0;
        }
        long size = PAD;
        for (LookupLabel label : labels) {
            size += LABEL_ENTRY_SIZE + label.key().length() + label.value().length() + 2;
        }
        return size;
    }

    /**
     * Runs {@code writer} on a heap region at offset 0 and on a guarded direct
     * region at an odd offset, checks that both produced the same bytes, and
     * returns them.
     */
    static byte[] build(long capacity, RegionWriter writer) {
        check(capacity <= Integer.MAX_VALUE - SHIFT - GUARD_LENGTH, "re-encoding capacity fits an array");
        int cap = (int) capacity;
        byte[] heap = new byte[cap];
        int heapLength = writer.write(ByteBuffer.wrap(heap), 0, cap);
        check(heapLength >= 0 && heapLength <= cap, "builder length inside its region");

        int size = SHIFT + cap + GUARD_LENGTH;
        ByteBuffer shared = DIRECT.get();
        if (shared.capacity() < size) {
            shared = ByteBuffer.allocateDirect(Math.max(size, 2 * shared.capacity()));
            DIRECT.set(shared);
        }
        ByteBuffer direct = shared.duplicate().order(ByteOrder.BIG_ENDIAN);
        direct.limit(size);
        for (int i = 0; i < size; i++) {
            direct.put(i, GUARD);
        }
        int directLength = writer.write(direct, SHIFT, cap);
        check(directLength == heapLength, "builder writes the same length at any offset");
        for (int i = 0; i < SHIFT; i++) {
            check(direct.get(i) == GUARD, "builder wrote before its region");
        }
        for (int i = SHIFT + cap; i < size; i++) {
            check(direct.get(i) == GUARD, "builder wrote after its region");
        }
        byte[] shifted = new byte[directLength];
        direct.get(SHIFT, shifted);
        byte[] bytes = Arrays.copyOf(heap, heapLength);
        checkBytes(bytes, shifted, "builder output at offset 0 of a heap array and at an odd offset of a direct buffer");
        return bytes;
    }
}
