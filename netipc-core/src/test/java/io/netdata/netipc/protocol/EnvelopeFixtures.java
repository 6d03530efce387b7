package io.netdata.netipc.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Valid envelope-level messages built with the project's encoders, and the
 * field offsets of {@code level1-wire-envelope.md}, written down independently
 * of the codec so that corrupting a field at its specified offset also checks
 * the layout.
 */
final class EnvelopeFixtures {
    static final int HEADER_SIZE = 32;
    static final int HDR_MAGIC = 0;
    static final int HDR_VERSION = 4;
    static final int HDR_HEADER_LEN = 6;
    static final int HDR_KIND = 8;
    static final int HDR_FLAGS = 10;
    static final int HDR_CODE = 12;
    static final int HDR_TRANSPORT_STATUS = 14;
    static final int HDR_PAYLOAD_LEN = 16;
    static final int HDR_ITEM_COUNT = 20;
    static final int HDR_MESSAGE_ID = 24;

    static final int CHK_MAGIC = 0;
    static final int CHK_VERSION = 4;
    static final int CHK_FLAGS = 6;
    static final int CHK_MESSAGE_ID = 8;
    static final int CHK_TOTAL_MESSAGE_LEN = 16;
    static final int CHK_CHUNK_INDEX = 20;
    static final int CHK_CHUNK_COUNT = 24;
    static final int CHK_CHUNK_PAYLOAD_LEN = 28;

    static final int HELLO_SIZE = 44;
    static final int HELLO_LAYOUT_VERSION = 0;
    static final int HELLO_FLAGS = 2;
    static final int HELLO_RESERVED = 28;
    static final int HELLO_AUTH_TOKEN = 32;
    static final int HELLO_PACKET_SIZE = 40;

    static final int HELLO_ACK_SIZE = 48;
    /** Size of the hello-ack in the superseded March 2026 revision. */
    static final int LEGACY_HELLO_ACK_SIZE = 36;
    static final int ACK_LAYOUT_VERSION = 0;
    static final int ACK_FLAGS = 2;
    static final int ACK_RESERVED = 36;
    static final int ACK_SESSION_ID = 40;

    static final int BATCH_ENTRY_SIZE = 8;
    static final int ENTRY_OFFSET = 0;
    static final int ENTRY_LENGTH = 4;

    static final int INCREMENT_SIZE = 8;

    static final int SR_HEADER_SIZE = 8;
    static final int SR_OFFSET = 0;
    static final int SR_LENGTH = 4;

    static final long MESSAGE_ID = 0x0123_4567_89AB_CDEFL;
    static final long AUTH_TOKEN = 0xFEDC_BA98_7654_3210L;
    static final long SESSION_ID = 7;
    static final long PACKET_SIZE = 212_992;
    static final long RESPONSE_PAYLOAD_DEFAULT = 65_536;
    static final long BATCH_ITEMS_DEFAULT = 16;

    /** Batch items of lengths 3, 8, 0 and 13: padding after the first and last, none after the others. */
    static final List<byte[]> BATCH_ITEMS = List.of(
            new byte[] {1, 2, 3},
            new byte[] {4, 5, 6, 7, 8, 9, 10, 11},
            new byte[0],
            "thirteen byte".getBytes(StandardCharsets.US_ASCII));

    private EnvelopeFixtures() {
    }

    static MessageHeader requestHeader() {
        return MessageHeader.of(Wire.KIND_REQUEST, 0, Wire.METHOD_INCREMENT, TransportStatus.OK.code(),
                INCREMENT_SIZE, 1, MESSAGE_ID);
    }

    static byte[] validHeader() {
        return requestHeader().toBytes();
    }

    static ChunkHeader continuationChunk() {
        return ChunkHeader.of(MESSAGE_ID, 1_000, 1, 3, 400);
    }

    static byte[] validChunk() {
        return continuationChunk().toBytes();
    }

    /** The hello the reference Level 2 client sends with zero configuration. */
    static Hello defaultHello() {
        return new Hello(Wire.LAYOUT_VERSION, 0, Wire.PROFILE_BASELINE, Wire.PROFILE_BASELINE,
                Wire.MAX_PAYLOAD_DEFAULT, BATCH_ITEMS_DEFAULT, RESPONSE_PAYLOAD_DEFAULT, BATCH_ITEMS_DEFAULT,
                AUTH_TOKEN, PACKET_SIZE);
    }

    static byte[] validHello() {
        return defaultHello().toBytes();
    }

    static HelloAck acceptingHelloAck() {
        return new HelloAck(Wire.LAYOUT_VERSION, 0, Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID,
                Wire.PROFILE_BASELINE, Wire.PROFILE_BASELINE, Wire.MAX_PAYLOAD_DEFAULT, BATCH_ITEMS_DEFAULT,
                RESPONSE_PAYLOAD_DEFAULT, BATCH_ITEMS_DEFAULT, PACKET_SIZE, SESSION_ID);
    }

    static byte[] validHelloAck() {
        return acceptingHelloAck().toBytes();
    }

    static byte[] validStringReverse(String text) {
        return StringReverseEncoder.encode(ByteString.utf8(text));
    }

    /** A batch payload of {@code items}, built with a builder sized for exactly that many. */
    static byte[] batchOf(List<byte[]> items) {
        int capacity = items.size() * BATCH_ENTRY_SIZE;
        for (byte[] item : items) {
            capacity += item.length + Wire.ALIGNMENT;
        }
        ByteBuffer buffer = ByteBuffer.allocate(capacity);
        BatchBuilder builder = new BatchBuilder().reset(buffer, 0, capacity, items.size());
        items.forEach(builder::add);
        int length = builder.finish();
        return WireBytes.truncated(buffer.array(), length);
    }

    static byte[] validBatch() {
        return batchOf(BATCH_ITEMS);
    }

    /** Absolute offset of batch directory entry {@code index}'s field {@code field}. */
    static int batchEntry(int index, int field) {
        return index * BATCH_ENTRY_SIZE + field;
    }
}
