package io.netdata.netipc.transport;

import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.MessageHeaderView;
import java.nio.ByteBuffer;

/**
 * One logical message as a session received it: its validated outer header and
 * its payload, zero-copy.
 *
 * <p><b>Lifetime:</b> the session owns and reuses this object and the buffers it
 * points into; everything read from it is valid only until the session's next
 * receive or its close. Copy what must outlive that ({@link #payloadBytes()},
 * {@link MessageHeaderView#toOwned()}, {@code BytesView.toByteArray()}).
 *
 * <p>Transports create and refill instances ({@link #ReceivedMessage(ByteBuffer)},
 * {@link #set(ByteBuffer, int, int)}); applications only read the ones a
 * session's receive returns.
 *
 * <p>Thread-safety: not thread-safe; belongs to the session's owner.
 */
public final class ReceivedMessage {
    private final ByteBuffer headerCopy;
    private final MessageHeaderView header = new MessageHeaderView();
    private ByteBuffer buffer;
    private int offset;
    private int length;

    /** A message whose header will be kept in {@code headerCopy} (32 bytes). */
    public ReceivedMessage(ByteBuffer headerCopy) {
        this.headerCopy = headerCopy;
    }

    /**
     * Points this message at a header already copied into the header buffer and at
     * its payload {@code buffer[offset, offset + length)}.
     */
    public ReceivedMessage set(ByteBuffer buffer, int offset, int length) {
        header.wrap(headerCopy, 0, MessageHeaderView.SIZE);
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** The validated outer header. */
    public MessageHeaderView header() {
        return header;
    }

    public int kind() {
        return header.kind();
    }

    public int code() {
        return header.code();
    }

    public int flags() {
        return header.flags();
    }

    public int transportStatus() {
        return header.transportStatus();
    }

    /** Unsigned 32-bit. */
    public long itemCount() {
        return header.itemCount();
    }

    /** Unsigned 64-bit, raw bits. */
    public long messageId() {
        return header.messageId();
    }

    /** The buffer holding the payload (native byte order is not implied; views read it correctly). */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index of the payload's first byte in {@link #buffer()}. */
    public int payloadOffset() {
        return offset;
    }

    public int payloadLength() {
        return length;
    }

    /** Points {@code target} at the payload and returns it. */
    public BytesView payload(BytesView target) {
        return target.wrap(buffer, offset, length);
    }

    /** A copy of the payload. */
    public byte[] payloadBytes() {
        byte[] copy = new byte[length];
        buffer.get(offset, copy);
        return copy;
    }

    /**
     * Wraps the payload as a batch into {@code target} (the session already
     * validated the directory of every batch message it returned).
     *
     * @throws io.netdata.netipc.protocol.CodecException when the payload is not a valid batch
     */
    public BatchView batch(BatchView target) {
        return target.wrap(buffer, offset, length, itemCount());
    }
}
