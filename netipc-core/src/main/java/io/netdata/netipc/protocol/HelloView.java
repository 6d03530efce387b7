package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;
import static io.netdata.netipc.protocol.internal.NativeBytes.u64;

import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Zero-copy view of the 44-byte hello payload a client sends to open a session.
 *
 * <p>{@link #wrap} enforces the payload's shape as the reference decoder does:
 * layout version 1 and a zero reserved word; a non-zero {@code flags} field
 * decodes. The server handshake checks all three itself before wrapping, since
 * the specification answers them with different statuses ({@code INCOMPATIBLE}
 * for the layout, {@code BAD_ENVELOPE} for flags and the reserved word), which a
 * decoder error could not express.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral, like {@link MessageHeaderView}.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class HelloView {
    /** Encoded size on the wire. */
    public static final int SIZE = 44;

    /** Offsets of the fields a server inspects before {@link #wrap}, to tell the handshake's rejections apart. */
    public static final int OFF_LAYOUT_VERSION = 0;
    public static final int OFF_FLAGS = 2;
    static final int OFF_SUPPORTED_PROFILES = 4;
    static final int OFF_PREFERRED_PROFILES = 8;
    static final int OFF_MAX_REQUEST_PAYLOAD_BYTES = 12;
    static final int OFF_MAX_REQUEST_BATCH_ITEMS = 16;
    static final int OFF_MAX_RESPONSE_PAYLOAD_BYTES = 20;
    static final int OFF_MAX_RESPONSE_BATCH_ITEMS = 24;
    public static final int OFF_RESERVED = 28;
    static final int OFF_AUTH_TOKEN = 32;
    static final int OFF_PACKET_SIZE = 40;

    private ByteBuffer buffer;
    private int base;

    /**
     * Validates and wraps the hello payload at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED or BAD_LAYOUT
     */
    public HelloView wrap(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        Checks.requireLength(length, SIZE, "hello");
        if (u16(buffer, offset + OFF_LAYOUT_VERSION) != Wire.LAYOUT_VERSION) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "hello layout_version");
        }
        if (u32(buffer, offset + OFF_RESERVED) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "hello reserved word must be 0");
        }
        this.buffer = buffer;
        this.base = offset;
        return this;
    }

    /** Decodes the hello at the buffer's position (the position is not moved). */
    public static HelloView decode(ByteBuffer buffer) {
        return new HelloView().wrap(buffer, buffer.position(), buffer.remaining());
    }

    /** Decodes the hello at the start of {@code bytes}. */
    public static HelloView decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    public int layoutVersion() {
        return u16(buffer, base + OFF_LAYOUT_VERSION);
    }

    public int flags() {
        return u16(buffer, base + OFF_FLAGS);
    }

    public long supportedProfiles() {
        return u32(buffer, base + OFF_SUPPORTED_PROFILES);
    }

    public long preferredProfiles() {
        return u32(buffer, base + OFF_PREFERRED_PROFILES);
    }

    public long maxRequestPayloadBytes() {
        return u32(buffer, base + OFF_MAX_REQUEST_PAYLOAD_BYTES);
    }

    public long maxRequestBatchItems() {
        return u32(buffer, base + OFF_MAX_REQUEST_BATCH_ITEMS);
    }

    public long maxResponsePayloadBytes() {
        return u32(buffer, base + OFF_MAX_RESPONSE_PAYLOAD_BYTES);
    }

    public long maxResponseBatchItems() {
        return u32(buffer, base + OFF_MAX_RESPONSE_BATCH_ITEMS);
    }

    /** Caller-supplied token (unsigned 64-bit, raw bits). */
    public long authToken() {
        return u64(buffer, base + OFF_AUTH_TOKEN);
    }

    public long packetSize() {
        return u32(buffer, base + OFF_PACKET_SIZE);
    }

    /** Owned copy of every field. */
    public Hello toOwned() {
        return new Hello(layoutVersion(), flags(), supportedProfiles(), preferredProfiles(),
                maxRequestPayloadBytes(), maxRequestBatchItems(), maxResponsePayloadBytes(),
                maxResponseBatchItems(), authToken(), packetSize());
    }
}
