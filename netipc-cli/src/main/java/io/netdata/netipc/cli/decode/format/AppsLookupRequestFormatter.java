package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/** An APPS_LOOKUP request: its PIDs under {@code pids}. Thread-safety: not thread-safe. */
public final class AppsLookupRequestFormatter implements MessageFormatter {
    private final AppsLookupRequestView request = new AppsLookupRequestView();

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        request.wrap(buffer, offset, length);
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        json.writeStartObject();
        json.writeName("pids");
        json.writeStartArray();
        for (int i = 0; i < request.itemCount(); i++) {
            json.writeNumber(request.pid(i));
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
