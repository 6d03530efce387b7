package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;
import static io.netdata.netipc.protocol.internal.NativeBytes.u64;

import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Zero-copy view of the 32-byte outer message header.
 *
 * <p>{@link #wrap} validates magic, version, header length and kind (the checks
 * every receiver applies before it looks at limits). Directional limits are the
 * transport's business.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral: the view reads the wrapped buffer
 * on every accessor call and is valid only while that buffer is alive and
 * unchanged. Call {@link #toOwned()} to keep the values. The view object may be
 * re-used by wrapping another buffer (allocation-free decoding).
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class MessageHeaderView {
    /** Encoded size. */
    public static final int SIZE = Wire.HEADER_LEN;

    /** Field offsets within the header, for code that must inspect a header {@link #wrap} rejected. */
    public static final int OFF_MAGIC = 0;
    public static final int OFF_VERSION = 4;
    public static final int OFF_HEADER_LEN = 6;
    public static final int OFF_KIND = 8;
    public static final int OFF_FLAGS = 10;
    public static final int OFF_CODE = 12;
    public static final int OFF_TRANSPORT_STATUS = 14;
    public static final int OFF_PAYLOAD_LEN = 16;
    public static final int OFF_ITEM_COUNT = 20;
    public static final int OFF_MESSAGE_ID = 24;

    private ByteBuffer buffer;
    private int base;

    /**
     * Validates and wraps the header at {@code [offset, offset + length)}. Bytes
     * after the first 32 are ignored.
     *
     * @throws CodecException TRUNCATED, BAD_MAGIC, BAD_VERSION, BAD_HEADER_LEN or BAD_KIND
     */
    public MessageHeaderView wrap(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        Checks.requireLength(length, SIZE, "message header");
        if (u32(buffer, offset + OFF_MAGIC) != Wire.MAGIC_MSG) {
            throw Checks.fail(CodecError.BAD_MAGIC, "message header magic");
        }
        if (u16(buffer, offset + OFF_VERSION) != Wire.VERSION) {
            throw Checks.fail(CodecError.BAD_VERSION, "message header version");
        }
        if (u16(buffer, offset + OFF_HEADER_LEN) != Wire.HEADER_LEN) {
            throw Checks.fail(CodecError.BAD_HEADER_LEN, "message header_len");
        }
        int kind = u16(buffer, offset + OFF_KIND);
        if (kind < Wire.KIND_REQUEST || kind > Wire.KIND_CONTROL) {
            throw Checks.fail(CodecError.BAD_KIND, "message kind " + kind);
        }
        this.buffer = buffer;
        this.base = offset;
        return this;
    }

    /** Decodes the header at the buffer's position (the position is not moved). */
    public static MessageHeaderView decode(ByteBuffer buffer) {
        return new MessageHeaderView().wrap(buffer, buffer.position(), buffer.remaining());
    }

    /** Decodes the header at the start of {@code bytes}. */
    public static MessageHeaderView decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    public long magic() {
        return u32(buffer, base + OFF_MAGIC);
    }

    public int version() {
        return u16(buffer, base + OFF_VERSION);
    }

    public int headerLen() {
        return u16(buffer, base + OFF_HEADER_LEN);
    }

    /** One of {@link Wire#KIND_REQUEST}, {@link Wire#KIND_RESPONSE}, {@link Wire#KIND_CONTROL}. */
    public int kind() {
        return u16(buffer, base + OFF_KIND);
    }

    public int flags() {
        return u16(buffer, base + OFF_FLAGS);
    }

    /** True when {@link Wire#FLAG_BATCH} is set. */
    public boolean isBatch() {
        return (flags() & Wire.FLAG_BATCH) != 0;
    }

    /** Method code or control opcode. */
    public int code() {
        return u16(buffer, base + OFF_CODE);
    }

    /** Raw transport status; see {@link TransportStatus#fromCode(int)}. */
    public int transportStatus() {
        return u16(buffer, base + OFF_TRANSPORT_STATUS);
    }

    /** Payload bytes after the header (unsigned 32-bit). */
    public long payloadLen() {
        return u32(buffer, base + OFF_PAYLOAD_LEN);
    }

    /** 1 for a single message, N for a batch (unsigned 32-bit). */
    public long itemCount() {
        return u32(buffer, base + OFF_ITEM_COUNT);
    }

    /** Correlation id (unsigned 64-bit, raw bits). */
    public long messageId() {
        return u64(buffer, base + OFF_MESSAGE_ID);
    }

    /** Owned copy of every field. */
    public MessageHeader toOwned() {
        return new MessageHeader(magic(), version(), headerLen(), kind(), flags(), code(),
                transportStatus(), payloadLen(), itemCount(), messageId());
    }
}
