package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.MessageHeaderView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/** The 32-byte outer message header. Thread-safety: not thread-safe. */
public final class HeaderFormatter implements MessageFormatter {
    private final MessageHeaderView header = new MessageHeaderView();

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        header.wrap(buffer, offset, length);
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        json.writeStartObject();
        json.writeNumberProperty("magic", header.magic());
        json.writeNumberProperty("version", header.version());
        json.writeNumberProperty("header_len", header.headerLen());
        json.writeNumberProperty("kind", header.kind());
        json.writeNumberProperty("flags", header.flags());
        json.writeNumberProperty("code", header.code());
        json.writeNumberProperty("transport_status", header.transportStatus());
        json.writeNumberProperty("payload_len", header.payloadLen());
        json.writeNumberProperty("item_count", header.itemCount());
        JsonFields.writeU64(json, "message_id", header.messageId());
        json.writeEndObject();
    }
}
