package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;
import static io.netdata.netipc.protocol.internal.NativeBytes.u64;

import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Zero-copy view of the 32-byte chunk continuation header.
 *
 * <p>{@link #wrap} validates what a continuation header can say about itself:
 * magic, version, zero flags and a non-zero chunk payload length. Consistency
 * with the message being reassembled (message id, index, count, total length)
 * is checked by the transport, which knows that message.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral, like {@link MessageHeaderView}.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class ChunkHeaderView {
    /** Encoded size. */
    public static final int SIZE = Wire.HEADER_LEN;

    static final int OFF_MAGIC = 0;
    static final int OFF_VERSION = 4;
    static final int OFF_FLAGS = 6;
    static final int OFF_MESSAGE_ID = 8;
    static final int OFF_TOTAL_MESSAGE_LEN = 16;
    static final int OFF_CHUNK_INDEX = 20;
    static final int OFF_CHUNK_COUNT = 24;
    static final int OFF_CHUNK_PAYLOAD_LEN = 28;

    private ByteBuffer buffer;
    private int base;

    /**
     * Validates and wraps the chunk header at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED, BAD_MAGIC, BAD_VERSION or BAD_LAYOUT
     */
    public ChunkHeaderView wrap(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        Checks.requireLength(length, SIZE, "chunk header");
        if (u32(buffer, offset + OFF_MAGIC) != Wire.MAGIC_CHUNK) {
            throw Checks.fail(CodecError.BAD_MAGIC, "chunk header magic");
        }
        if (u16(buffer, offset + OFF_VERSION) != Wire.VERSION) {
            throw Checks.fail(CodecError.BAD_VERSION, "chunk header version");
        }
        if (u16(buffer, offset + OFF_FLAGS) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "chunk header flags must be 0");
        }
        if (u32(buffer, offset + OFF_CHUNK_PAYLOAD_LEN) == 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "chunk_payload_len must be > 0");
        }
        this.buffer = buffer;
        this.base = offset;
        return this;
    }

    /** Decodes the chunk header at the buffer's position (the position is not moved). */
    public static ChunkHeaderView decode(ByteBuffer buffer) {
        return new ChunkHeaderView().wrap(buffer, buffer.position(), buffer.remaining());
    }

    /** Decodes the chunk header at the start of {@code bytes}. */
    public static ChunkHeaderView decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    public long magic() {
        return u32(buffer, base + OFF_MAGIC);
    }

    public int version() {
        return u16(buffer, base + OFF_VERSION);
    }

    public int flags() {
        return u16(buffer, base + OFF_FLAGS);
    }

    /** Id of the message this chunk belongs to (unsigned 64-bit, raw bits). */
    public long messageId() {
        return u64(buffer, base + OFF_MESSAGE_ID);
    }

    /** Size of the whole original message, header included (unsigned 32-bit). */
    public long totalMessageLen() {
        return u32(buffer, base + OFF_TOTAL_MESSAGE_LEN);
    }

    /** Zero-based chunk index (unsigned 32-bit). */
    public long chunkIndex() {
        return u32(buffer, base + OFF_CHUNK_INDEX);
    }

    /** Number of chunks of the message (unsigned 32-bit). */
    public long chunkCount() {
        return u32(buffer, base + OFF_CHUNK_COUNT);
    }

    /** Payload bytes in this chunk (unsigned 32-bit, never 0 after a successful wrap). */
    public long chunkPayloadLen() {
        return u32(buffer, base + OFF_CHUNK_PAYLOAD_LEN);
    }

    /** Owned copy of every field. */
    public ChunkHeader toOwned() {
        return new ChunkHeader(magic(), version(), flags(), messageId(), totalMessageLen(), chunkIndex(),
                chunkCount(), chunkPayloadLen());
    }
}
