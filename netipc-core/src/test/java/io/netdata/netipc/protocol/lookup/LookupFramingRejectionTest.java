package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.WireBytes.*;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.Wire;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The request and response framing rules that CGROUPS_LOOKUP and APPS_LOOKUP
 * share ("Request key validation" and the header and directory items of
 * "Decoder Validation"), each checked for both methods with the reference
 * decoder's error class.
 */
class LookupFramingRejectionTest {

    /** The message with directory entries 0 and 1 swapped. */
    private static byte[] withFirstEntriesSwapped(byte[] message) {
        byte[] swapped = withU32(message, entry(0, ENTRY_OFFSET), u32(message, entry(1, ENTRY_OFFSET)));
        swapped = withU32(swapped, entry(0, ENTRY_LENGTH), u32(message, entry(1, ENTRY_LENGTH)));
        swapped = withU32(swapped, entry(1, ENTRY_OFFSET), u32(message, entry(0, ENTRY_OFFSET)));
        return withU32(swapped, entry(1, ENTRY_LENGTH), u32(message, entry(0, ENTRY_LENGTH)));
    }

    private static long tooManyEntries(byte[] message) {
        return (message.length - REQUEST_HEADER_SIZE) / ENTRY_SIZE + 1;
    }

    @Nested
    class Request {
        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void acceptsValidRequest(LookupKind kind) {
            assertThat(kind.decodeRequest(kind.validRequest())).isEqualTo(kind.expectedRequest());
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsRequestShorterThanHeader(LookupKind kind) {
            assertRejects(CodecError.TRUNCATED,
                    () -> kind.decodeRequest(truncated(kind.validRequest(), REQUEST_HEADER_SIZE - 1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsUnknownRequestLayoutVersion(LookupKind kind) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> kind.decodeRequest(withU16(kind.validRequest(), REQ_LAYOUT_VERSION, 2)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsNonZeroRequestFlags(LookupKind kind) {
            assertRejects(CodecError.BAD_LAYOUT, () -> kind.decodeRequest(withU16(kind.validRequest(), REQ_FLAGS, 1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsNonZeroReserved0(LookupKind kind) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> kind.decodeRequest(withU32(kind.validRequest(), REQ_RESERVED0, 1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsNonZeroReserved1(LookupKind kind) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> kind.decodeRequest(withU32(kind.validRequest(), REQ_RESERVED1, U32_MAX)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsDirectoryPastPayload(LookupKind kind) {
            byte[] valid = kind.validRequest();
            assertRejects(CodecError.TRUNCATED,
                    () -> kind.decodeRequest(withU32(valid, REQ_ITEM_COUNT, tooManyEntries(valid))));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsItemCountWhoseDirectoryOverflowsU32(LookupKind kind) {
            assertRejects(CodecError.TRUNCATED,
                    () -> kind.decodeRequest(withU32(kind.validRequest(), REQ_ITEM_COUNT, U32_MAX)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsUnalignedKeyOffset(LookupKind kind) {
            byte[] valid = kind.validRequest();
            long offset = u32(valid, entry(VICTIM, ENTRY_OFFSET));
            assertRejects(CodecError.BAD_ALIGNMENT,
                    () -> kind.decodeRequest(withU32(valid, entry(VICTIM, ENTRY_OFFSET), offset + 1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsKeyPastPackedArea(LookupKind kind) {
            byte[] valid = kind.validRequest();
            int last = (int) u32(valid, REQ_ITEM_COUNT) - 1;
            long offset = u32(valid, entry(last, ENTRY_OFFSET));
            assertRejects(CodecError.OUT_OF_BOUNDS,
                    () -> kind.decodeRequest(withU32(valid, entry(last, ENTRY_OFFSET), offset + Wire.ALIGNMENT)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsKeyWhoseOffsetPlusLengthOverflowsU32(LookupKind kind) {
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> kind.decodeRequest(
                    withU32(kind.validRequest(), entry(VICTIM, ENTRY_OFFSET), U32_MAX_ALIGNED)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsOverlappingKeys(LookupKind kind) {
            byte[] valid = kind.validRequest();
            assertRejects(CodecError.BAD_LAYOUT, () -> kind.decodeRequest(
                    withU32(valid, entry(VICTIM, ENTRY_OFFSET), u32(valid, entry(0, ENTRY_OFFSET)))));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsKeysOutOfOrder(LookupKind kind) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> kind.decodeRequest(withFirstEntriesSwapped(kind.validRequest())));
        }

        @Test
        void acceptsEmptyRequestAsProbe() {
            byte[] cgroups = CgroupsLookupRequestEncoder.encode(List.of());
            byte[] apps = AppsLookupRequestEncoder.encode();

            assertThat(cgroups).hasSize(REQUEST_HEADER_SIZE).isEqualTo(apps);
            assertThat(CgroupsLookupRequestView.decode(cgroups).itemCount()).isZero();
            assertThat(AppsLookupRequestView.decode(apps).toOwned()).isEmpty();
        }
    }

    @Nested
    class Response {
        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void acceptsValidResponse(LookupKind kind) {
            assertThat(kind.decodeResponse(kind.validResponse())).isEqualTo(kind.expectedResponse());
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsResponseShorterThanHeader(LookupKind kind) {
            assertRejects(CodecError.TRUNCATED,
                    () -> kind.decodeResponse(truncated(kind.validResponse(), RESPONSE_HEADER_SIZE - 1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsUnknownResponseLayoutVersion(LookupKind kind) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> kind.decodeResponse(withU16(kind.validResponse(), RESP_LAYOUT_VERSION, 0)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsNonZeroResponseFlags(LookupKind kind) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> kind.decodeResponse(withU16(kind.validResponse(), RESP_FLAGS, U16_MAX)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsDirectoryPastPayload(LookupKind kind) {
            byte[] valid = kind.validResponse();
            assertRejects(CodecError.TRUNCATED,
                    () -> kind.decodeResponse(withU32(valid, RESP_ITEM_COUNT, tooManyEntries(valid))));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsItemCountWhoseDirectoryOverflowsU32(LookupKind kind) {
            assertRejects(CodecError.TRUNCATED,
                    () -> kind.decodeResponse(withU32(kind.validResponse(), RESP_ITEM_COUNT, U32_MAX)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsUnalignedItemOffset(LookupKind kind) {
            byte[] valid = kind.validResponse();
            long offset = u32(valid, entry(VICTIM, ENTRY_OFFSET));
            assertRejects(CodecError.BAD_ALIGNMENT,
                    () -> kind.decodeResponse(withU32(valid, entry(VICTIM, ENTRY_OFFSET), offset + 4)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsItemShorterThanItemHeader(LookupKind kind) {
            assertRejects(CodecError.BAD_LAYOUT, () -> kind.decodeResponse(
                    withU32(kind.validResponse(), entry(VICTIM, ENTRY_LENGTH), kind.itemHeaderSize() - 1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsItemPastPackedArea(LookupKind kind) {
            byte[] valid = kind.validResponse();
            int last = (int) u32(valid, RESP_ITEM_COUNT) - 1;
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> kind.decodeResponse(
                    withU32(valid, entry(last, ENTRY_LENGTH), itemLength(valid, last) + 1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsItemWhoseOffsetPlusLengthOverflowsU32(LookupKind kind) {
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> kind.decodeResponse(
                    withU32(kind.validResponse(), entry(VICTIM, ENTRY_OFFSET), U32_MAX_ALIGNED)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsItemLengthOfU32Max(LookupKind kind) {
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> kind.decodeResponse(
                    withU32(kind.validResponse(), entry(VICTIM, ENTRY_LENGTH), U32_MAX)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsOverlappingItems(LookupKind kind) {
            byte[] valid = kind.validResponse();
            assertRejects(CodecError.BAD_LAYOUT, () -> kind.decodeResponse(
                    withU32(valid, entry(VICTIM, ENTRY_OFFSET), u32(valid, entry(0, ENTRY_OFFSET)))));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsItemsOutOfOrder(LookupKind kind) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> kind.decodeResponse(withFirstEntriesSwapped(kind.validResponse())));
        }

        @Test
        void acceptsEmptyResponses() {
            byte[] cgroups = cgroupsResponse(GENERATION, List.of());
            byte[] apps = appsResponse(GENERATION, List.of());

            assertThat(cgroups).hasSize(RESPONSE_HEADER_SIZE).isEqualTo(apps);
            assertThat(CgroupsLookupResponseView.decode(cgroups).toOwned())
                    .isEqualTo(new CgroupsLookupResponse(GENERATION, List.of()));
            assertThat(AppsLookupResponseView.decode(apps).toOwned())
                    .isEqualTo(new AppsLookupResponse(GENERATION, List.of()));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void acceptsEveryGenerationIncludingZeroAndU64Max(LookupKind kind) {
            for (long generation : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
                byte[] response = withU64(kind.validResponse(), RESP_GENERATION, generation);
                assertThat(kind.decodeGeneration(response)).isEqualTo(generation);
            }
        }
    }

    @Nested
    class CgroupsRequestKeys {
        private final byte[] valid = validCgroupsRequest();

        private CgroupsLookupRequestView decode(byte[] request) {
            CgroupsLookupRequestView view = CgroupsLookupRequestView.decode(request);
            view.toOwned();
            return view;
        }

        @Test
        void rejectsKeyShorterThan2Bytes() {
            for (long length : new long[] {0, 1}) {
                assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32(valid, entry(VICTIM, ENTRY_LENGTH), length)));
            }
        }

        @Test
        void rejectsKeyWithoutTrailingNul() {
            int terminator = itemStart(valid, VICTIM) + itemLength(valid, VICTIM) - 1;
            assertRejects(CodecError.MISSING_NUL, () -> decode(withU8(valid, terminator, 'x')));
        }

        @Test
        void rejectsInteriorNulInPath() {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU8(valid, itemStart(valid, VICTIM) + 1, 0)));
        }

        @Test
        void acceptsKeysSeparatedByMoreThanAlignmentPadding() {
            byte[] request = cgroupsRequest(List.of(utf8("/a")));
            byte[] spaced = withU32(extended(request, Wire.ALIGNMENT), entry(0, ENTRY_OFFSET), Wire.ALIGNMENT);
            System.arraycopy(request, packedStart(request), spaced, packedStart(request) + Wire.ALIGNMENT, 3);
            assertThat(decode(spaced).path(0).contentEquals("/a")).isTrue();
        }
    }

    @Nested
    class AppsRequestKeys {
        private final byte[] valid = validAppsRequest();

        private long[] decode(byte[] request) {
            return AppsLookupRequestView.decode(request).toOwned();
        }

        @Test
        void rejectsKeyLengthOtherThan8() {
            for (long length : new long[] {0, APPS_KEY_SIZE - 1, APPS_KEY_SIZE + 1, 2 * APPS_KEY_SIZE}) {
                assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32(valid, entry(VICTIM, ENTRY_LENGTH), length)));
            }
        }

        @Test
        void rejectsNonZeroKeyReserved() {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> decode(withU32(valid, itemStart(valid, VICTIM) + APPS_KEY_RESERVED, 1)));
        }

        @Test
        void acceptsAnyPidIncludingZeroAndU32Max() {
            byte[] request = withU32(valid, itemStart(valid, VICTIM) + APPS_KEY_PID, U32_MAX);
            assertThat(decode(withU32(request, itemStart(valid, 0) + APPS_KEY_PID, 0))[VICTIM]).isEqualTo(U32_MAX);
        }
    }
}
