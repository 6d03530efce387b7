package io.netdata.netipc.transport.shm;

import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.transport.InboundEnvelope;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Receives whole logical messages over one SHM direction and validates them as
 * the UDS transport validates a message ({@link InboundEnvelope}): outer header,
 * kind, negotiated payload and item-count ceilings, batch directory. An SHM
 * publication is one complete message (no chunking), so on top of that its
 * length must be exactly the header plus the header's {@code payload_len}
 * (PROTOCOL_VIOLATION otherwise).
 *
 * <p>Everything is checked on the consumer's private copy, never on shared
 * memory, so the peer cannot change a message between its check and its use.
 * The returned message and its views are valid until the next receive.
 *
 * <p>Only a TIMEOUT or an abort-check failure leaves the direction usable
 * ({@link #failedCleanly()}); any other failure means a broken or hostile peer.
 *
 * <p>Thread-safety: not thread-safe; owned by one session.
 */
public final class ShmMessageReceiver {
    private final ShmConsumer consumer;
    private final int expectedKind;
    private final long maxPayload;
    private final long maxItems;
    private final int maxLength;
    private final ByteBuffer headerCopy = ByteBuffer.allocate(Wire.HEADER_LEN);
    private final MessageHeaderView header = new MessageHeaderView();
    private final BatchView batch = new BatchView();
    private final ReceivedMessage message = new ReceivedMessage(headerCopy);
    private boolean failedCleanly;

    /**
     * @param maxPayload the negotiated payload ceiling of the consumer's direction (u32)
     * @param maxItems the negotiated item-count ceiling of the consumer's direction (u32)
     * @throws IllegalArgumentException when a ceiling is outside the u32 range
     */
    public ShmMessageReceiver(ShmConsumer consumer, long maxPayload, long maxItems) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.expectedKind = consumer.direction().messageKind();
        this.maxPayload = Checks.checkU32(maxPayload, "payload ceiling");
        this.maxItems = Checks.checkU32(maxItems, "item-count ceiling");
        // Nothing longer can be valid here: refuse it before copying it out of shared memory.
        this.maxLength = (int) Math.min(consumer.capacity(), Wire.HEADER_LEN + maxPayload);
    }

    /**
     * True when the last receive failed with TIMEOUT or with the abort check's
     * exception, before anything was consumed: the direction is still usable.
     */
    public boolean failedCleanly() {
        return failedCleanly;
    }

    /**
     * Waits for the next message and validates it.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline or {@link ShmConsumer#NO_DEADLINE}
     * @return the message, valid until the next receive
     * @throws TransportException TIMEOUT or the abort check's exception (clean); PROTOCOL_VIOLATION
     *     or LIMIT_EXCEEDED for a broken or hostile peer; IO from the futex
     */
    public ReceivedMessage receive(long deadlineNanos, ShmAbortCheck abort) throws TransportException {
        failedCleanly = false;
        int length;
        try {
            length = consumer.receive(maxLength, deadlineNanos, abort);
        } catch (TransportException e) {
            failedCleanly = consumer.failedCleanly();
            throw e;
        }
        ByteBuffer bytes = consumer.buffer();
        InboundEnvelope.checkHeader(header, bytes, 0, length, expectedKind, maxPayload, maxItems);
        long declared = Wire.HEADER_LEN + header.payloadLen();
        if (declared != length) {
            throw new TransportException(TransportError.PROTOCOL_VIOLATION, "published " + length
                    + " bytes for a message of " + declared);
        }
        bytes.get(0, headerCopy.array(), 0, Wire.HEADER_LEN);
        message.set(bytes, Wire.HEADER_LEN, length - Wire.HEADER_LEN);
        InboundEnvelope.checkBatch(message, batch);
        return message;
    }
}
