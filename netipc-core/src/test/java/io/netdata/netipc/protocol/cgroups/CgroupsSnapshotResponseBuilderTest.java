package io.netdata.netipc.protocol.cgroups;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.WireBytes.U32_MAX;
import static io.netdata.netipc.protocol.WireBytes.u32;
import static io.netdata.netipc.protocol.cgroups.SnapshotFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.BufferKind;
import io.netdata.netipc.protocol.BufferKind.Region;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.SimpleHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CgroupsSnapshotResponseBuilderTest {
    /** Bytes of an item with empty name and path: the header and two terminators. */
    private static final int SMALLEST_ITEM = ITEM_HEADER_SIZE + 2;
    /** {@link #SMALLEST_ITEM} padded to 8. */
    private static final int SMALLEST_ITEM_PADDED = 40;
    /** What each smallest item costs in a response: its directory entry and padded bytes. */
    private static final int SMALLEST_ITEM_COST = ENTRY_SIZE + SMALLEST_ITEM_PADDED;

    private static CgroupsSnapshotResponseBuilder builderIn(Region region, int maxItems) {
        return new CgroupsSnapshotResponseBuilder().reset(region.buffer(), region.offset(), region.capacity(),
                maxItems, SYSTEMD_ENABLED, GENERATION);
    }

    private static void addCorpus(CgroupsSnapshotResponseBuilder builder) {
        CORPUS.forEach(item -> add(builder, item));
    }

    @Test
    void overflowsWhenMaxItemsReached() {
        CgroupsSnapshotResponseBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(4096), 1);
        add(builder, CORPUS.get(0));

        assertRejects(CodecError.OVERFLOW, () -> add(builder, CORPUS.get(1)));
        assertThat(builder.itemCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void overflowsWhenItemDoesNotFitTheRegionAndKeepsWhatWasAdded(BufferKind kind) {
        byte[] exact = validResponse();
        Region region = kind.region(exact.length - 1);
        CgroupsSnapshotResponseBuilder builder = builderIn(region, CORPUS.size());
        CORPUS.subList(0, CORPUS.size() - 1).forEach(item -> add(builder, item));

        assertRejects(CodecError.OVERFLOW, () -> add(builder, CORPUS.get(CORPUS.size() - 1)));

        int length = builder.finish();
        assertThat(region.guardsIntact()).isTrue();
        CgroupsSnapshotResponseView view = new CgroupsSnapshotResponseView().wrap(region.buffer(), region.offset(),
                length);
        assertThat(view.toOwned().items()).isEqualTo(CORPUS.subList(0, CORPUS.size() - 1));
    }

    @Test
    void fitsARegionOfExactlyTheFinalSize() {
        byte[] exact = validResponse();
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(exact.length);
        CgroupsSnapshotResponseBuilder builder = builderIn(region, CORPUS.size());
        addCorpus(builder);

        assertThat(region.bytes(builder.finish())).isEqualTo(exact);
    }

    @Test
    void finishOverflowsWhenTheRegionCannotHoldTheHeader() {
        CgroupsSnapshotResponseBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(HEADER_SIZE - 1), 0);
        assertRejects(CodecError.OVERFLOW, builder::finish);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void compactsDirectoryWhenFewerItemsThanMaxItems(BufferKind kind) {
        Region region = kind.region(4096);
        CgroupsSnapshotResponseBuilder builder = builderIn(region, CORPUS.size() + 5);
        addCorpus(builder);

        int length = builder.finish();

        assertThat(region.bytes(length)).isEqualTo(validResponse());
        assertThat(u32(region.bytes(length), entry(0, ENTRY_OFFSET))).isZero();
        assertThat(region.guardsIntact()).isTrue();
    }

    @Test
    void zeroesPaddingBetweenItems() {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(4096);
        CgroupsSnapshotResponseBuilder builder = builderIn(region, CORPUS.size());
        addCorpus(builder);
        byte[] bytes = region.bytes(builder.finish());

        int checked = 0;
        for (int i = 0; i + 1 < CORPUS.size(); i++) {
            int end = itemStart(bytes, i) + (int) u32(bytes, entry(i, ENTRY_LENGTH));
            for (int pad = end; pad < itemStart(bytes, i + 1); pad++) {
                assertThat(bytes[pad]).as("padding byte %d", pad).isZero();
                checked++;
            }
        }
        assertThat(checked).as("the corpus has padding to check").isPositive();
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "24, 0", "71, 0", "72, 1", "119, 1", "120, 2"})
    void estimatesMaxItemsFromTheSmallestItem(int capacity, int expected) {
        assertThat(CgroupsSnapshotResponseBuilder.estimateMaxItems(capacity)).isEqualTo(expected);
    }

    @Test
    void estimatedMaxItemsOfSmallestItemsFitAndOneMoreDoesNot() {
        int items = 7;
        int capacity = HEADER_SIZE + items * SMALLEST_ITEM_COST;
        int estimate = CgroupsSnapshotResponseBuilder.estimateMaxItems(capacity);
        assertThat(estimate).isEqualTo(items);

        CgroupsSnapshotResponseBuilder fitting = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(capacity), estimate);
        addSmallestItems(fitting, estimate);
        assertThat(fitting.finish())
                .isEqualTo(HEADER_SIZE + items * ENTRY_SIZE + (items - 1) * SMALLEST_ITEM_PADDED + SMALLEST_ITEM);

        CgroupsSnapshotResponseBuilder tooMany = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(capacity),
                estimate + 1);
        assertRejects(CodecError.OVERFLOW, () -> addSmallestItems(tooMany, estimate + 1));
    }

    private static void addSmallestItems(CgroupsSnapshotResponseBuilder builder, int count) {
        for (int i = 0; i < count; i++) {
            builder.add(0, 0, 0, ByteString.EMPTY, ByteString.EMPTY);
        }
    }

    @Test
    void setHeaderReplacesSnapshotFields() {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(4096);
        CgroupsSnapshotResponseBuilder builder = builderIn(region, 1).setHeader(U32_MAX, -1);

        CgroupsSnapshot decoded = CgroupsSnapshotResponseView.decode(region.bytes(builder.finish())).toOwned();

        assertThat(decoded).isEqualTo(new CgroupsSnapshot(U32_MAX, -1, List.of()));
    }

    @Test
    void isReusableAfterReset() {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(4096);
        CgroupsSnapshotResponseBuilder builder = builderIn(region, 2);
        add(builder, CORPUS.get(3));
        builder.finish();

        builder.reset(region.buffer(), region.offset(), region.capacity(), CORPUS.size(), SYSTEMD_ENABLED, GENERATION);
        assertThat(builder.itemCount()).isZero();
        addCorpus(builder);

        assertThat(region.bytes(builder.finish())).isEqualTo(validResponse());
    }

    @Test
    void rejectsArgumentsOutsideTheirFieldRange() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder().reset(buffer, 0, 4096, 1, 0, 0);

        assertThatThrownBy(() -> builder.add(U32_MAX + 1, 0, 0, ByteString.EMPTY, ByteString.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.add(0, -1, 0, ByteString.EMPTY, ByteString.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.add(0, 0, U32_MAX + 1, ByteString.EMPTY, ByteString.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.setHeader(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.reset(buffer, 0, 4096, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.reset(buffer, 1, 4096, 1, 0, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(builder.itemCount()).isZero();
    }

    @Test
    void buildsLargeSnapshots() {
        int count = 2000;
        List<CgroupsSnapshotItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(CgroupsSnapshotItem.of("cgroup_" + i, "/sys/fs/cgroup/system.slice/unit-" + i + ".service",
                    i, i % 2 == 0));
        }
        CgroupsSnapshot snapshot = new CgroupsSnapshot(SYSTEMD_ENABLED, GENERATION, items);

        assertThat(decode(encode(snapshot))).isEqualTo(snapshot);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void requestEncodesIntoAnyRegion(BufferKind kind) {
        Region region = kind.region(REQUEST_SIZE);

        assertThat(CgroupsSnapshotRequest.STANDARD.encodeTo(region.buffer(), region.offset())).isEqualTo(REQUEST_SIZE);

        assertThat(region.bytes(REQUEST_SIZE)).isEqualTo(CgroupsSnapshotRequest.STANDARD.toBytes());
        assertThat(new CgroupsSnapshotRequestView().wrap(region.buffer(), region.offset(), REQUEST_SIZE).toOwned())
                .isEqualTo(CgroupsSnapshotRequest.STANDARD);
        assertThat(region.guardsIntact()).isTrue();
    }

    @Test
    void ownedTypesValidateTheirFields() {
        assertThatThrownBy(() -> new CgroupsSnapshotRequest(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CgroupsSnapshotRequest(1, 0x1_0000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CgroupsSnapshot(-1, 0, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CgroupsSnapshotItem(-1, 0, 0, ByteString.EMPTY, ByteString.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CgroupsSnapshotItem(0, U32_MAX + 1, 0, ByteString.EMPTY, ByteString.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CgroupsSnapshotItem(0, 0, -1, ByteString.EMPTY, ByteString.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CgroupsSnapshotItem(0, 0, 0, null, ByteString.EMPTY))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CgroupsSnapshotItem(0, 0, 0, ByteString.EMPTY, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void itemOfHashesTheNameAsProducersDo() {
        CgroupsSnapshotItem item = CgroupsSnapshotItem.of("user.slice", "/user.slice", OPTIONS, false);

        assertThat(item.hash()).isEqualTo(SimpleHash.of("user.slice"));
        assertThat(item.enabled()).isZero();
        assertThat(CgroupsSnapshotItem.of("a", "/a", 0, true).enabled()).isEqualTo(1);
    }

    @Test
    void snapshotCopiesItsItemList() {
        List<CgroupsSnapshotItem> items = new ArrayList<>(CORPUS);
        CgroupsSnapshot snapshot = new CgroupsSnapshot(0, 0, items);
        items.clear();

        assertThat(snapshot.items()).isEqualTo(CORPUS);
    }
}
