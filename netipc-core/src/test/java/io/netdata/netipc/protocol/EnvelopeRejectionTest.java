package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.EnvelopeFixtures.*;
import static io.netdata.netipc.protocol.WireBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per decoder rule of {@code level1-wire-envelope.md} (and of the
 * reference decoders for the fixed-size payloads). Each starts from a valid
 * message, corrupts exactly one thing and expects the reference's error class.
 */
class EnvelopeRejectionTest {

    @Nested
    class OuterHeader {
        @Test
        void acceptsValidHeader() {
            MessageHeaderView view = MessageHeaderView.decode(validHeader());
            assertThat(view.toOwned()).isEqualTo(requestHeader());
            assertThat(view.isBatch()).isFalse();
        }

        @Test
        void rejectsHeaderShorterThan32Bytes() {
            assertRejects(CodecError.TRUNCATED, () -> MessageHeaderView.decode(truncated(validHeader(), 31)));
            assertRejects(CodecError.TRUNCATED, () -> MessageHeaderView.decode(new byte[0]));
        }

        @Test
        void rejectsWrongMagic() {
            assertRejects(CodecError.BAD_MAGIC,
                    () -> MessageHeaderView.decode(withU32(validHeader(), HDR_MAGIC, Wire.MAGIC_MSG + 1)));
        }

        @Test
        void rejectsChunkMagicInMessageHeader() {
            assertRejects(CodecError.BAD_MAGIC,
                    () -> MessageHeaderView.decode(withU32(validHeader(), HDR_MAGIC, Wire.MAGIC_CHUNK)));
        }

        @Test
        void rejectsByteSwappedMagic() {
            long swapped = Integer.toUnsignedLong(Integer.reverseBytes((int) Wire.MAGIC_MSG));
            assertRejects(CodecError.BAD_MAGIC,
                    () -> MessageHeaderView.decode(withU32(validHeader(), HDR_MAGIC, swapped)));
        }

        /** A header wrong in every checked field reports them in the reference's order. */
        @Test
        void checksMagicThenVersionThenHeaderLengthThenKind() {
            byte[] allWrong = withU16(withU16(withU16(withU32(validHeader(), HDR_MAGIC, Wire.MAGIC_MSG + 1),
                    HDR_VERSION, 2), HDR_HEADER_LEN, 0), HDR_KIND, 0);
            assertRejects(CodecError.BAD_MAGIC, () -> MessageHeaderView.decode(allWrong));
            byte[] magicFixed = withU32(allWrong, HDR_MAGIC, Wire.MAGIC_MSG);
            assertRejects(CodecError.BAD_VERSION, () -> MessageHeaderView.decode(magicFixed));
            byte[] versionFixed = withU16(magicFixed, HDR_VERSION, Wire.VERSION);
            assertRejects(CodecError.BAD_HEADER_LEN, () -> MessageHeaderView.decode(versionFixed));
            byte[] lengthFixed = withU16(versionFixed, HDR_HEADER_LEN, Wire.HEADER_LEN);
            assertRejects(CodecError.BAD_KIND, () -> MessageHeaderView.decode(lengthFixed));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 2, U16_MAX})
        void rejectsVersionOtherThan1(int version) {
            assertRejects(CodecError.BAD_VERSION,
                    () -> MessageHeaderView.decode(withU16(validHeader(), HDR_VERSION, version)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 31, 33, 64})
        void rejectsHeaderLenOtherThan32(int headerLen) {
            assertRejects(CodecError.BAD_HEADER_LEN,
                    () -> MessageHeaderView.decode(withU16(validHeader(), HDR_HEADER_LEN, headerLen)));
        }

        @Test
        void rejectsKindZero() {
            assertRejects(CodecError.BAD_KIND, () -> MessageHeaderView.decode(withU16(validHeader(), HDR_KIND, 0)));
        }

        @ParameterizedTest
        @ValueSource(ints = {4, U16_MAX})
        void rejectsKindAboveControl(int kind) {
            assertRejects(CodecError.BAD_KIND,
                    () -> MessageHeaderView.decode(withU16(validHeader(), HDR_KIND, kind)));
        }

        @ParameterizedTest
        @ValueSource(ints = {Wire.KIND_REQUEST, Wire.KIND_RESPONSE, Wire.KIND_CONTROL})
        void acceptsEveryDefinedKind(int kind) {
            assertThat(MessageHeaderView.decode(withU16(validHeader(), HDR_KIND, kind)).kind()).isEqualTo(kind);
        }

        @Test
        void leavesFlagsCodeStatusAndDirectionalLimitsToTheTransport() {
            byte[] bytes = withU16(validHeader(), HDR_FLAGS, U16_MAX);
            bytes = withU16(bytes, HDR_CODE, U16_MAX);
            bytes = withU16(bytes, HDR_TRANSPORT_STATUS, U16_MAX);
            bytes = withU32(bytes, HDR_PAYLOAD_LEN, U32_MAX);
            bytes = withU32(bytes, HDR_ITEM_COUNT, U32_MAX);

            MessageHeaderView view = MessageHeaderView.decode(bytes);

            assertThat(view.flags()).isEqualTo(U16_MAX);
            assertThat(view.isBatch()).isTrue();
            assertThat(view.code()).isEqualTo(U16_MAX);
            assertThat(view.transportStatus()).isEqualTo(U16_MAX);
            assertThat(view.payloadLen()).isEqualTo(U32_MAX);
            assertThat(view.itemCount()).isEqualTo(U32_MAX);
        }

        @Test
        void ignoresBytesAfterTheHeader() {
            assertThat(MessageHeaderView.decode(extended(validHeader(), 100)).toOwned()).isEqualTo(requestHeader());
        }
    }

    @Nested
    class ChunkContinuationHeader {
        @Test
        void acceptsValidChunkHeader() {
            assertThat(ChunkHeaderView.decode(validChunk()).toOwned()).isEqualTo(continuationChunk());
        }

        @Test
        void rejectsChunkHeaderShorterThan32Bytes() {
            assertRejects(CodecError.TRUNCATED, () -> ChunkHeaderView.decode(truncated(validChunk(), 31)));
        }

        @Test
        void rejectsWrongChunkMagic() {
            assertRejects(CodecError.BAD_MAGIC,
                    () -> ChunkHeaderView.decode(withU32(validChunk(), CHK_MAGIC, Wire.MAGIC_MSG)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 2})
        void rejectsChunkVersionOtherThan1(int version) {
            assertRejects(CodecError.BAD_VERSION,
                    () -> ChunkHeaderView.decode(withU16(validChunk(), CHK_VERSION, version)));
        }

        @ParameterizedTest
        @ValueSource(ints = {1, U16_MAX})
        void rejectsNonZeroChunkFlags(int flags) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> ChunkHeaderView.decode(withU16(validChunk(), CHK_FLAGS, flags)));
        }

        @Test
        void rejectsZeroChunkPayloadLen() {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> ChunkHeaderView.decode(withU32(validChunk(), CHK_CHUNK_PAYLOAD_LEN, 0)));
        }

        @Test
        void leavesChunkSequenceConsistencyToTheTransport() {
            byte[] bytes = withU32(validChunk(), CHK_CHUNK_INDEX, U32_MAX);
            bytes = withU32(bytes, CHK_CHUNK_COUNT, 0);
            bytes = withU32(bytes, CHK_TOTAL_MESSAGE_LEN, 0);

            ChunkHeaderView view = ChunkHeaderView.decode(bytes);

            assertThat(view.chunkIndex()).isEqualTo(U32_MAX);
            assertThat(view.chunkCount()).isZero();
            assertThat(view.totalMessageLen()).isZero();
        }
    }

    @Nested
    class Batch {
        private final byte[] valid = validBatch();
        private final long count = BATCH_ITEMS.size();

        @Test
        void acceptsValidBatch() {
            BatchView view = BatchView.decode(valid, count);

            assertThat(view.itemCount()).isEqualTo(BATCH_ITEMS.size());
            for (int i = 0; i < BATCH_ITEMS.size(); i++) {
                assertThat(view.item(i).toByteArray()).isEqualTo(BATCH_ITEMS.get(i));
            }
        }

        @Test
        void rejectsZeroItemCount() {
            assertRejects(CodecError.BAD_ITEM_COUNT, () -> BatchView.decode(valid, 0));
        }

        @ParameterizedTest
        @ValueSource(longs = {-1, U32_MAX + 1})
        void rejectsItemCountOutsideU32(long itemCount) {
            assertRejects(CodecError.BAD_ITEM_COUNT, () -> BatchView.decode(valid, itemCount));
        }

        @Test
        void rejectsDirectoryPastPayload() {
            assertRejects(CodecError.TRUNCATED, () -> BatchView.decode(valid, valid.length / BATCH_ENTRY_SIZE + 1));
            assertRejects(CodecError.TRUNCATED, () -> BatchView.decode(valid, U32_MAX));
        }

        @Test
        void rejectsUnalignedItemOffset() {
            long offset = u32(valid, batchEntry(1, ENTRY_OFFSET));
            assertRejects(CodecError.BAD_ALIGNMENT,
                    () -> BatchView.decode(withU32(valid, batchEntry(1, ENTRY_OFFSET), offset + 1), count));
        }

        @Test
        void rejectsItemPastPackedArea() {
            long length = u32(valid, batchEntry(3, ENTRY_LENGTH));
            long padding = valid.length - count * BATCH_ENTRY_SIZE - u32(valid, batchEntry(3, ENTRY_OFFSET)) - length;
            byte[] longer = withU32(valid, batchEntry(3, ENTRY_LENGTH), length + padding + 1);
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> BatchView.decode(longer, count));
        }

        @Test
        void rejectsItemWhoseOffsetPlusLengthOverflowsU32() {
            byte[] bytes = withU32(valid, batchEntry(0, ENTRY_OFFSET), U32_MAX_ALIGNED);
            byte[] wrapping = withU32(bytes, batchEntry(0, ENTRY_LENGTH), Wire.ALIGNMENT);
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> BatchView.decode(wrapping, count));
        }

        @Test
        void rejectsItemLengthOfU32Max() {
            assertRejects(CodecError.OUT_OF_BOUNDS,
                    () -> BatchView.decode(withU32(valid, batchEntry(0, ENTRY_LENGTH), U32_MAX), count));
        }

        @Test
        void acceptsItemsInAnyOrderAndOverlapping() {
            byte[] bytes = withU32(valid, batchEntry(1, ENTRY_OFFSET), 0);
            BatchView view = BatchView.decode(bytes, count);
            assertThat(view.itemOffset(1)).isEqualTo(view.itemOffset(0));
        }
    }

    @Nested
    class HelloPayload {
        @Test
        void acceptsValidHello() {
            assertThat(HelloView.decode(validHello()).toOwned()).isEqualTo(defaultHello());
        }

        @Test
        void rejectsHelloShorterThan44Bytes() {
            assertRejects(CodecError.TRUNCATED, () -> HelloView.decode(truncated(validHello(), HELLO_SIZE - 1)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 2})
        void rejectsHelloLayoutVersionOtherThan1(int layout) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> HelloView.decode(withU16(validHello(), HELLO_LAYOUT_VERSION, layout)));
        }

        @ParameterizedTest
        @ValueSource(longs = {1, U32_MAX})
        void rejectsNonZeroHelloReservedWord(long reserved) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> HelloView.decode(withU32(validHello(), HELLO_RESERVED, reserved)));
        }

        @Test
        void acceptsNonZeroHelloFlagsForTheHandshakeToReject() {
            assertThat(HelloView.decode(withU16(validHello(), HELLO_FLAGS, 1)).flags()).isEqualTo(1);
        }
    }

    @Nested
    class HelloAckPayload {
        @Test
        void acceptsValidHelloAck() {
            assertThat(HelloAckView.decode(validHelloAck()).toOwned()).isEqualTo(acceptingHelloAck());
        }

        @Test
        void rejectsHelloAckShorterThan48Bytes() {
            assertRejects(CodecError.TRUNCATED,
                    () -> HelloAckView.decode(truncated(validHelloAck(), HELLO_ACK_SIZE - 1)));
        }

        @Test
        void rejectsLegacy36ByteHelloAck() {
            assertRejects(CodecError.TRUNCATED,
                    () -> HelloAckView.decode(truncated(validHelloAck(), LEGACY_HELLO_ACK_SIZE)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 2})
        void rejectsHelloAckLayoutVersionOtherThan1(int layout) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> HelloAckView.decode(withU16(validHelloAck(), ACK_LAYOUT_VERSION, layout)));
        }

        @ParameterizedTest
        @ValueSource(ints = {1, U16_MAX})
        void rejectsNonZeroHelloAckFlags(int flags) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> HelloAckView.decode(withU16(validHelloAck(), ACK_FLAGS, flags)));
        }

        @Test
        void ignoresHelloAckReservedWordLikeTheReference() {
            HelloAckView view = HelloAckView.decode(withU32(validHelloAck(), ACK_RESERVED, U32_MAX));
            assertThat(view.sessionId()).isEqualTo(SESSION_ID);
        }

        @Test
        void acceptsRejectionPayloadOfZerosExceptLayoutVersion() {
            byte[] rejection = HelloAck.rejection().toBytes();
            byte[] expected = withU16(new byte[HELLO_ACK_SIZE], ACK_LAYOUT_VERSION, Wire.LAYOUT_VERSION);

            assertThat(rejection).isEqualTo(expected);
            assertThat(HelloAckView.decode(rejection).toOwned()).isEqualTo(HelloAck.rejection());
        }
    }

    @Nested
    class Increment {
        private static final long VALUE = 0x8000_0000_0000_0001L;

        @Test
        void rejectsIncrementShorterThan8Bytes() {
            assertRejects(CodecError.TRUNCATED,
                    () -> IncrementCodec.decode(truncated(IncrementCodec.encode(VALUE), INCREMENT_SIZE - 1)));
        }

        @Test
        void acceptsAndIgnoresBytesAfterTheValue() {
            assertThat(IncrementCodec.decode(extended(IncrementCodec.encode(VALUE), 3))).isEqualTo(VALUE);
        }
    }

    @Nested
    class StringReverse {
        private static final String TEXT = "hello";
        private final byte[] valid = validStringReverse(TEXT);

        @Test
        void acceptsValidStringReverse() {
            assertThat(StringReverseView.decode(valid).string().contentEquals(TEXT)).isTrue();
        }

        @Test
        void rejectsPayloadShorterThan8Bytes() {
            assertRejects(CodecError.TRUNCATED, () -> StringReverseView.decode(truncated(valid, SR_HEADER_SIZE - 1)));
        }

        @ParameterizedTest
        @ValueSource(longs = {0, 7, 9, 16, U32_MAX})
        void rejectsStringOffsetOtherThan8(long offset) {
            assertRejects(CodecError.BAD_LAYOUT, () -> StringReverseView.decode(withU32(valid, SR_OFFSET, offset)));
        }

        @Test
        void rejectsLengthPastPayloadEnd() {
            assertRejects(CodecError.OUT_OF_BOUNDS,
                    () -> StringReverseView.decode(withU32(valid, SR_LENGTH, TEXT.length() + 1)));
        }

        @Test
        void rejectsLengthLeavingNoRoomForTheNul() {
            assertRejects(CodecError.OUT_OF_BOUNDS,
                    () -> StringReverseView.decode(truncated(valid, SR_HEADER_SIZE + TEXT.length())));
        }

        @ParameterizedTest
        @ValueSource(longs = {U32_HIGH_BIT, U32_MAX - SR_HEADER_SIZE, U32_MAX})
        void rejectsLengthBeyondIntRangeWithoutWrapping(long length) {
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> StringReverseView.decode(withU32(valid, SR_LENGTH, length)));
        }

        @Test
        void rejectsMissingNul() {
            assertRejects(CodecError.MISSING_NUL,
                    () -> StringReverseView.decode(withU8(valid, SR_HEADER_SIZE + TEXT.length(), '!')));
        }

        @Test
        void acceptsInteriorNulLikeTheReference() {
            byte[] bytes = withU8(valid, SR_HEADER_SIZE + 1, 0);
            assertThat(StringReverseView.decode(bytes).toOwned().toByteArray())
                    .containsExactly('h', 0, 'l', 'l', 'o');
        }

        @Test
        void acceptsBytesAfterTheTerminator() {
            assertThat(StringReverseView.decode(extended(valid, 5)).toOwned().asString()).isEqualTo(TEXT);
        }

        @Test
        void acceptsEmptyString() {
            byte[] empty = validStringReverse("");
            assertThat(empty).hasSize(SR_HEADER_SIZE + 1);
            assertThat(StringReverseView.decode(empty).string().isEmpty()).isTrue();
        }

        @Test
        void decodesInsideALargerBufferWithoutReadingPastTheRegion() {
            ByteBuffer buffer = ByteBuffer.allocate(valid.length + 1);
            buffer.put(0, valid);
            buffer.put(valid.length, (byte) 0);
            int withoutTerminator = valid.length - 1;
            assertRejects(CodecError.OUT_OF_BOUNDS,
                    () -> new StringReverseView().wrap(buffer, 0, withoutTerminator));
        }
    }
}
