package io.netdata.netipc.protocol.cgroups;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.WireBytes.*;
import static io.netdata.netipc.protocol.cgroups.SnapshotFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.Wire;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per validation rule of {@code codec-cgroups-snapshot.md}, with the
 * reference decoder's error class. Each corrupts exactly one field of a valid,
 * builder-made message.
 */
class CgroupsSnapshotRejectionTest {

    @Nested
    class Request {
        private final byte[] valid = CgroupsSnapshotRequest.STANDARD.toBytes();

        @Test
        void acceptsStandardRequest() {
            assertThat(valid).containsExactly(withU16(new byte[REQUEST_SIZE], REQ_LAYOUT_VERSION, 1));
            assertThat(CgroupsSnapshotRequestView.decode(valid).toOwned()).isEqualTo(CgroupsSnapshotRequest.STANDARD);
        }

        @Test
        void rejectsRequestShorterThan4Bytes() {
            assertRejects(CodecError.TRUNCATED,
                    () -> CgroupsSnapshotRequestView.decode(truncated(valid, REQUEST_SIZE - 1)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 2, U16_MAX})
        void rejectsUnknownRequestLayoutVersion(int layout) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> CgroupsSnapshotRequestView.decode(withU16(valid, REQ_LAYOUT_VERSION, layout)));
        }

        @Test
        void rejectsNonZeroRequestFlags() {
            assertRejects(CodecError.BAD_LAYOUT, () -> CgroupsSnapshotRequestView.decode(withU16(valid, REQ_FLAGS, 1)));
        }

        @Test
        void acceptsBytesAfterTheRequest() {
            assertThat(CgroupsSnapshotRequestView.decode(extended(valid, 4)).layoutVersion())
                    .isEqualTo(Wire.LAYOUT_VERSION);
        }
    }

    @Nested
    class ResponseHeaderAndDirectory {
        private final byte[] valid = validResponse();
        private final int last = CORPUS.size() - 1;

        @Test
        void acceptsValidResponse() {
            assertThat(decode(valid)).isEqualTo(corpusSnapshot());
        }

        @Test
        void rejectsPayloadShorterThanSnapshotHeader() {
            assertRejects(CodecError.TRUNCATED, () -> CgroupsSnapshotResponseView.decode(truncated(valid, 23)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 2})
        void rejectsUnknownLayoutVersion(int layout) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> CgroupsSnapshotResponseView.decode(withU16(valid, HDR_LAYOUT_VERSION, layout)));
        }

        @Test
        void rejectsNonZeroFlags() {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> CgroupsSnapshotResponseView.decode(withU16(valid, HDR_FLAGS, 1)));
        }

        @Test
        void rejectsNonZeroReserved() {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> CgroupsSnapshotResponseView.decode(withU32(valid, HDR_RESERVED, 1)));
        }

        @Test
        void rejectsItemCountWhoseDirectoryExceedsThePayload() {
            long tooMany = (valid.length - HEADER_SIZE) / ENTRY_SIZE + 1;
            assertRejects(CodecError.TRUNCATED,
                    () -> CgroupsSnapshotResponseView.decode(withU32(valid, HDR_ITEM_COUNT, tooMany)));
        }

        @ParameterizedTest
        @ValueSource(longs = {U32_HIGH_BIT, U32_MAX})
        void rejectsItemCountBeyondIntRangeWithoutWrapping(long count) {
            assertRejects(CodecError.TRUNCATED,
                    () -> CgroupsSnapshotResponseView.decode(withU32(valid, HDR_ITEM_COUNT, count)));
        }

        @Test
        void rejectsUnalignedItemOffset() {
            long offset = u32(valid, entry(VICTIM, ENTRY_OFFSET));
            assertRejects(CodecError.BAD_ALIGNMENT, () -> CgroupsSnapshotResponseView.decode(
                    withU32(valid, entry(VICTIM, ENTRY_OFFSET), offset + 4)));
        }

        @Test
        void rejectsItemPastPackedArea() {
            long pastEnd = valid.length - itemStart(valid, last) + 1;
            assertRejects(CodecError.OUT_OF_BOUNDS,
                    () -> CgroupsSnapshotResponseView.decode(withU32(valid, entry(last, ENTRY_LENGTH), pastEnd)));
        }

        @Test
        void rejectsItemWhoseOffsetPlusLengthOverflowsU32() {
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> CgroupsSnapshotResponseView.decode(
                    withU32(valid, entry(VICTIM, ENTRY_OFFSET), U32_MAX_ALIGNED)));
        }

        @Test
        void rejectsItemLengthOfU32Max() {
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> CgroupsSnapshotResponseView.decode(
                    withU32(valid, entry(VICTIM, ENTRY_LENGTH), U32_MAX)));
        }

        @Test
        void rejectsItemShorterThan32Bytes() {
            assertRejects(CodecError.TRUNCATED, () -> CgroupsSnapshotResponseView.decode(
                    withU32(valid, entry(VICTIM, ENTRY_LENGTH), ITEM_HEADER_SIZE - 1)));
        }

        @Test
        void acceptsEmptySnapshot() {
            byte[] empty = encode(new CgroupsSnapshot(0, 0, List.of()));
            assertThat(empty).hasSize(HEADER_SIZE);
            assertThat(decode(empty).items()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1, Long.MIN_VALUE})
        void acceptsAnyGeneration(long generation) {
            assertThat(decode(withU64(valid, HDR_GENERATION, generation)).generation()).isEqualTo(generation);
        }

        @Test
        void acceptsAnySystemdEnabledValue() {
            assertThat(decode(withU32(valid, HDR_SYSTEMD_ENABLED, U32_MAX)).systemdEnabled()).isEqualTo(U32_MAX);
        }
    }

    @Nested
    class Item {
        private final byte[] valid = validResponse();

        private byte[] withItemU16(int field, int value) {
            return withU16(valid, itemField(valid, VICTIM, field), value);
        }

        private byte[] withItemU32(int field, long value) {
            return withU32(valid, itemField(valid, VICTIM, field), value);
        }

        /** Replaces the terminator of the string whose offset and length fields are given. */
        private byte[] withoutTerminator(int offsetField, int lengthField) {
            int start = itemStart(valid, VICTIM);
            long terminator = start + u32(valid, start + offsetField) + u32(valid, start + lengthField);
            return withU8(valid, (int) terminator, '!');
        }

        @Test
        void validatesItemsWhenTheyAreReadNotWhenTheResponseIsWrapped() {
            CgroupsSnapshotResponseView view = CgroupsSnapshotResponseView.decode(withItemU16(ITEM_FLAGS, 1));

            assertThat(view.itemCount()).isEqualTo(CORPUS.size());
            assertThat(view.item(0).toOwned()).isEqualTo(CORPUS.get(0));
            assertRejects(CodecError.BAD_LAYOUT, () -> view.item(VICTIM));
            assertRejects(CodecError.BAD_LAYOUT, view::toOwned);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 2})
        void rejectsItemLayoutVersionOtherThan1(int layout) {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withItemU16(ITEM_LAYOUT_VERSION, layout)));
        }

        @Test
        void rejectsNonZeroItemFlags() {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withItemU16(ITEM_FLAGS, 1)));
        }

        @ParameterizedTest
        @ValueSource(longs = {0, ITEM_HEADER_SIZE - 1})
        void rejectsNameOffsetInsideItemHeader(long offset) {
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> decode(withItemU32(ITEM_NAME_OFFSET, offset)));
        }

        @ParameterizedTest
        @ValueSource(longs = {0, ITEM_HEADER_SIZE - 1})
        void rejectsPathOffsetInsideItemHeader(long offset) {
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> decode(withItemU32(ITEM_PATH_OFFSET, offset)));
        }

        @Test
        void rejectsNamePastItemEnd() {
            long itemLength = u32(valid, entry(VICTIM, ENTRY_LENGTH));
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> decode(withItemU32(ITEM_NAME_LENGTH, itemLength)));
        }

        @Test
        void rejectsPathPastItemEnd() {
            long pathOffset = u32(valid, itemField(valid, VICTIM, ITEM_PATH_OFFSET));
            long pathLength = u32(valid, itemField(valid, VICTIM, ITEM_PATH_LENGTH));
            assertThat(pathOffset + pathLength + 1).as("the path ends the item").isEqualTo(u32(valid,
                    entry(VICTIM, ENTRY_LENGTH)));
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> decode(withItemU32(ITEM_PATH_OFFSET, pathOffset + 1)));
        }

        @ParameterizedTest
        @ValueSource(ints = {ITEM_NAME_LENGTH, ITEM_PATH_LENGTH})
        void rejectsStringLengthOfU32MaxWithoutWrapping(int lengthField) {
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> decode(withItemU32(lengthField, U32_MAX)));
        }

        @ParameterizedTest
        @ValueSource(ints = {ITEM_NAME_OFFSET, ITEM_PATH_OFFSET})
        void rejectsStringOffsetOfU32MaxWithoutWrapping(int offsetField) {
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> decode(withItemU32(offsetField, U32_MAX)));
        }

        @Test
        void rejectsNameMissingNul() {
            assertRejects(CodecError.MISSING_NUL, () -> decode(withoutTerminator(ITEM_NAME_OFFSET, ITEM_NAME_LENGTH)));
        }

        @Test
        void rejectsPathMissingNul() {
            assertRejects(CodecError.MISSING_NUL, () -> decode(withoutTerminator(ITEM_PATH_OFFSET, ITEM_PATH_LENGTH)));
        }

        @Test
        void rejectsPathInsideName() {
            byte[] response = singleItemResponse("abc", "c");
            int pathOffset = itemField(response, 0, ITEM_PATH_OFFSET);
            long insideName = u32(response, itemField(response, 0, ITEM_NAME_OFFSET)) + 2;
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32(response, pathOffset, insideName)));
        }

        @Test
        void rejectsPathSharingTheNameNul() {
            byte[] response = singleItemResponse("abc", "");
            int pathOffset = itemField(response, 0, ITEM_PATH_OFFSET);
            long nameNul = u32(response, itemField(response, 0, ITEM_NAME_OFFSET)) + "abc".length();
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32(response, pathOffset, nameNul)));
        }

        @Test
        void rejectsTwoEmptyStringsSharingOneNul() {
            byte[] response = singleItemResponse("", "");
            int nameOffset = itemField(response, 0, ITEM_NAME_OFFSET);
            long pathOffset = u32(response, itemField(response, 0, ITEM_PATH_OFFSET));
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32(response, nameOffset, pathOffset)));
        }

        @Test
        void acceptsEmptyNameAndPath() {
            CgroupsSnapshotItem item = decode(singleItemResponse("", "")).items().get(0);
            assertThat(item.name()).isEqualTo(ByteString.EMPTY);
            assertThat(item.path()).isEqualTo(ByteString.EMPTY);
        }

        @Test
        void acceptsStringsWithEveryNonNulByteValue() {
            ByteString every = ByteString.of(everyNonNulByte());
            CgroupsSnapshotItem item = new CgroupsSnapshotItem(U32_MAX, U32_MAX, U32_MAX, every, every);
            byte[] response = encode(new CgroupsSnapshot(0, 0, List.of(item)));
            assertThat(decode(response).items()).containsExactly(item);
        }

        @Test
        void acceptsPathStoredBeforeName() {
            byte[] response = singleItemResponse("ab", "cd");
            int nameOffset = itemField(response, 0, ITEM_NAME_OFFSET);
            int pathOffset = itemField(response, 0, ITEM_PATH_OFFSET);
            byte[] swapped = withU32(withU32(response, nameOffset, u32(response, pathOffset)), pathOffset,
                    u32(response, nameOffset));

            CgroupsSnapshotItem item = decode(swapped).items().get(0);

            assertThat(item.name().asString()).isEqualTo("cd");
            assertThat(item.path().asString()).isEqualTo("ab");
        }
    }
}
