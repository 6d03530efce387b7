package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.BufferKind;
import io.netdata.netipc.protocol.BufferKind.Region;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.WireBytes;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CgroupsLookupResponseBuilderTest {
    private static final ByteString P0 = utf8("/a/b");
    private static final ByteString P1 = utf8("/c");
    private static final ByteString P2 = utf8("/d/e/f");
    private static final ByteString SHORT_NAME = utf8("x");
    private static final ByteString LONG_NAME = utf8("n".repeat(200));
    private static final int ROOMY = 4096;

    /** Bytes of an item with {@code path}, an empty name and no labels: what an overflow answer costs. */
    private static int overflowItemSize(ByteString path) {
        return CG_ITEM_HEADER_SIZE + path.length() + 2;
    }

    /** Bytes of an item with {@code path} and {@code name} and no labels. */
    private static int itemSize(ByteString path, ByteString name) {
        return CG_ITEM_HEADER_SIZE + path.length() + name.length() + 2;
    }

    private static int align8(int value) {
        return (value + 7) & -8;
    }

    private static int directoryEnd(int items) {
        return RESPONSE_HEADER_SIZE + items * ENTRY_SIZE;
    }

    private static CgroupsLookupResponseBuilder builderIn(Region region, int maxItems) {
        return new CgroupsLookupResponseBuilder().reset(region.buffer(), region.offset(), region.capacity(), maxItems,
                GENERATION);
    }

    private static CgroupsLookupResponse finishAndDecode(CgroupsLookupResponseBuilder builder, Region region) {
        int length = builder.finish();
        assertThat(region.guardsIntact()).isTrue();
        return new CgroupsLookupResponseView().wrap(region.buffer(), region.offset(), length).toOwned();
    }

    private static CgroupsLookupItem known(ByteString path, ByteString name) {
        return new CgroupsLookupItem(CgroupLookupStatus.KNOWN, Orchestrator.DOCKER, path, name, List.of());
    }

    private static CgroupsLookupItem overflowAnswer(int status, ByteString path) {
        return new CgroupsLookupItem(status, 0, path, ByteString.EMPTY, List.of());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void buildsIdenticalBytesInAnyRegion(BufferKind kind) {
        Region region = kind.region(capacityForCgroups(CG_ITEMS));
        CgroupsLookupResponseBuilder builder = builderIn(region, CG_ITEMS.size());
        CG_ITEMS.forEach(builder::add);

        assertThat(region.bytes(builder.finish())).isEqualTo(validCgroupsResponse());
        assertThat(region.guardsIntact()).isTrue();
    }

    @Test
    void compactsDirectoryWhenFewerItemsThanMaxItems() {
        Region region = BufferKind.DIRECT_BIG_ENDIAN.region(ROOMY);
        CgroupsLookupResponseBuilder builder = builderIn(region, CG_ITEMS.size() + 3);
        CG_ITEMS.forEach(builder::add);

        assertThat(region.bytes(builder.finish())).isEqualTo(validCgroupsResponse());
    }

    @Test
    void emptyResponseIsTheHeaderWithTheGeneration() {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(RESPONSE_HEADER_SIZE);
        CgroupsLookupResponseBuilder builder = builderIn(region, 0).setGeneration(-1);

        assertThat(finishAndDecode(builder, region)).isEqualTo(new CgroupsLookupResponse(-1, List.of()));
    }

    @Test
    void finishOverflowsWhenTheRegionCannotHoldTheHeader() {
        CgroupsLookupResponseBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(15), 0);
        assertRejects(CodecError.OVERFLOW, builder::finish);
    }

    @Test
    void firstItemThatDoesNotFitBecomesOversizedItemAndLaterItemsStillSucceed() {
        int capacity = directoryEnd(2) + align8(overflowItemSize(P0)) + itemSize(P1, SHORT_NAME);
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(capacity);
        CgroupsLookupResponseBuilder builder = builderIn(region, 2);

        builder.add(known(P0, LONG_NAME)).add(CgroupLookupStatus.KNOWN, Orchestrator.DOCKER, P1, SHORT_NAME);

        assertThat(finishAndDecode(builder, region).items()).containsExactly(
                overflowAnswer(CgroupLookupStatus.OVERSIZED_ITEM, P0), known(P1, SHORT_NAME));
    }

    @Test
    void laterItemThatDoesNotFitBecomesPayloadExceededAndSoDoesEveryFollowingItem() {
        int afterFirst = align8(directoryEnd(3) + itemSize(P0, SHORT_NAME));
        int capacity = afterFirst + align8(overflowItemSize(P1)) + itemSize(P2, SHORT_NAME);
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(capacity);
        CgroupsLookupResponseBuilder builder = builderIn(region, 3);

        builder.add(known(P0, SHORT_NAME)).add(known(P1, LONG_NAME)).add(known(P2, SHORT_NAME));

        assertThat(finishAndDecode(builder, region).items()).containsExactly(known(P0, SHORT_NAME),
                overflowAnswer(CgroupLookupStatus.PAYLOAD_EXCEEDED, P1),
                overflowAnswer(CgroupLookupStatus.PAYLOAD_EXCEEDED, P2));
    }

    @Test
    void suffixBytesAreTheAlignedOverflowCostsOfTheRemainingItems() {
        CgroupsLookupRequestView request = CgroupsLookupRequestView.decode(cgroupsRequest(List.of(P0, P1, P2)));

        int[] suffix = CgroupsLookupResponseBuilder.payloadExceededSuffixBytes(request);

        int last = overflowItemSize(P2);
        int middle = align8(overflowItemSize(P1)) + last;
        assertThat(suffix).containsExactly(align8(overflowItemSize(P0)) + middle, middle, last, 0);
    }

    /**
     * Region in which the second item fits with its name but leaves one byte too
     * few for the third item's PAYLOAD_EXCEEDED answer.
     */
    private static Region regionStarvingTheThirdItem() {
        int afterFirst = align8(directoryEnd(3) + itemSize(P0, SHORT_NAME));
        int afterSecond = align8(afterFirst + itemSize(P1, utf8("s".repeat(16))));
        return BufferKind.HEAP_DEFAULT_ORDER.region(afterSecond + overflowItemSize(P2) - 1);
    }

    @Test
    void withoutSuffixTableAFittingItemCanStarveTheRemainingItems() {
        Region region = regionStarvingTheThirdItem();
        CgroupsLookupResponseBuilder builder = builderIn(region, 3);
        builder.add(known(P0, SHORT_NAME)).add(known(P1, utf8("s".repeat(16))));

        assertRejects(CodecError.OVERFLOW, () -> builder.add(known(P2, SHORT_NAME)));
    }

    @Test
    void withSuffixTableAFittingItemThatWouldStarveTheRemainingItemsIsConverted() {
        CgroupsLookupRequestView request = CgroupsLookupRequestView.decode(cgroupsRequest(List.of(P0, P1, P2)));
        Region region = regionStarvingTheThirdItem();
        CgroupsLookupResponseBuilder builder = builderIn(region, 3)
                .setPayloadExceededSuffixBytes(CgroupsLookupResponseBuilder.payloadExceededSuffixBytes(request));

        builder.add(known(P0, SHORT_NAME)).add(known(P1, utf8("s".repeat(16)))).add(known(P2, SHORT_NAME));

        assertThat(finishAndDecode(builder, region).items()).containsExactly(known(P0, SHORT_NAME),
                overflowAnswer(CgroupLookupStatus.PAYLOAD_EXCEEDED, P1),
                overflowAnswer(CgroupLookupStatus.PAYLOAD_EXCEEDED, P2));
    }

    @Test
    void withSuffixTableAnItemEndingInsideTheFinalAlignmentPaddingIsConvertedLikeTheReference() {
        CgroupsLookupRequestView request = CgroupsLookupRequestView.decode(cgroupsRequest(List.of(P1)));
        int unalignedEnd = directoryEnd(1) + itemSize(P1, SHORT_NAME);
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(unalignedEnd);
        CgroupsLookupResponseBuilder builder = builderIn(region, 1)
                .setPayloadExceededSuffixBytes(CgroupsLookupResponseBuilder.payloadExceededSuffixBytes(request));

        builder.add(known(P1, SHORT_NAME));

        assertThat(unalignedEnd % 8).isNotZero();
        assertThat(finishAndDecode(builder, region).items())
                .containsExactly(overflowAnswer(CgroupLookupStatus.OVERSIZED_ITEM, P1));
    }

    @Test
    void droppingTheSuffixTableRestoresPlainPlacement() {
        CgroupsLookupRequestView request = CgroupsLookupRequestView.decode(cgroupsRequest(List.of(P1)));
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(directoryEnd(1) + itemSize(P1, SHORT_NAME));
        CgroupsLookupResponseBuilder builder = builderIn(region, 1)
                .setPayloadExceededSuffixBytes(CgroupsLookupResponseBuilder.payloadExceededSuffixBytes(request))
                .setPayloadExceededSuffixBytes(null);

        builder.add(known(P1, SHORT_NAME));

        assertThat(finishAndDecode(builder, region).items()).containsExactly(known(P1, SHORT_NAME));
    }

    @Test
    void rejectsSuffixTableOfTheWrongLength() {
        CgroupsLookupResponseBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY), 3);
        assertThatThrownBy(() -> builder.setPayloadExceededSuffixBytes(new int[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overflowsWhenEvenTheOverflowAnswerDoesNotFit() {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(directoryEnd(1) + overflowItemSize(P0) - 1);
        CgroupsLookupResponseBuilder builder = builderIn(region, 1);

        assertRejects(CodecError.OVERFLOW, () -> builder.add(known(P0, LONG_NAME)));
        assertThat(builder.itemCount()).isZero();
        assertThat(region.guardsIntact()).isTrue();
    }

    @Test
    void overflowsWhenMaxItemsReached() {
        CgroupsLookupResponseBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY), 1);
        builder.add(known(P0, SHORT_NAME));

        assertRejects(CodecError.OVERFLOW, () -> builder.add(known(P1, SHORT_NAME)));
        assertThat(builder.itemCount()).isEqualTo(1);
    }

    @Test
    void overflowsWhenMaxItemsReachedWhileAnsweringPayloadExceeded() {
        int capacity = align8(directoryEnd(2) + itemSize(P0, SHORT_NAME)) + overflowItemSize(P1);
        CgroupsLookupResponseBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(capacity), 2);
        builder.add(known(P0, SHORT_NAME)).add(known(P1, LONG_NAME));

        assertRejects(CodecError.OVERFLOW, () -> builder.add(known(P2, SHORT_NAME)));
    }

    @Test
    void addRequestItemEchoesTheRequestPath() {
        byte[] requestBytes = cgroupsRequest(CG_PATHS);
        CgroupsLookupRequestView request = CgroupsLookupRequestView.decode(requestBytes);
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY);
        CgroupsLookupResponseBuilder builder = builderIn(region, CG_ITEMS.size());

        for (int i = 0; i < CG_ITEMS.size(); i++) {
            CgroupsLookupItem item = CG_ITEMS.get(i);
            builder.addRequestItem(request, i, item.status(), item.orchestrator(), item.name(), item.labels());
        }

        assertThat(region.bytes(builder.finish())).isEqualTo(validCgroupsResponse());
    }

    @Test
    void addRequestItemEchoesTheRequestPathInOverflowAnswers() {
        CgroupsLookupRequestView request = CgroupsLookupRequestView.decode(cgroupsRequest(List.of(P0, P1)));
        int capacity = align8(directoryEnd(2) + itemSize(P0, SHORT_NAME)) + overflowItemSize(P1);
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(capacity);
        CgroupsLookupResponseBuilder builder = builderIn(region, 2);

        builder.addRequestItem(request, 0, CgroupLookupStatus.KNOWN, Orchestrator.DOCKER, SHORT_NAME, List.of())
                .addRequestItem(request, 1, CgroupLookupStatus.KNOWN, Orchestrator.DOCKER, LONG_NAME, LABELS);

        assertThat(finishAndDecode(builder, region).items()).containsExactly(known(P0, SHORT_NAME),
                overflowAnswer(CgroupLookupStatus.PAYLOAD_EXCEEDED, P1));
    }

    static Stream<Named<Consumer<CgroupsLookupResponseBuilder>>> invalidItems() {
        return Stream.of(
                Named.of("empty path", b -> b.add(CgroupLookupStatus.KNOWN, 0, ByteString.EMPTY, SHORT_NAME)),
                Named.of("NUL in path", b -> b.add(CgroupLookupStatus.KNOWN, 0, utf8("/a\0b"), SHORT_NAME)),
                Named.of("NUL in name", b -> b.add(CgroupLookupStatus.KNOWN, 0, P0, utf8("x\0"))),
                Named.of("empty label key", b -> b.add(CgroupLookupStatus.KNOWN, 0, P0, SHORT_NAME,
                        List.of(LookupLabel.of("", "v")))),
                Named.of("NUL in label key", b -> b.add(CgroupLookupStatus.KNOWN, 0, P0, SHORT_NAME,
                        List.of(LookupLabel.of("k\0", "v")))),
                Named.of("NUL in label value", b -> b.add(CgroupLookupStatus.KNOWN, 0, P0, SHORT_NAME,
                        List.of(LookupLabel.of("k", "\0")))),
                Named.of("undefined status", b -> b.add(CgroupLookupStatus.OVERSIZED_ITEM + 1, 0, P0,
                        ByteString.EMPTY)),
                Named.of("orchestrator on non-KNOWN", b -> b.add(CgroupLookupStatus.UNKNOWN_PERMANENT,
                        Orchestrator.LXC, P0, ByteString.EMPTY)),
                Named.of("name on non-KNOWN", b -> b.add(CgroupLookupStatus.UNKNOWN_RETRY_LATER, 0, P0, SHORT_NAME)),
                Named.of("labels on non-KNOWN", b -> b.add(CgroupLookupStatus.PAYLOAD_EXCEEDED, 0, P0,
                        ByteString.EMPTY, LABELS)),
                Named.of("more labels than a u16 counts", b -> b.add(CgroupLookupStatus.KNOWN, 0, P0, SHORT_NAME,
                        Collections.nCopies(WireBytes.U16_MAX + 1, LABELS.get(0)))));
    }

    @ParameterizedTest
    @MethodSource("invalidItems")
    void rejectsInvalidItemsAsBadLayoutWithoutWritingThem(Consumer<CgroupsLookupResponseBuilder> addInvalid) {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY);
        CgroupsLookupResponseBuilder builder = builderIn(region, 2).add(known(P1, SHORT_NAME));

        assertRejects(CodecError.BAD_LAYOUT, () -> addInvalid.accept(builder));

        assertThat(builder.itemCount()).isEqualTo(1);
        assertThat(finishAndDecode(builder, region).items()).containsExactly(known(P1, SHORT_NAME));
    }

    @Test
    void rejectsStatusAndOrchestratorOutsideU16() {
        CgroupsLookupResponseBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY), 1);
        assertThatThrownBy(() -> builder.add(WireBytes.U16_MAX + 1, 0, P0, ByteString.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.add(CgroupLookupStatus.KNOWN, -1, P0, ByteString.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isReusableAfterReset() {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY);
        CgroupsLookupResponseBuilder builder = builderIn(region, 1).add(known(P0, LONG_NAME));
        builder.finish();

        builder.reset(region.buffer(), region.offset(), region.capacity(), CG_ITEMS.size(), GENERATION);
        CG_ITEMS.forEach(builder::add);

        assertThat(region.bytes(builder.finish())).isEqualTo(validCgroupsResponse());
    }

    @Test
    void rejectsRegionOutsideTheBuffer() {
        ByteBuffer buffer = ByteBuffer.allocate(ROOMY);
        assertThatThrownBy(() -> new CgroupsLookupResponseBuilder().reset(buffer, 1, ROOMY, 1, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
