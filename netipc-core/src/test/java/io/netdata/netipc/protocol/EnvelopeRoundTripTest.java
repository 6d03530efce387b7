package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.EnvelopeFixtures.*;
import static io.netdata.netipc.protocol.WireBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.BufferKind.Region;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style round trips of the envelope structures over {@link WireGen}
 * cases: encode, check the bytes against the specified layout, decode, compare
 * with the input, and re-encode the decoded copy to the same bytes. Each case
 * also encodes into and decodes from a region of a randomly chosen
 * {@link BufferKind}.
 */
class EnvelopeRoundTripTest {
    private static final List<BufferKind> KINDS = List.of(BufferKind.values());
    private static final int MAX_STRING_REVERSE_LENGTH = 300;
    private static final int MAX_BATCH_ITEMS = 40;
    private static final int MAX_BATCH_ITEM_LENGTH = 70;
    private static final int MAX_SPARE_BATCH_SLOTS = 5;

    /** Encodes into a region of a random buffer kind and checks bytes and guards. */
    private interface RegionEncoder {
        int encodeTo(ByteBuffer buffer, int offset);
    }

    private static Region assertEncodesIntoRegion(WireGen gen, byte[] expected, RegionEncoder encoder) {
        Region region = gen.pick(KINDS).region(expected.length);
        assertThat(encoder.encodeTo(region.buffer(), region.offset())).isEqualTo(expected.length);
        assertThat(region.bytes(expected.length)).isEqualTo(expected);
        assertThat(region.guardsIntact()).isTrue();
        return region;
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void messageHeaderRoundTrips(WireGen gen) {
        MessageHeader header = MessageHeader.of(gen.between(Wire.KIND_REQUEST, Wire.KIND_CONTROL), gen.u16(),
                gen.u16(), gen.u16(), gen.u32(), gen.u32(), gen.u64());
        byte[] bytes = header.toBytes();

        byte[] expected = new byte[HEADER_SIZE];
        expected = withU32(expected, HDR_MAGIC, Wire.MAGIC_MSG);
        expected = withU16(expected, HDR_VERSION, Wire.VERSION);
        expected = withU16(expected, HDR_HEADER_LEN, HEADER_SIZE);
        expected = withU16(expected, HDR_KIND, header.kind());
        expected = withU16(expected, HDR_FLAGS, header.flags());
        expected = withU16(expected, HDR_CODE, header.code());
        expected = withU16(expected, HDR_TRANSPORT_STATUS, header.transportStatus());
        expected = withU32(expected, HDR_PAYLOAD_LEN, header.payloadLen());
        expected = withU32(expected, HDR_ITEM_COUNT, header.itemCount());
        expected = withU64(expected, HDR_MESSAGE_ID, header.messageId());
        assertThat(bytes).isEqualTo(expected);

        MessageHeader decoded = MessageHeaderView.decode(bytes).toOwned();
        assertThat(decoded).isEqualTo(header);
        assertThat(decoded.toBytes()).isEqualTo(bytes);

        Region region = assertEncodesIntoRegion(gen, bytes, header::encodeTo);
        assertThat(new MessageHeaderView().wrap(region.buffer(), region.offset(), HEADER_SIZE).toOwned())
                .isEqualTo(header);
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void chunkHeaderRoundTrips(WireGen gen) {
        long chunkPayloadLen = Math.max(1, gen.u32());
        ChunkHeader chunk = ChunkHeader.of(gen.u64(), gen.u32(), gen.u32(), gen.u32(), chunkPayloadLen);
        byte[] bytes = chunk.toBytes();

        byte[] expected = new byte[HEADER_SIZE];
        expected = withU32(expected, CHK_MAGIC, Wire.MAGIC_CHUNK);
        expected = withU16(expected, CHK_VERSION, Wire.VERSION);
        expected = withU64(expected, CHK_MESSAGE_ID, chunk.messageId());
        expected = withU32(expected, CHK_TOTAL_MESSAGE_LEN, chunk.totalMessageLen());
        expected = withU32(expected, CHK_CHUNK_INDEX, chunk.chunkIndex());
        expected = withU32(expected, CHK_CHUNK_COUNT, chunk.chunkCount());
        expected = withU32(expected, CHK_CHUNK_PAYLOAD_LEN, chunk.chunkPayloadLen());
        assertThat(bytes).isEqualTo(expected);

        ChunkHeader decoded = ChunkHeaderView.decode(bytes).toOwned();
        assertThat(decoded).isEqualTo(chunk);
        assertThat(decoded.toBytes()).isEqualTo(bytes);

        Region region = assertEncodesIntoRegion(gen, bytes, chunk::encodeTo);
        assertThat(new ChunkHeaderView().wrap(region.buffer(), region.offset(), HEADER_SIZE).toOwned())
                .isEqualTo(chunk);
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void helloRoundTrips(WireGen gen) {
        Hello hello = new Hello(Wire.LAYOUT_VERSION, gen.u16(), gen.u32(), gen.u32(), gen.u32(), gen.u32(),
                gen.u32(), gen.u32(), gen.u64(), gen.u32());
        byte[] bytes = hello.toBytes();

        assertThat(bytes).hasSize(HELLO_SIZE);
        assertThat(u16(bytes, HELLO_FLAGS)).isEqualTo(hello.flags());
        assertThat(u32(bytes, HELLO_RESERVED)).isZero();
        assertThat(u64(bytes, HELLO_AUTH_TOKEN)).isEqualTo(hello.authToken());
        assertThat(u32(bytes, HELLO_PACKET_SIZE)).isEqualTo(hello.packetSize());

        Hello decoded = HelloView.decode(bytes).toOwned();
        assertThat(decoded).isEqualTo(hello);
        assertThat(decoded.toBytes()).isEqualTo(bytes);

        Region region = assertEncodesIntoRegion(gen, bytes, hello::encodeTo);
        assertThat(new HelloView().wrap(region.buffer(), region.offset(), HELLO_SIZE).toOwned()).isEqualTo(hello);
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void helloAckRoundTrips(WireGen gen) {
        HelloAck ack = new HelloAck(Wire.LAYOUT_VERSION, 0, gen.u32(), gen.u32(), gen.u32(), gen.u32(), gen.u32(),
                gen.u32(), gen.u32(), gen.u32(), gen.u64());
        byte[] bytes = ack.toBytes();

        assertThat(bytes).hasSize(HELLO_ACK_SIZE);
        assertThat(u32(bytes, ACK_RESERVED)).isZero();
        assertThat(u64(bytes, ACK_SESSION_ID)).isEqualTo(ack.sessionId());

        HelloAck decoded = HelloAckView.decode(bytes).toOwned();
        assertThat(decoded).isEqualTo(ack);
        assertThat(decoded.toBytes()).isEqualTo(bytes);

        Region region = assertEncodesIntoRegion(gen, bytes, ack::encodeTo);
        assertThat(new HelloAckView().wrap(region.buffer(), region.offset(), HELLO_ACK_SIZE).toOwned())
                .isEqualTo(ack);
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void incrementRoundTrips(WireGen gen) {
        long value = gen.u64();
        byte[] bytes = IncrementCodec.encode(value);

        assertThat(bytes).isEqualTo(withU64(new byte[INCREMENT_SIZE], 0, value));
        assertThat(IncrementCodec.decode(bytes)).isEqualTo(value);
        assertThat(IncrementCodec.encode(IncrementCodec.decode(bytes))).isEqualTo(bytes);

        Region region = assertEncodesIntoRegion(gen, bytes,
                (buffer, offset) -> IncrementCodec.encode(value, buffer, offset));
        assertThat(IncrementCodec.decode(region.buffer(), region.offset(), INCREMENT_SIZE)).isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void stringReverseRoundTrips(WireGen gen) {
        ByteString string = ByteString.of(gen.bytes(MAX_STRING_REVERSE_LENGTH));
        byte[] bytes = StringReverseEncoder.encode(string);

        assertThat((long) bytes.length).isEqualTo(StringReverseEncoder.encodedSize(string.length()));
        assertThat(u32(bytes, SR_OFFSET)).isEqualTo(SR_HEADER_SIZE);
        assertThat(u32(bytes, SR_LENGTH)).isEqualTo(string.length());
        assertThat(bytes[bytes.length - 1]).isZero();

        StringReverseView view = StringReverseView.decode(bytes);
        assertThat(view.toOwned()).isEqualTo(string);
        assertThat(view.string().contentEquals(string)).isTrue();
        assertThat(StringReverseEncoder.encode(view.string())).isEqualTo(bytes);

        Region region = assertEncodesIntoRegion(gen, bytes,
                (buffer, offset) -> StringReverseEncoder.encode(string, buffer, offset, bytes.length));
        assertThat(new StringReverseView().wrap(region.buffer(), region.offset(), bytes.length).toOwned())
                .isEqualTo(string);
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void batchRoundTrips(WireGen gen) {
        List<byte[]> items = new ArrayList<>();
        int count = gen.between(1, MAX_BATCH_ITEMS);
        for (int i = 0; i < count; i++) {
            items.add(gen.bytes(MAX_BATCH_ITEM_LENGTH));
        }
        byte[] exact = batchOf(items);

        int maxItems = count + gen.between(0, MAX_SPARE_BATCH_SLOTS);
        int capacity = maxItems * BATCH_ENTRY_SIZE + count * (MAX_BATCH_ITEM_LENGTH + Wire.ALIGNMENT);
        Region region = gen.pick(KINDS).region(capacity);
        BatchBuilder builder = new BatchBuilder().reset(region.buffer(), region.offset(), capacity, maxItems);
        items.forEach(builder::add);
        int length = builder.finish();

        assertThat(region.bytes(length)).as("compacted batch").isEqualTo(exact);
        assertThat(region.guardsIntact()).isTrue();
        assertThat(length % Wire.ALIGNMENT).isZero();

        BatchView view = new BatchView().wrap(region.buffer(), region.offset(), length, count);
        BytesView item = new BytesView();
        for (int i = 0; i < count; i++) {
            assertThat(view.item(i, item).toByteArray()).isEqualTo(items.get(i));
            assertThat(u32(exact, batchEntry(i, ENTRY_OFFSET)) % Wire.ALIGNMENT).isZero();
        }

        List<byte[]> decoded = new ArrayList<>();
        BatchView fromArray = BatchView.decode(exact, count);
        for (int i = 0; i < count; i++) {
            decoded.add(fromArray.item(i).toByteArray());
        }
        assertThat(batchOf(decoded)).isEqualTo(exact);
    }
}
