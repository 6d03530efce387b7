package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.ChunkHeaderView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/** The 32-byte chunk continuation header. Thread-safety: not thread-safe. */
public final class ChunkHeaderFormatter implements MessageFormatter {
    private final ChunkHeaderView chunk = new ChunkHeaderView();

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        chunk.wrap(buffer, offset, length);
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        json.writeStartObject();
        json.writeNumberProperty("magic", chunk.magic());
        json.writeNumberProperty("version", chunk.version());
        json.writeNumberProperty("flags", chunk.flags());
        JsonFields.writeU64(json, "message_id", chunk.messageId());
        json.writeNumberProperty("total_message_len", chunk.totalMessageLen());
        json.writeNumberProperty("chunk_index", chunk.chunkIndex());
        json.writeNumberProperty("chunk_count", chunk.chunkCount());
        json.writeNumberProperty("chunk_payload_len", chunk.chunkPayloadLen());
        json.writeEndObject();
    }
}
