package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.BufferKind;
import io.netdata.netipc.protocol.BufferKind.Region;
import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.HugeByteSource;
import io.netdata.netipc.protocol.WireBytes;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AppsLookupResponseBuilderTest {
    /** Bytes of an overflow answer: the header and three empty strings' terminators. */
    private static final int OVERFLOW_ITEM_SIZE = APPS_ITEM_HEADER_SIZE + 3;
    private static final ByteString COMM = utf8("nginx");
    private static final ByteString PATH = utf8("/system.slice/nginx.service");
    private static final ByteString LONG_PATH = utf8("/p".repeat(100));
    private static final int ROOMY = 4096;

    private static int align8(long value) {
        return (int) ((value + 7) & -8);
    }

    private static int directoryEnd(int items) {
        return RESPONSE_HEADER_SIZE + items * ENTRY_SIZE;
    }

    /** Bytes of a known process in a known cgroup with {@code path}, an empty name and no labels. */
    private static int itemSize(ByteString path) {
        return APPS_ITEM_HEADER_SIZE + COMM.length() + path.length() + 3;
    }

    private static AppsLookupItem process(long pid, ByteSource path) {
        return new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, Orchestrator.SYSTEMD, pid, 1, 0, 42,
                COMM, ByteString.copyOf(path), ByteString.EMPTY, List.of());
    }

    private static AppsLookupItem overflowAnswer(int status, long pid) {
        return new AppsLookupItem(status, 0, 0, pid, 0, UID_UNSET, 0, ByteString.EMPTY, ByteString.EMPTY,
                ByteString.EMPTY, List.of());
    }

    private static AppsLookupResponseBuilder builderIn(Region region, int maxItems) {
        return new AppsLookupResponseBuilder().reset(region.buffer(), region.offset(), region.capacity(), maxItems,
                GENERATION);
    }

    private static AppsLookupResponse finishAndDecode(AppsLookupResponseBuilder builder, Region region) {
        int length = builder.finish();
        assertThat(region.guardsIntact()).isTrue();
        return new AppsLookupResponseView().wrap(region.buffer(), region.offset(), length).toOwned();
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void buildsIdenticalBytesInAnyRegion(BufferKind kind) {
        Region region = kind.region(capacityForApps(APPS_ITEMS));
        AppsLookupResponseBuilder builder = builderIn(region, APPS_ITEMS.size() + 1);
        APPS_ITEMS.forEach(builder::add);

        assertThat(region.bytes(builder.finish())).isEqualTo(validAppsResponse());
        assertThat(region.guardsIntact()).isTrue();
    }

    @Test
    void addUnknownAnswersAPidTheProviderDoesNotKnow() {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY);
        AppsLookupResponseBuilder builder = builderIn(region, 1).addUnknown(WireBytes.U32_MAX);

        assertThat(finishAndDecode(builder, region).items()).containsExactly(AppsLookupItem.unknown(WireBytes.U32_MAX));
        assertThat(AppsLookupItem.unknown(7)).isEqualTo(overflowAnswer(PidLookupStatus.UNKNOWN, 7));
    }

    @Test
    void emptyResponseIsTheHeaderWithTheGeneration() {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(RESPONSE_HEADER_SIZE);
        AppsLookupResponseBuilder builder = builderIn(region, 0).setGeneration(0);

        assertThat(finishAndDecode(builder, region)).isEqualTo(new AppsLookupResponse(0, List.of()));
    }

    @Test
    void finishOverflowsWhenTheRegionCannotHoldTheHeader() {
        AppsLookupResponseBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(0), 0);
        assertRejects(CodecError.OVERFLOW, builder::finish);
    }

    @Test
    void firstItemThatDoesNotFitBecomesOversizedItemAndLaterItemsStillSucceed() {
        int capacity = directoryEnd(2) + align8(OVERFLOW_ITEM_SIZE) + itemSize(PATH);
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(capacity);
        AppsLookupResponseBuilder builder = builderIn(region, 2);

        builder.add(process(10, LONG_PATH)).add(process(11, PATH));

        assertThat(finishAndDecode(builder, region).items())
                .containsExactly(overflowAnswer(PidLookupStatus.OVERSIZED_ITEM, 10), process(11, PATH));
    }

    @Test
    void laterItemThatDoesNotFitBecomesPayloadExceededAndSoDoesEveryFollowingItem() {
        int afterFirst = align8(directoryEnd(3) + itemSize(PATH));
        int capacity = afterFirst + align8(OVERFLOW_ITEM_SIZE) + itemSize(PATH);
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(capacity);
        AppsLookupResponseBuilder builder = builderIn(region, 3);

        builder.add(process(10, PATH)).add(process(11, LONG_PATH)).add(process(12, PATH));

        assertThat(finishAndDecode(builder, region).items()).containsExactly(process(10, PATH),
                overflowAnswer(PidLookupStatus.PAYLOAD_EXCEEDED, 11),
                overflowAnswer(PidLookupStatus.PAYLOAD_EXCEEDED, 12));
    }

    @Test
    void suffixBytesAreTheAlignedOverflowCostsOfTheRemainingItems() {
        int aligned = align8(OVERFLOW_ITEM_SIZE);
        assertThat(AppsLookupResponseBuilder.payloadExceededSuffixBytes(3))
                .containsExactly(2 * aligned + OVERFLOW_ITEM_SIZE, aligned + OVERFLOW_ITEM_SIZE, OVERFLOW_ITEM_SIZE, 0);
        assertThat(AppsLookupResponseBuilder.payloadExceededSuffixBytes(0)).containsExactly(0);
    }

    @Test
    void withSuffixTableAFittingItemThatWouldStarveTheRemainingItemsIsConverted() {
        int afterFirst = align8(directoryEnd(3) + itemSize(PATH));
        int afterSecond = align8(afterFirst + itemSize(PATH));
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(afterSecond + OVERFLOW_ITEM_SIZE - 1);
        AppsLookupResponseBuilder plain = builderIn(region, 3).add(process(10, PATH)).add(process(11, PATH));
        assertRejects(CodecError.OVERFLOW, () -> plain.add(process(12, PATH)));

        AppsLookupResponseBuilder guarded = builderIn(region, 3)
                .setPayloadExceededSuffixBytes(AppsLookupResponseBuilder.payloadExceededSuffixBytes(3));
        guarded.add(process(10, PATH)).add(process(11, PATH)).add(process(12, PATH));

        assertThat(finishAndDecode(guarded, region).items()).containsExactly(process(10, PATH),
                overflowAnswer(PidLookupStatus.PAYLOAD_EXCEEDED, 11),
                overflowAnswer(PidLookupStatus.PAYLOAD_EXCEEDED, 12));
    }

    @Test
    void overflowsWhenEvenTheOverflowAnswerDoesNotFit() {
        Region region = BufferKind.DIRECT_DEFAULT_ORDER.region(directoryEnd(1) + OVERFLOW_ITEM_SIZE - 1);
        AppsLookupResponseBuilder builder = builderIn(region, 1);

        assertRejects(CodecError.OVERFLOW, () -> builder.add(process(10, PATH)));
        assertThat(region.guardsIntact()).isTrue();
    }

    @Test
    void overflowsWhenMaxItemsReached() {
        AppsLookupResponseBuilder builder = builderIn(BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY), 1).addUnknown(1);
        assertRejects(CodecError.OVERFLOW, () -> builder.addUnknown(2));
    }

    /** Strings that end {@code slack} bytes before the u32 limit, given a 2-byte comm and a maximal path. */
    private static int nameLengthEndingBeforeU32Max(long slack) {
        long beforeName = APPS_ITEM_HEADER_SIZE + 3L + (Integer.MAX_VALUE + 1L) + 1;
        return (int) (WireBytes.U32_MAX - slack - beforeName);
    }

    static Stream<Arguments> itemsLargerThanU32() {
        int labelKeyBeyondTable = 3 * LABEL_ENTRY_SIZE;
        return Stream.of(
                Arguments.of(Named.of("strings past u32", Integer.MAX_VALUE), 0),
                Arguments.of(Named.of("label table past u32", nameLengthEndingBeforeU32Max(0)), 1),
                Arguments.of(Named.of("label strings past u32", nameLengthEndingBeforeU32Max(2 * LABEL_ENTRY_SIZE)),
                        labelKeyBeyondTable));
    }

    @ParameterizedTest
    @MethodSource("itemsLargerThanU32")
    void itemWhoseSizeWouldOverflowU32BecomesOversizedItem(int nameLength, int labelKeyLength) {
        List<LookupLabel> labels = labelKeyLength == 0 ? List.of()
                : List.of(LookupLabel.of("k".repeat(labelKeyLength), ""));
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY);
        AppsLookupResponseBuilder builder = builderIn(region, 1);

        builder.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, 0, 5, 1, 0, 0, utf8("sh"),
                new HugeByteSource(Integer.MAX_VALUE), new HugeByteSource(nameLength), labels);

        assertThat(finishAndDecode(builder, region).items())
                .containsExactly(overflowAnswer(PidLookupStatus.OVERSIZED_ITEM, 5));
    }

    static Stream<Named<Consumer<AppsLookupResponseBuilder>>> invalidItems() {
        return Stream.of(
                Named.of("undefined PID status", b -> b.add(PidLookupStatus.OVERSIZED_ITEM + 1, 0, 0, 1, 0,
                        UID_UNSET, 0, ByteString.EMPTY, ByteString.EMPTY, ByteString.EMPTY, List.of())),
                Named.of("undefined cgroup status", b -> b.add(PidLookupStatus.KNOWN, AppsCgroupStatus.HOST_ROOT + 1,
                        0, 1, 0, 0, 0, COMM, PATH, ByteString.EMPTY, List.of())),
                Named.of("comm longer than 15", b -> b.add(PidLookupStatus.KNOWN, AppsCgroupStatus.HOST_ROOT, 0, 1, 0,
                        0, 0, utf8("c".repeat(COMM_MAX + 1)), ByteString.EMPTY, ByteString.EMPTY, List.of())),
                Named.of("known process without comm", b -> b.add(PidLookupStatus.KNOWN, AppsCgroupStatus.HOST_ROOT,
                        0, 1, 0, 0, 0, ByteString.EMPTY, ByteString.EMPTY, ByteString.EMPTY, List.of())),
                Named.of("NUL in comm", b -> b.add(PidLookupStatus.KNOWN, AppsCgroupStatus.HOST_ROOT, 0, 1, 0, 0, 0,
                        utf8("a\0"), ByteString.EMPTY, ByteString.EMPTY, List.of())),
                Named.of("NUL in cgroup path", b -> b.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, 0, 1, 0, 0, 0,
                        COMM, utf8("/a\0"), ByteString.EMPTY, List.of())),
                Named.of("NUL in cgroup name", b -> b.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, 0, 1, 0, 0, 0,
                        COMM, PATH, utf8("\0"), List.of())),
                Named.of("empty label key", b -> b.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, 0, 1, 0, 0, 0,
                        COMM, PATH, ByteString.EMPTY, List.of(LookupLabel.of("", "v")))),
                Named.of("metadata on UNKNOWN PID", b -> b.add(PidLookupStatus.UNKNOWN, 0, 0, 1, 1, UID_UNSET, 0,
                        ByteString.EMPTY, ByteString.EMPTY, ByteString.EMPTY, List.of())),
                Named.of("path on HOST_ROOT", b -> b.add(PidLookupStatus.KNOWN, AppsCgroupStatus.HOST_ROOT, 0, 1, 0,
                        0, 0, COMM, PATH, ByteString.EMPTY, List.of())),
                Named.of("empty path on KNOWN cgroup", b -> b.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, 0, 1,
                        0, 0, 0, COMM, ByteString.EMPTY, ByteString.EMPTY, List.of())),
                Named.of("labels on RETRY_LATER cgroup", b -> b.add(PidLookupStatus.KNOWN,
                        AppsCgroupStatus.UNKNOWN_RETRY_LATER, 0, 1, 0, 0, 0, COMM, ByteString.EMPTY, ByteString.EMPTY,
                        LABELS)),
                Named.of("more labels than a u16 counts", b -> b.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN,
                        0, 1, 0, 0, 0, COMM, PATH, ByteString.EMPTY,
                        Collections.nCopies(WireBytes.U16_MAX + 1, LABELS.get(0)))));
    }

    @ParameterizedTest
    @MethodSource("invalidItems")
    void rejectsInvalidItemsAsBadLayoutWithoutWritingThem(Consumer<AppsLookupResponseBuilder> addInvalid) {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(ROOMY);
        AppsLookupResponseBuilder builder = builderIn(region, 2).add(process(10, PATH));

        assertRejects(CodecError.BAD_LAYOUT, () -> addInvalid.accept(builder));

        assertThat(builder.itemCount()).isEqualTo(1);
        assertThat(finishAndDecode(builder, region).items()).containsExactly(process(10, PATH));
    }

    static Stream<Named<ThrowingCallable>> outOfRangeFields() {
        AppsLookupResponseBuilder b = new AppsLookupResponseBuilder()
                .reset(ByteBuffer.allocate(ROOMY), 0, ROOMY, 1, 0);
        ByteString none = ByteString.EMPTY;
        return Stream.of(
                Named.of("status", () -> b.add(-1, 0, 0, 1, 0, 0, 0, COMM, none, none, List.of())),
                Named.of("cgroup status", () -> b.add(0, 0x1_0000, 0, 1, 0, 0, 0, COMM, none, none, List.of())),
                Named.of("orchestrator", () -> b.add(0, 3, -1, 1, 0, 0, 0, COMM, none, none, List.of())),
                Named.of("pid", () -> b.add(0, 3, 0, WireBytes.U32_MAX + 1, 0, 0, 0, COMM, none, none, List.of())),
                Named.of("ppid", () -> b.add(0, 3, 0, 1, -1, 0, 0, COMM, none, none, List.of())),
                Named.of("uid", () -> b.add(0, 3, 0, 1, 0, WireBytes.U32_MAX + 1, 0, COMM, none, none, List.of())),
                Named.of("unknown pid", () -> b.addUnknown(-1)),
                Named.of("max items", () -> new AppsLookupResponseBuilder()
                        .reset(ByteBuffer.allocate(ROOMY), 0, ROOMY, -1, 0)));
    }

    @ParameterizedTest
    @MethodSource("outOfRangeFields")
    void rejectsValuesOutsideTheirFieldRange(ThrowingCallable add) {
        assertThatThrownBy(add).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isReusableAfterReset() {
        Region region = BufferKind.HEAP_DEFAULT_ORDER.region(capacityForApps(APPS_ITEMS));
        AppsLookupResponseBuilder builder = builderIn(region, 1).addUnknown(3);
        builder.finish();

        builder.reset(region.buffer(), region.offset(), region.capacity(), APPS_ITEMS.size(), GENERATION);
        APPS_ITEMS.forEach(builder::add);

        assertThat(region.bytes(builder.finish())).isEqualTo(validAppsResponse());
    }
}
