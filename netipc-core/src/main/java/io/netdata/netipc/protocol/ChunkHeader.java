package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU16;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU64;

import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Owned chunk continuation header. Unsigned 32-bit fields are {@code long}s in
 * {@code [0, 2^32)}; {@code messageId} is an unsigned 64-bit value in raw bits.
 *
 * <p>Thread-safety: immutable.
 */
public record ChunkHeader(long magic, int version, int flags, long messageId, long totalMessageLen,
        long chunkIndex, long chunkCount, long chunkPayloadLen) {

    public ChunkHeader {
        Checks.checkU32(magic, "magic");
        Checks.checkU16(version, "version");
        Checks.checkU16(flags, "flags");
        Checks.checkU32(totalMessageLen, "total_message_len");
        Checks.checkU32(chunkIndex, "chunk_index");
        Checks.checkU32(chunkCount, "chunk_count");
        Checks.checkU32(chunkPayloadLen, "chunk_payload_len");
    }

    /** A continuation header with the standard magic, version and zero flags. */
    public static ChunkHeader of(long messageId, long totalMessageLen, long chunkIndex, long chunkCount,
            long chunkPayloadLen) {
        return new ChunkHeader(Wire.MAGIC_CHUNK, Wire.VERSION, 0, messageId, totalMessageLen, chunkIndex,
                chunkCount, chunkPayloadLen);
    }

    /**
     * Writes the 32 header bytes at absolute index {@code offset}.
     *
     * @return the number of bytes written, {@link ChunkHeaderView#SIZE}
     */
    public int encodeTo(ByteBuffer buffer, int offset) {
        Checks.checkRegion(buffer, offset, ChunkHeaderView.SIZE);
        putU32(buffer, offset + ChunkHeaderView.OFF_MAGIC, magic);
        putU16(buffer, offset + ChunkHeaderView.OFF_VERSION, version);
        putU16(buffer, offset + ChunkHeaderView.OFF_FLAGS, flags);
        putU64(buffer, offset + ChunkHeaderView.OFF_MESSAGE_ID, messageId);
        putU32(buffer, offset + ChunkHeaderView.OFF_TOTAL_MESSAGE_LEN, totalMessageLen);
        putU32(buffer, offset + ChunkHeaderView.OFF_CHUNK_INDEX, chunkIndex);
        putU32(buffer, offset + ChunkHeaderView.OFF_CHUNK_COUNT, chunkCount);
        putU32(buffer, offset + ChunkHeaderView.OFF_CHUNK_PAYLOAD_LEN, chunkPayloadLen);
        return ChunkHeaderView.SIZE;
    }

    /**
     * Writes a standard continuation header (magic, version, zero flags) without
     * creating a record, for senders that must not allocate per chunk.
     *
     * @return {@link ChunkHeaderView#SIZE}
     * @throws IllegalArgumentException for a value outside its wire field's range
     */
    public static int encode(ByteBuffer buffer, int offset, long messageId, long totalMessageLen, long chunkIndex,
            long chunkCount, long chunkPayloadLen) {
        Checks.checkRegion(buffer, offset, ChunkHeaderView.SIZE);
        putU32(buffer, offset + ChunkHeaderView.OFF_MAGIC, Wire.MAGIC_CHUNK);
        putU16(buffer, offset + ChunkHeaderView.OFF_VERSION, Wire.VERSION);
        putU16(buffer, offset + ChunkHeaderView.OFF_FLAGS, 0);
        putU64(buffer, offset + ChunkHeaderView.OFF_MESSAGE_ID, messageId);
        putU32(buffer, offset + ChunkHeaderView.OFF_TOTAL_MESSAGE_LEN,
                Checks.checkU32(totalMessageLen, "total_message_len"));
        putU32(buffer, offset + ChunkHeaderView.OFF_CHUNK_INDEX, Checks.checkU32(chunkIndex, "chunk_index"));
        putU32(buffer, offset + ChunkHeaderView.OFF_CHUNK_COUNT, Checks.checkU32(chunkCount, "chunk_count"));
        putU32(buffer, offset + ChunkHeaderView.OFF_CHUNK_PAYLOAD_LEN,
                Checks.checkU32(chunkPayloadLen, "chunk_payload_len"));
        return ChunkHeaderView.SIZE;
    }

    /** The encoded bytes. */
    public byte[] toBytes() {
        byte[] bytes = new byte[ChunkHeaderView.SIZE];
        encodeTo(ByteBuffer.wrap(bytes), 0);
        return bytes;
    }
}
