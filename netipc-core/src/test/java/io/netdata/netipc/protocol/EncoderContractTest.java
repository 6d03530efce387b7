package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.EnvelopeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How the owned records, encoders and static decoders treat their arguments. */
class EncoderContractTest {
    private static final long U32_TOO_BIG = WireBytes.U32_MAX + 1;
    private static final int U16_TOO_BIG = WireBytes.U16_MAX + 1;
    private static final String TEXT = "reverse me";

    static Stream<Named<ThrowingCallable>> outOfRangeRecordFields() {
        return Stream.of(
                Named.of("header payload_len", () -> MessageHeader.of(1, 0, 1, 0, U32_TOO_BIG, 1, 0)),
                Named.of("header item_count", () -> MessageHeader.of(1, 0, 1, 0, 0, -1, 0)),
                Named.of("header magic", () -> new MessageHeader(-1, 1, 32, 1, 0, 1, 0, 0, 1, 0)),
                Named.of("header kind", () -> MessageHeader.of(U16_TOO_BIG, 0, 1, 0, 0, 1, 0)),
                Named.of("header flags", () -> MessageHeader.of(1, -1, 1, 0, 0, 1, 0)),
                Named.of("header code", () -> MessageHeader.of(1, 0, U16_TOO_BIG, 0, 0, 1, 0)),
                Named.of("header status", () -> MessageHeader.of(1, 0, 1, U16_TOO_BIG, 0, 1, 0)),
                Named.of("header version", () -> new MessageHeader(Wire.MAGIC_MSG, -1, 32, 1, 0, 1, 0, 0, 1, 0)),
                Named.of("header header_len",
                        () -> new MessageHeader(Wire.MAGIC_MSG, 1, U16_TOO_BIG, 1, 0, 1, 0, 0, 1, 0)),
                Named.of("chunk total", () -> ChunkHeader.of(0, U32_TOO_BIG, 0, 1, 1)),
                Named.of("chunk index", () -> ChunkHeader.of(0, 1, -1, 1, 1)),
                Named.of("chunk count", () -> ChunkHeader.of(0, 1, 0, U32_TOO_BIG, 1)),
                Named.of("chunk payload", () -> ChunkHeader.of(0, 1, 0, 1, U32_TOO_BIG)),
                Named.of("chunk magic", () -> new ChunkHeader(U32_TOO_BIG, 1, 0, 0, 1, 0, 1, 1)),
                Named.of("chunk version", () -> new ChunkHeader(Wire.MAGIC_CHUNK, U16_TOO_BIG, 0, 0, 1, 0, 1, 1)),
                Named.of("chunk flags", () -> new ChunkHeader(Wire.MAGIC_CHUNK, 1, -1, 0, 1, 0, 1, 1)),
                Named.of("hello layout", () -> new Hello(U16_TOO_BIG, 0, 1, 1, 1, 1, 1, 1, 0, 1)),
                Named.of("hello flags", () -> new Hello(1, -1, 1, 1, 1, 1, 1, 1, 0, 1)),
                Named.of("hello supported", () -> new Hello(1, 0, U32_TOO_BIG, 1, 1, 1, 1, 1, 0, 1)),
                Named.of("hello preferred", () -> new Hello(1, 0, 1, -1, 1, 1, 1, 1, 0, 1)),
                Named.of("hello request payload", () -> new Hello(1, 0, 1, 1, U32_TOO_BIG, 1, 1, 1, 0, 1)),
                Named.of("hello request items", () -> new Hello(1, 0, 1, 1, 1, -1, 1, 1, 0, 1)),
                Named.of("hello response payload", () -> new Hello(1, 0, 1, 1, 1, 1, U32_TOO_BIG, 1, 0, 1)),
                Named.of("hello response items", () -> new Hello(1, 0, 1, 1, 1, 1, 1, -1, 0, 1)),
                Named.of("hello packet size", () -> new Hello(1, 0, 1, 1, 1, 1, 1, 1, 0, U32_TOO_BIG)),
                Named.of("ack layout", () -> new HelloAck(-1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)),
                Named.of("ack flags", () -> new HelloAck(1, U16_TOO_BIG, 1, 1, 1, 1, 1, 1, 1, 1, 1)),
                Named.of("ack server profiles", () -> new HelloAck(1, 0, -1, 1, 1, 1, 1, 1, 1, 1, 1)),
                Named.of("ack intersection", () -> new HelloAck(1, 0, 1, U32_TOO_BIG, 1, 1, 1, 1, 1, 1, 1)),
                Named.of("ack selected", () -> new HelloAck(1, 0, 1, 1, -1, 1, 1, 1, 1, 1, 1)),
                Named.of("ack request payload", () -> new HelloAck(1, 0, 1, 1, 1, U32_TOO_BIG, 1, 1, 1, 1, 1)),
                Named.of("ack request items", () -> new HelloAck(1, 0, 1, 1, 1, 1, -1, 1, 1, 1, 1)),
                Named.of("ack response payload", () -> new HelloAck(1, 0, 1, 1, 1, 1, 1, U32_TOO_BIG, 1, 1, 1)),
                Named.of("ack response items", () -> new HelloAck(1, 0, 1, 1, 1, 1, 1, 1, -1, 1, 1)),
                Named.of("ack packet size", () -> new HelloAck(1, 0, 1, 1, 1, 1, 1, 1, 1, U32_TOO_BIG, 1)));
    }

    @ParameterizedTest
    @MethodSource("outOfRangeRecordFields")
    void recordsRejectValuesOutsideTheirUnsignedField(ThrowingCallable construct) {
        assertThatThrownBy(construct).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodersRejectRegionsTooSmallForTheStructure() {
        ByteBuffer small = ByteBuffer.allocate(HEADER_SIZE - 1);
        assertThatThrownBy(() -> requestHeader().encodeTo(small, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> continuationChunk().encodeTo(small, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> defaultHello().encodeTo(ByteBuffer.allocate(HELLO_SIZE), 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> acceptingHelloAck().encodeTo(ByteBuffer.allocate(HELLO_ACK_SIZE - 1), 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> IncrementCodec.encode(1, ByteBuffer.allocate(INCREMENT_SIZE), 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void decodersRejectRegionsOutsideTheBuffer() {
        ByteBuffer buffer = ByteBuffer.wrap(validHeader());
        assertThatThrownBy(() -> new MessageHeaderView().wrap(buffer, 1, HEADER_SIZE))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new BatchView().wrap(buffer, -1, 8, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> IncrementCodec.decode(null, 0, 0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void staticDecodersReadFromTheBufferPositionWithoutMovingIt() {
        int position = 5;
        ByteBuffer headers = ByteBuffer.allocate(position + HEADER_SIZE).put(position, validHeader())
                .position(position);
        ByteBuffer chunks = ByteBuffer.allocate(position + HEADER_SIZE).put(position, validChunk())
                .position(position);
        ByteBuffer hellos = ByteBuffer.allocate(position + HELLO_SIZE).put(position, validHello())
                .position(position);
        ByteBuffer acks = ByteBuffer.allocate(position + HELLO_ACK_SIZE).put(position, validHelloAck())
                .position(position);

        assertThat(MessageHeaderView.decode(headers).toOwned()).isEqualTo(requestHeader());
        assertThat(ChunkHeaderView.decode(chunks).toOwned()).isEqualTo(continuationChunk());
        assertThat(HelloView.decode(hellos).toOwned()).isEqualTo(defaultHello());
        assertThat(HelloAckView.decode(acks).toOwned()).isEqualTo(acceptingHelloAck());
        assertThat(headers.position()).isEqualTo(position);
    }

    @Test
    void decodesFromReadOnlyBuffers() {
        ByteBuffer readOnly = ByteBuffer.wrap(validStringReverse(TEXT)).asReadOnlyBuffer();
        StringReverseView view = new StringReverseView().wrap(readOnly, 0, readOnly.capacity());
        assertThat(view.toOwned().asString()).isEqualTo(TEXT);
    }

    @Test
    void viewsCanBeRewrappedWithoutAllocating() {
        MessageHeaderView view = new MessageHeaderView();
        byte[] first = validHeader();
        byte[] second = MessageHeader.of(Wire.KIND_RESPONSE, 0, Wire.METHOD_INCREMENT, 0, 8, 1, 99).toBytes();

        assertThat(view.wrap(ByteBuffer.wrap(first), 0, HEADER_SIZE).messageId()).isEqualTo(MESSAGE_ID);
        assertThat(view.wrap(ByteBuffer.wrap(second), 0, HEADER_SIZE).messageId()).isEqualTo(99);
        assertThat(view.kind()).isEqualTo(Wire.KIND_RESPONSE);
    }

    @Test
    void stringReverseOverflowsWhenTheRegionIsOneByteShort() {
        ByteString string = ByteString.utf8(TEXT);
        int size = (int) StringReverseEncoder.encodedSize(string.length());
        BufferKind.Region region = BufferKind.DIRECT_BIG_ENDIAN.region(size - 1);

        assertRejects(CodecError.OVERFLOW,
                () -> StringReverseEncoder.encode(string, region.buffer(), region.offset(), region.capacity()));
        assertThat(region.guardsIntact()).isTrue();
    }

    @Test
    void stringReverseOverflowsBeforeAllocatingAnArrayPastIntRange() {
        HugeByteSource huge = new HugeByteSource(Integer.MAX_VALUE);
        assertThat(StringReverseEncoder.encodedSize(huge.length())).isGreaterThan(Integer.MAX_VALUE);
        assertRejects(CodecError.OVERFLOW, () -> StringReverseEncoder.encode(huge));
    }

    @Test
    void encodesInHostByteOrder() {
        byte[] magic = ByteBuffer.allocate(Integer.BYTES).order(WireBytes.ORDER).putInt((int) Wire.MAGIC_MSG).array();
        assertThat(validHeader()).startsWith(magic);
    }
}
