package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.EnvelopeFixtures.*;
import static io.netdata.netipc.protocol.WireBytes.u32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.BufferKind.Region;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchBuilderTest {
    private static final byte[] THREE_BYTES = {1, 2, 3};
    private static final byte[] FIVE_BYTES = {1, 2, 3, 4, 5};
    private static final int ROOMY = 512;

    private static BatchBuilder builderIn(Region region, int maxItems) {
        return new BatchBuilder().reset(region.buffer(), region.offset(), region.capacity(), maxItems);
    }

    @Test
    void overflowsWhenMaxItemsReached() {
        BatchBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY), 2);
        builder.add(THREE_BYTES).add(THREE_BYTES);

        assertRejects(CodecError.OVERFLOW, () -> builder.add(THREE_BYTES));
        assertRejects(CodecError.OVERFLOW, () -> builder.reserve(0));
        assertThat(builder.itemCount()).isEqualTo(2);
    }

    @Test
    void overflowsOnFirstItemWhenMaxItemsIsZero() {
        BatchBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY), 0);
        assertRejects(CodecError.OVERFLOW, () -> builder.add(new byte[0]));
        assertThat(builder.finish()).isZero();
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void overflowsWhenItemDoesNotFitTheRegionAndWritesNothingOutsideIt(BufferKind kind) {
        int directory = 2 * BATCH_ENTRY_SIZE;
        Region region = kind.region(directory + Wire.ALIGNMENT + FIVE_BYTES.length - 1);
        BatchBuilder builder = builderIn(region, 2).add(THREE_BYTES);

        assertRejects(CodecError.OVERFLOW, () -> builder.add(FIVE_BYTES));
        assertThat(builder.itemCount()).isEqualTo(1);

        builder.add(new byte[] {9, 9});
        int length = builder.finish();
        assertThat(region.guardsIntact()).isTrue();
        BatchView view = new BatchView().wrap(region.buffer(), region.offset(), length, 2);
        assertThat(view.item(1).toByteArray()).containsExactly(9, 9);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void compactsDirectoryWhenFewerItemsThanMaxItems(BufferKind kind) {
        byte[] exact = batchOf(BATCH_ITEMS);
        Region region = kind.region(ROOMY);
        BatchBuilder builder = builderIn(region, BATCH_ITEMS.size() + 3);
        BATCH_ITEMS.forEach(builder::add);

        int length = builder.finish();

        assertThat(region.bytes(length)).isEqualTo(exact);
        assertThat(u32(exact, batchEntry(0, ENTRY_OFFSET))).isZero();
        assertThat(region.guardsIntact()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void continuesInALargerRegionWithTheItemsAddedSoFar(BufferKind kind) {
        byte[] exact = batchOf(BATCH_ITEMS);
        int directory = BATCH_ITEMS.size() * BATCH_ENTRY_SIZE;
        BatchBuilder builder = builderIn(kind.region(directory + Wire.ALIGNMENT), BATCH_ITEMS.size());
        builder.add(BATCH_ITEMS.get(0));
        assertRejects(CodecError.OVERFLOW, () -> builder.add(BATCH_ITEMS.get(1)));
        Region larger = kind.region(ROOMY);

        builder.moveTo(larger.buffer(), larger.offset(), larger.capacity());
        BATCH_ITEMS.subList(1, BATCH_ITEMS.size()).forEach(builder::add);
        int length = builder.finish();

        assertThat(larger.bytes(length)).as("as if built there from the start").isEqualTo(exact);
        assertThat(larger.guardsIntact()).isTrue();
    }

    @Test
    void refusesToMoveToARegionSmallerThanWhatIsBuilt() {
        BatchBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY), 2).add(FIVE_BYTES);
        Region small = BufferKind.HEAP_DEFAULT_ORDER.region(2 * BATCH_ENTRY_SIZE + FIVE_BYTES.length - 1);

        assertThatThrownBy(() -> builder.moveTo(small.buffer(), small.offset(), small.capacity()))
                .isInstanceOf(IllegalArgumentException.class);
        builder.finish();
        assertThatThrownBy(() -> builder.moveTo(ByteBuffer.allocate(ROOMY), 0, ROOMY))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void compactsBatchOfEmptyItems() {
        List<byte[]> empties = List.of(new byte[0], new byte[0]);
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY);
        BatchBuilder builder = builderIn(region, 7);
        empties.forEach(builder::add);

        int length = builder.finish();

        assertThat(length).isEqualTo(2 * BATCH_ENTRY_SIZE);
        assertThat(region.bytes(length)).isEqualTo(batchOf(empties));
    }

    @Test
    void zeroesPaddingBetweenItemsAndAfterTheLast() {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY);
        BatchBuilder builder = builderIn(region, 2).add(THREE_BYTES).add(FIVE_BYTES);

        int length = builder.finish();

        int packed = 2 * BATCH_ENTRY_SIZE;
        byte[] bytes = region.bytes(length);
        assertThat(length).isEqualTo(packed + 2 * Wire.ALIGNMENT);
        for (int pad = THREE_BYTES.length; pad < Wire.ALIGNMENT; pad++) {
            assertThat(bytes[packed + pad]).as("padding after item 0 at %d", pad).isZero();
        }
        for (int pad = Wire.ALIGNMENT + FIVE_BYTES.length; pad < 2 * Wire.ALIGNMENT; pad++) {
            assertThat(bytes[packed + pad]).as("trailing padding at %d", pad).isZero();
        }
    }

    @Test
    void omitsTrailingPaddingWhenRegionEndsMidPadding() {
        int unpadded = BATCH_ENTRY_SIZE + THREE_BYTES.length;
        int slack = 2;
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(unpadded + slack);
        BatchBuilder builder = builderIn(region, 1).add(THREE_BYTES);

        int length = builder.finish();

        assertThat(length).isEqualTo(unpadded);
        assertThat(region.bytes(unpadded + slack)).endsWith(0, 0);
        assertThat(region.guardsIntact()).isTrue();
        assertThat(BatchView.decode(region.bytes(length), 1).item(0).toByteArray()).isEqualTo(THREE_BYTES);
    }

    @Test
    void omitsTrailingPaddingWhenRegionEndsExactlyAtTheLastItem() {
        int unpadded = BATCH_ENTRY_SIZE + THREE_BYTES.length;
        Region region = BufferKind.DIRECT_BIG_ENDIAN.region(unpadded);

        int length = builderIn(region, 1).add(THREE_BYTES).finish();

        assertThat(length).isEqualTo(unpadded);
        assertThat(region.guardsIntact()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void reserveReturnsWhereTheCallerWritesTheItem(BufferKind kind) {
        Region region = kind.region(ROOMY);
        BatchBuilder builder = builderIn(region, 3).add(THREE_BYTES);

        int at = builder.reserve(FIVE_BYTES.length);
        region.buffer().put(at, FIVE_BYTES);
        int length = builder.add(THREE_BYTES).finish();

        byte[] expected = batchOf(List.of(THREE_BYTES, FIVE_BYTES, THREE_BYTES));
        assertThat(region.bytes(length)).isEqualTo(expected);
        assertThat(at).isEqualTo(region.offset() + 3 * BATCH_ENTRY_SIZE + Wire.ALIGNMENT);
    }

    @Test
    void addsByteSourcesAndArraysIdentically() {
        Region fromArrays = BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY);
        Region fromSources = BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY);
        BatchBuilder arrays = builderIn(fromArrays, 2).add(THREE_BYTES).add(FIVE_BYTES);
        BatchBuilder sources = builderIn(fromSources, 2).add(ByteString.of(THREE_BYTES))
                .add(new BytesView().wrap(ByteBuffer.wrap(FIVE_BYTES), 0, FIVE_BYTES.length));

        int length = arrays.finish();

        assertThat(sources.finish()).isEqualTo(length);
        assertThat(fromSources.bytes(length)).isEqualTo(fromArrays.bytes(length));
    }

    @Test
    void isReusableAfterReset() {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY);
        BatchBuilder builder = builderIn(region, 4).add(FIVE_BYTES).add(FIVE_BYTES).add(FIVE_BYTES);
        builder.finish();

        builder.reset(region.buffer(), region.offset(), region.capacity(), BATCH_ITEMS.size());
        assertThat(builder.itemCount()).isZero();
        BATCH_ITEMS.forEach(builder::add);
        int length = builder.finish();

        assertThat(region.bytes(length)).isEqualTo(validBatch());
    }

    @Test
    void rejectsNegativeMaxItemsAndLength() {
        ByteBuffer buffer = ByteBuffer.allocate(ROOMY);
        assertThatThrownBy(() -> new BatchBuilder().reset(buffer, 0, ROOMY, -1))
                .isInstanceOf(IllegalArgumentException.class);
        BatchBuilder builder = new BatchBuilder().reset(buffer, 0, ROOMY, 1);
        assertThatThrownBy(() -> builder.reserve(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsRegionOutsideTheBuffer() {
        ByteBuffer buffer = ByteBuffer.allocate(ROOMY);
        assertThatThrownBy(() -> new BatchBuilder().reset(buffer, 1, ROOMY, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
