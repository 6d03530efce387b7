package io.netdata.netipc.transport.shm;

import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Publishes whole logical messages over one SHM direction: the 32-byte outer
 * header is encoded straight into the area, the payload copied after it (the
 * one copy SHM needs), and the message published ({@link ShmPublisher}). The
 * area holds the same bytes a UDS packet would carry, as the specification
 * requires; an SHM message is never chunked.
 *
 * <p>The negotiated payload and item ceilings are the session's to check, as
 * for UDS; this class refuses only what the area cannot hold.
 *
 * <p>Thread-safety: not thread-safe; owned by one session.
 */
public final class ShmMessageSender {
    private final ShmPublisher publisher;

    public ShmMessageSender(ShmPublisher publisher) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /** The longest payload the area can carry after the header. */
    public int maxPayload() {
        return publisher.capacity() - Wire.HEADER_LEN;
    }

    /**
     * Writes and publishes one message whose kind is the publisher's direction's.
     *
     * @throws TransportException LIMIT_EXCEEDED when header and payload exceed the area
     *     (nothing was written: the direction stays usable); IO from the futex wake
     * @throws IllegalArgumentException for a field outside its wire range
     * @throws IndexOutOfBoundsException when {@code [offset, offset + length)} is not inside {@code payload}
     */
    public void send(int flags, int code, int transportStatus, long itemCount, long messageId, ByteBuffer payload,
            int offset, int length) throws TransportException {
        Checks.checkRegion(payload, offset, length);
        if (length > maxPayload()) {
            throw new TransportException(TransportError.LIMIT_EXCEEDED, "message of " + (Wire.HEADER_LEN + length)
                    + " bytes exceeds the SHM area of " + publisher.capacity());
        }
        ByteBuffer area = publisher.area();
        MessageHeader.encode(area, 0, publisher.direction().messageKind(), flags, code, transportStatus, length,
                itemCount, messageId);
        area.put(Wire.HEADER_LEN, payload, offset, length);
        publisher.publish(Wire.HEADER_LEN + length);
    }
}
