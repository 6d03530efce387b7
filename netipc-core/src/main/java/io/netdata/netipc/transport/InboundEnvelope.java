package io.netdata.netipc.transport;

import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.MessageHeaderView;
import java.nio.ByteBuffer;

/**
 * The checks every transport applies to a received message before anyone sees
 * it (upstream {@code level1-transport.md}, "Message framing" and "Protocol
 * failure detection"), so that UDS and SHM refuse the same messages with the
 * same errors: a well-formed outer header (PROTOCOL_VIOLATION otherwise), the
 * kind this side receives (PROTOCOL_VIOLATION), the negotiated payload and
 * item-count ceilings of the direction (LIMIT_EXCEEDED), and for a batch of
 * more than one item a directory that fits its payload (PROTOCOL_VIOLATION).
 *
 * <p>For the transports of this library; not part of the public API.
 * Thread-safety: stateless.
 */
public final class InboundEnvelope {
    private InboundEnvelope() {
    }

    /**
     * Wraps {@code header} over {@code [offset, offset + length)} and checks it.
     *
     * @param expectedKind the only kind this side may receive
     * @param maxPayload the negotiated payload ceiling of the direction
     * @param maxItems the negotiated item-count ceiling of the direction
     */
    public static void checkHeader(MessageHeaderView header, ByteBuffer buffer, int offset, int length,
            int expectedKind, long maxPayload, long maxItems) throws TransportException {
        try {
            header.wrap(buffer, offset, length);
        } catch (CodecException e) {
            throw new TransportException(TransportError.PROTOCOL_VIOLATION, "malformed message header", e);
        }
        if (header.kind() != expectedKind) {
            throw new TransportException(TransportError.PROTOCOL_VIOLATION, "unexpected message kind " + header.kind());
        }
        if (header.payloadLen() > maxPayload) {
            throw new TransportException(TransportError.LIMIT_EXCEEDED,
                    "payload_len " + header.payloadLen() + " exceeds the negotiated " + maxPayload);
        }
        if (header.itemCount() > maxItems) {
            throw new TransportException(TransportError.LIMIT_EXCEEDED,
                    "item_count " + header.itemCount() + " exceeds the negotiated " + maxItems);
        }
    }

    /**
     * Checks the directory of a batch message with more than one item; other
     * messages pass. {@code scratch} is re-wrapped (so checking allocates nothing).
     */
    public static void checkBatch(ReceivedMessage message, BatchView scratch) throws TransportException {
        MessageHeaderView header = message.header();
        if (!header.isBatch() || header.itemCount() <= 1) {
            return;
        }
        try {
            message.batch(scratch);
        } catch (CodecException e) {
            throw new TransportException(TransportError.PROTOCOL_VIOLATION, "malformed batch directory", e);
        }
    }
}
