package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.StringReverseView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/** A STRING_REVERSE request or response. Thread-safety: not thread-safe. */
public final class StringReverseFormatter implements MessageFormatter {
    private final StringReverseView message = new StringReverseView();

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        message.wrap(buffer, offset, length);
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        json.writeStartObject();
        strings.writeField(json, "string", message.string());
        json.writeEndObject();
    }
}
