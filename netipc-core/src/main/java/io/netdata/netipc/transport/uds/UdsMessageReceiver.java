package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.ChunkHeaderView;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.NativeBytes;
import io.netdata.netipc.transport.InboundEnvelope;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;

/**
 * Reads one logical message off the wire and validates everything about it
 * before anyone sees a byte (upstream {@code level1-transport.md}, "Protocol
 * failure detection"): the outer header, the kind this side expects, the
 * directional payload and item-count limits, the packet length against the
 * declared total, every continuation header (magic, version, message id, index,
 * count, total length, chunk length against what is still missing) and, for a
 * batch, its item directory.
 *
 * <p>A message that fits one packet is returned in place. A chunked message is
 * reassembled into one buffer sized from its header once its limits are checked
 * (up to {@link #EAGER_REASSEMBLY} bytes; a longer one grows its buffer as its
 * chunks arrive, so a header that lies about a large payload costs memory only
 * in proportion to what the peer actually sends). The buffer is kept for the
 * next message, so steady-state receiving allocates nothing. Callers get
 * read-only views of the session's buffers: nothing they do to them can upset
 * the next receive.
 *
 * <p>Only a timeout or abort while waiting for the first packet leaves the
 * connection usable ({@link #failedCleanly()}); any other failure leaves it
 * mid-message or facing a broken peer.
 *
 * <p>Thread-safety: not thread-safe; owned by one session.
 */
final class UdsMessageReceiver {
    /** The largest payload one Java buffer can hold. */
    static final long MAX_JAVA_PAYLOAD = Integer.MAX_VALUE - Long.BYTES;
    /** Chunked messages up to this size get their whole buffer at once. */
    static final int EAGER_REASSEMBLY = 4 << 20;
    private static final int GROWTH_FACTOR = 2;

    private final SeqPacketChannel channel;
    private final int packetSize;
    private final int expectedKind;
    private final long maxPayload;
    private final long maxItems;
    private final ByteBuffer packet;
    private final ByteBuffer packetView;
    private final long packetAddress;
    private final ByteBuffer headerCopy = ByteBuffer.allocate(Wire.HEADER_LEN);
    private final MessageHeaderView header = new MessageHeaderView();
    private final ChunkHeaderView chunk = new ChunkHeaderView();
    private final BatchView batch = new BatchView();
    private final ReceivedMessage message = new ReceivedMessage(headerCopy);
    private ByteBuffer reassembly = ByteBuffer.allocate(0);
    private ByteBuffer reassemblyView = reassembly.asReadOnlyBuffer();
    private boolean failedCleanly;

    /**
     * @param packetSize the agreed packet size (at most {@link UdsHandshakeExchange#MAX_PACKET_SIZE})
     * @param expectedKind the only message kind this side may receive
     * @param maxPayload the negotiated payload ceiling for this direction
     * @param maxItems the negotiated item-count ceiling for this direction
     */
    UdsMessageReceiver(SeqPacketChannel channel, int packetSize, int expectedKind, long maxPayload, long maxItems) {
        this.channel = channel;
        this.packetSize = packetSize;
        this.expectedKind = expectedKind;
        this.maxPayload = maxPayload;
        this.maxItems = maxItems;
        this.packet = ByteBuffer.allocateDirect(packetSize);
        this.packetView = packet.asReadOnlyBuffer();
        this.packetAddress = Native.address(packet);
    }

    /**
     * True when the last failure was a timeout or abort (or a closed abort signal) before
     * any byte of a message was read.
     */
    boolean failedCleanly() {
        return failedCleanly;
    }

    /**
     * Receives the next message.
     *
     * @param deadlineNanos one deadline for every packet of the message
     * @param abort may be null
     */
    ReceivedMessage receive(long deadlineNanos, AbortSignal abort) throws TransportException {
        int length;
        try {
            failedCleanly = false;
            length = channel.receive(packet, packetAddress, packetSize, deadlineNanos, abort);
        } catch (TransportException e) {
            failedCleanly = e.error() == TransportError.TIMEOUT || e.error() == TransportError.ABORTED;
            throw e;
        } catch (IllegalStateException e) {
            // A closed abort signal, refused before anything was read.
            failedCleanly = true;
            throw e;
        }
        readHeader(length);
        long payloadLength = header.payloadLen();
        long total = Wire.HEADER_LEN + payloadLength;
        if (length > total) {
            throw violation("packet of " + length + " bytes is longer than its message (" + total + ")");
        }
        packet.get(0, headerCopy.array(), 0, Wire.HEADER_LEN);
        if (length == total) {
            // clear(): a caller may have moved the shared view's limit since the last message.
            message.set(packetView.clear(), Wire.HEADER_LEN, (int) payloadLength);
        } else {
            reassemble(length, (int) payloadLength, total, deadlineNanos, abort);
            message.set(reassemblyView.clear(), 0, (int) payloadLength);
        }
        // The header view points into the packet buffer, which continuation packets overwrote:
        // the check reads the message's own header copy.
        InboundEnvelope.checkBatch(message, batch);
        return message;
    }

    private void readHeader(int length) throws TransportException {
        InboundEnvelope.checkHeader(header, packet, 0, length, expectedKind, maxPayload, maxItems);
        if (header.payloadLen() > MAX_JAVA_PAYLOAD || Wire.HEADER_LEN + header.payloadLen() > NativeBytes.U32_MAX) {
            throw limit("payload_len " + header.payloadLen() + " is larger than one message can be");
        }
    }

    private void reassemble(int firstLength, int payloadLength, long total, long deadlineNanos, AbortSignal abort)
            throws TransportException {
        int assembled = firstLength - Wire.HEADER_LEN;
        ensureReassembly(Math.min(payloadLength, Math.max(EAGER_REASSEMBLY, assembled)), 0);
        reassembly.put(0, packet, Wire.HEADER_LEN, assembled);
        long budget = packetSize - Wire.HEADER_LEN;
        long chunkCount = 1 + UdsMessageSender.ceilDiv(payloadLength - assembled, budget);
        long messageId = header.messageId();
        for (long index = 1; assembled < payloadLength; index++) {
            if (index >= chunkCount) {
                throw violation("message " + Long.toUnsignedString(messageId) + " needs more than "
                        + chunkCount + " chunks");
            }
            int length = channel.receive(packet, packetAddress, packetSize, deadlineNanos, abort);
            int data = readChunk(length, messageId, total, index, chunkCount);
            if (data > payloadLength - assembled) {
                throw violation("chunk " + index + " overruns the message");
            }
            if (reassembly.capacity() - assembled < data) {
                long doubled = (long) reassembly.capacity() * GROWTH_FACTOR;
                long needed = Math.max(doubled, assembled + (long) data);
                ensureReassembly((int) Math.min(payloadLength, needed), assembled);
            }
            reassembly.put(assembled, packet, Wire.HEADER_LEN, data);
            assembled += data;
        }
    }

    /**
     * Makes the reassembly buffer hold at least {@code capacity} bytes, keeping its
     * first {@code keep}. An allocation the heap cannot satisfy fails this session
     * only: its size came from a peer.
     */
    private void ensureReassembly(int capacity, int keep) throws TransportException {
        if (reassembly.capacity() >= capacity) {
            return;
        }
        ByteBuffer larger;
        try {
            larger = ByteBuffer.allocate(capacity);
        } catch (OutOfMemoryError e) {
            throw new TransportException(TransportError.LIMIT_EXCEEDED,
                    "no memory for a message of " + capacity + " bytes", e);
        }
        larger.put(0, reassembly, 0, keep);
        reassembly = larger;
        reassemblyView = larger.asReadOnlyBuffer();
    }

    /** Validates one continuation packet and returns its payload length. */
    private int readChunk(int length, long messageId, long total, long index, long chunkCount)
            throws TransportException {
        try {
            chunk.wrap(packet, 0, length);
        } catch (CodecException e) {
            throw new TransportException(TransportError.PROTOCOL_VIOLATION, "malformed chunk " + index, e);
        }
        if (chunk.messageId() != messageId || chunk.chunkIndex() != index || chunk.chunkCount() != chunkCount
                || chunk.totalMessageLen() != total) {
            throw violation("chunk " + index + " of " + chunkCount + " does not continue message "
                    + Long.toUnsignedString(messageId) + " of " + total + " bytes (got id "
                    + Long.toUnsignedString(chunk.messageId()) + ", index " + chunk.chunkIndex() + ", count "
                    + chunk.chunkCount() + ", total " + chunk.totalMessageLen() + ")");
        }
        int data = length - Wire.HEADER_LEN;
        if (chunk.chunkPayloadLen() != data) {
            throw violation("chunk " + index + " declares " + chunk.chunkPayloadLen() + " bytes and carries " + data);
        }
        return data;
    }

    private static TransportException violation(String reason) {
        return new TransportException(TransportError.PROTOCOL_VIOLATION, reason);
    }

    private static TransportException limit(String reason) {
        return new TransportException(TransportError.LIMIT_EXCEEDED, reason);
    }
}
