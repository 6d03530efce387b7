package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.IncrementCodec;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/** An INCREMENT request or response. Thread-safety: not thread-safe. */
public final class IncrementFormatter implements MessageFormatter {
    private long value;

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        value = IncrementCodec.decode(buffer, offset, length);
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        json.writeStartObject();
        JsonFields.writeU64(json, "value", value);
        json.writeEndObject();
    }
}
