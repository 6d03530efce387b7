package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;
import static io.netdata.netipc.protocol.internal.NativeBytes.u64;

import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Zero-copy view of the 48-byte hello-ack payload a server returns.
 *
 * <p>{@link #wrap} enforces layout version 1 and zero flags, as the reference
 * decoder does; the reserved word at byte 36 is not inspected.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral, like {@link MessageHeaderView}.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class HelloAckView {
    /** Encoded size on the wire. */
    public static final int SIZE = 48;

    static final int OFF_LAYOUT_VERSION = 0;
    static final int OFF_FLAGS = 2;
    static final int OFF_SERVER_SUPPORTED_PROFILES = 4;
    static final int OFF_INTERSECTION_PROFILES = 8;
    static final int OFF_SELECTED_PROFILE = 12;
    static final int OFF_AGREED_MAX_REQUEST_PAYLOAD_BYTES = 16;
    static final int OFF_AGREED_MAX_REQUEST_BATCH_ITEMS = 20;
    static final int OFF_AGREED_MAX_RESPONSE_PAYLOAD_BYTES = 24;
    static final int OFF_AGREED_MAX_RESPONSE_BATCH_ITEMS = 28;
    static final int OFF_AGREED_PACKET_SIZE = 32;
    static final int OFF_RESERVED = 36;
    static final int OFF_SESSION_ID = 40;

    private ByteBuffer buffer;
    private int base;

    /**
     * Validates and wraps the hello-ack payload at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED or BAD_LAYOUT
     */
    public HelloAckView wrap(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        Checks.requireLength(length, SIZE, "hello-ack");
        if (u16(buffer, offset + OFF_LAYOUT_VERSION) != Wire.LAYOUT_VERSION) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "hello-ack layout_version");
        }
        if (u16(buffer, offset + OFF_FLAGS) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "hello-ack flags must be 0");
        }
        this.buffer = buffer;
        this.base = offset;
        return this;
    }

    /** Decodes the hello-ack at the buffer's position (the position is not moved). */
    public static HelloAckView decode(ByteBuffer buffer) {
        return new HelloAckView().wrap(buffer, buffer.position(), buffer.remaining());
    }

    /** Decodes the hello-ack at the start of {@code bytes}. */
    public static HelloAckView decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    public int layoutVersion() {
        return u16(buffer, base + OFF_LAYOUT_VERSION);
    }

    public int flags() {
        return u16(buffer, base + OFF_FLAGS);
    }

    public long serverSupportedProfiles() {
        return u32(buffer, base + OFF_SERVER_SUPPORTED_PROFILES);
    }

    public long intersectionProfiles() {
        return u32(buffer, base + OFF_INTERSECTION_PROFILES);
    }

    public long selectedProfile() {
        return u32(buffer, base + OFF_SELECTED_PROFILE);
    }

    public long agreedMaxRequestPayloadBytes() {
        return u32(buffer, base + OFF_AGREED_MAX_REQUEST_PAYLOAD_BYTES);
    }

    public long agreedMaxRequestBatchItems() {
        return u32(buffer, base + OFF_AGREED_MAX_REQUEST_BATCH_ITEMS);
    }

    public long agreedMaxResponsePayloadBytes() {
        return u32(buffer, base + OFF_AGREED_MAX_RESPONSE_PAYLOAD_BYTES);
    }

    public long agreedMaxResponseBatchItems() {
        return u32(buffer, base + OFF_AGREED_MAX_RESPONSE_BATCH_ITEMS);
    }

    public long agreedPacketSize() {
        return u32(buffer, base + OFF_AGREED_PACKET_SIZE);
    }

    /** Server-assigned session id (unsigned 64-bit, raw bits). */
    public long sessionId() {
        return u64(buffer, base + OFF_SESSION_ID);
    }

    /** Owned copy of every field. */
    public HelloAck toOwned() {
        return new HelloAck(layoutVersion(), flags(), serverSupportedProfiles(), intersectionProfiles(),
                selectedProfile(), agreedMaxRequestPayloadBytes(), agreedMaxRequestBatchItems(),
                agreedMaxResponsePayloadBytes(), agreedMaxResponseBatchItems(), agreedPacketSize(),
                sessionId());
    }
}
