package io.netdata.netipc.transport.uds;

import io.netdata.netipc.protocol.ChunkHeader;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.handshake.ClientHandshake;
import io.netdata.netipc.transport.handshake.ServerHandshake;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hand-made packets for playing a peer on a raw socket: well-formed ones built
 * with the codec's encoders, malformed ones by editing their bytes, and a
 * reader of hello-acks that takes every field at the offsets the wire spec
 * lists (so assertions do not depend on the codec under test).
 */
final class Packets {
    static final int HEADER = Wire.HEADER_LEN;
    static final int HELLO_PACKET = ClientHandshake.HELLO_PACKET_SIZE;
    static final int ACK_PACKET = ServerHandshake.ACK_PACKET_SIZE;
    /** A generous receive buffer for control packets. */
    static final int CONTROL_CAPACITY = 512;
    static final int OK = TransportStatus.OK.code();
    static final int CODE = Wire.METHOD_INCREMENT;

    /** Offsets in the outer header (level1-wire-envelope.md). */
    static final int OFF_VERSION = 4;
    static final int OFF_HEADER_LEN = 6;
    static final int OFF_KIND = 8;
    /** Offsets in the hello payload, relative to the payload. */
    static final int HELLO_OFF_LAYOUT = 0;
    static final int HELLO_OFF_FLAGS = 2;
    static final int HELLO_OFF_RESERVED = 28;

    private Packets() {
    }

    /** A hello with layout version 1 and zero flags. */
    static Hello hello(long supported, long preferred, long maxRequest, long requestBatch, long maxResponse,
            long responseBatch, long token, long packetSize) {
        return new Hello(Wire.LAYOUT_VERSION, 0, supported, preferred, maxRequest, requestBatch, maxResponse,
                responseBatch, token, packetSize);
    }

    /** The hello packet (header and 44-byte payload). */
    static byte[] helloPacket(Hello hello) {
        ByteBuffer packet = ByteBuffer.allocate(HELLO_PACKET);
        ClientHandshake.encodeHello(hello, packet, 0);
        return packet.array();
    }

    /** The hello-ack packet (header and 48-byte payload). */
    static byte[] ackPacket(TransportStatus status, HelloAck ack) {
        ByteBuffer packet = ByteBuffer.allocate(ACK_PACKET);
        ServerHandshake.encodeReply(status, ack, packet, 0);
        return packet.array();
    }

    /** An OK hello-ack that offers and selects the baseline profile. */
    static HelloAck baselineAck(long maxRequest, long batchItems, long maxResponse, long packetSize, long sessionId) {
        return new HelloAck(Wire.LAYOUT_VERSION, 0, Wire.PROFILE_BASELINE, Wire.PROFILE_BASELINE,
                Wire.PROFILE_BASELINE, maxRequest, batchItems, maxResponse, batchItems, packetSize, sessionId);
    }

    /** A message packet: a standard header with the given fields, then {@code payload}. */
    static byte[] message(int kind, int flags, long payloadLen, long itemCount, long messageId, byte[] payload) {
        return concat(MessageHeader.of(kind, flags, CODE, OK, payloadLen, itemCount, messageId).toBytes(), payload);
    }

    /** A complete single-packet message of {@code kind} carrying {@code payload}. */
    static byte[] message(int kind, long messageId, byte[] payload) {
        return message(kind, 0, payload.length, 1, messageId, payload);
    }

    /** A continuation packet: a standard chunk header with the given fields, then {@code data}. */
    static byte[] chunk(long messageId, long total, long index, long count, long chunkPayloadLen, byte[] data) {
        return concat(ChunkHeader.of(messageId, total, index, count, chunkPayloadLen).toBytes(), data);
    }

    /**
     * The packets a correct sender produces for a message of {@code payload}
     * over {@code packetSize}-byte packets, with the first packet's header
     * carrying {@code kind} and {@code messageId}.
     */
    static byte[][] chunked(int kind, long messageId, byte[] payload, int packetSize) {
        int budget = packetSize - HEADER;
        int first = Math.min(payload.length, budget);
        int count = 1 + (payload.length - first + budget - 1) / budget;
        long total = (long) HEADER + payload.length;
        byte[][] packets = new byte[count][];
        packets[0] = message(kind, 0, payload.length, 1, messageId, slice(payload, 0, first));
        int sent = first;
        for (int index = 1; index < count; index++) {
            int length = Math.min(payload.length - sent, budget);
            packets[index] = chunk(messageId, total, index, count, length, slice(payload, sent, length));
            sent += length;
        }
        return packets;
    }

    static byte[] slice(byte[] bytes, int from, int length) {
        byte[] copy = new byte[length];
        System.arraycopy(bytes, from, copy, 0, length);
        return copy;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }

    /** A copy of {@code packet} with the u16 at {@code offset} replaced. */
    static byte[] withU16(byte[] packet, int offset, int value) {
        byte[] copy = packet.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()).putShort(offset, (short) value);
        return copy;
    }

    /** A copy of {@code packet} with the u32 at {@code offset} replaced. */
    static byte[] withU32(byte[] packet, int offset, long value) {
        byte[] copy = packet.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()).putInt(offset, (int) value);
        return copy;
    }

    /** {@code length} bytes of a recognisable pattern. */
    static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    /**
     * A hello-ack packet as received, read at the offsets of the wire spec:
     * outer header, then the 48-byte payload.
     */
    record Ack(byte[] bytes) {
        private ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        }

        private long u32(int offset) {
            return Integer.toUnsignedLong(buffer().getInt(offset));
        }

        private int u16(int offset) {
            return Short.toUnsignedInt(buffer().getShort(offset));
        }

        long magic() {
            return u32(0);
        }

        int version() {
            return u16(4);
        }

        int headerLen() {
            return u16(6);
        }

        int kind() {
            return u16(8);
        }

        int flags() {
            return u16(10);
        }

        int code() {
            return u16(12);
        }

        int status() {
            return u16(14);
        }

        long payloadLen() {
            return u32(16);
        }

        long itemCount() {
            return u32(20);
        }

        long messageId() {
            return buffer().getLong(24);
        }

        int layoutVersion() {
            return u16(HEADER);
        }

        int ackFlags() {
            return u16(HEADER + 2);
        }

        long serverSupportedProfiles() {
            return u32(HEADER + 4);
        }

        long intersectionProfiles() {
            return u32(HEADER + 8);
        }

        long selectedProfile() {
            return u32(HEADER + 12);
        }

        long maxRequestPayload() {
            return u32(HEADER + 16);
        }

        long maxRequestBatchItems() {
            return u32(HEADER + 20);
        }

        long maxResponsePayload() {
            return u32(HEADER + 24);
        }

        long maxResponseBatchItems() {
            return u32(HEADER + 28);
        }

        long packetSize() {
            return u32(HEADER + 32);
        }

        long reserved() {
            return u32(HEADER + 36);
        }

        long sessionId() {
            return buffer().getLong(HEADER + 40);
        }

        /** The 48 payload bytes. */
        byte[] payload() {
            return slice(bytes, HEADER, bytes.length - HEADER);
        }
    }
}
