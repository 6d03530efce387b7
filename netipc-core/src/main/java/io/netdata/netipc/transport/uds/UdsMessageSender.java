package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.protocol.ChunkHeader;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;

/**
 * Puts one logical message on the wire (upstream {@code level1-posix-uds.md},
 * "Chunking"): a message whose header and payload fit the agreed packet size
 * goes as one packet; a longer one goes as a first packet carrying the outer
 * header and as many payload bytes as fit, then continuation packets of a
 * chunk header and up to {@code packetSize - 32} payload bytes each. Every
 * packet is sent straight from the caller's payload, and all packets of a
 * message leave before the call returns, so chunks of different messages never
 * interleave.
 *
 * <p>Thread-safety: not thread-safe; owned by one session.
 */
final class UdsMessageSender {
    private final SeqPacketChannel channel;
    private final long packetSize;
    private final ByteBuffer header = ByteBuffer.allocateDirect(Wire.HEADER_LEN);
    private final long headerAddress = Native.address(header);

    /** @param packetSize the agreed packet size, greater than the header length */
    UdsMessageSender(SeqPacketChannel channel, long packetSize) {
        this.channel = channel;
        this.packetSize = packetSize;
    }

    /**
     * Sends the message; the caller has checked the limits, so {@code 32 + length}
     * fits the wire's 32-bit total length.
     */
    void send(int kind, int flags, int code, int transportStatus, long itemCount, long messageId, ByteBuffer payload,
            int offset, int length) throws TransportException {
        MessageHeader.encode(header, 0, kind, flags, code, transportStatus, length, itemCount, messageId);
        long total = (long) Wire.HEADER_LEN + length;
        if (total <= packetSize) {
            channel.send(header, headerAddress, Wire.HEADER_LEN, payload, offset, length);
            return;
        }
        long budget = packetSize - Wire.HEADER_LEN;
        int first = (int) Math.min(length, budget);
        long chunkCount = 1 + ceilDiv(length - first, budget);
        channel.send(header, headerAddress, Wire.HEADER_LEN, payload, offset, first);
        int sent = first;
        for (long index = 1; index < chunkCount; index++) {
            int chunk = (int) Math.min(length - sent, budget);
            ChunkHeader.encode(header, 0, messageId, total, index, chunkCount, chunk);
            channel.send(header, headerAddress, Wire.HEADER_LEN, payload, offset + sent, chunk);
            sent += chunk;
        }
    }

    static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
