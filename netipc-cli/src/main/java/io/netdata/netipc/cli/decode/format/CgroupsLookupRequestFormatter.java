package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/**
 * A CGROUPS_LOOKUP request. Its paths are written as a plain list under
 * {@code paths} in both string formats (hex or text values), as in the manifest.
 * Thread-safety: not thread-safe.
 */
public final class CgroupsLookupRequestFormatter implements MessageFormatter {
    private final CgroupsLookupRequestView request = new CgroupsLookupRequestView();
    private final BytesView path = new BytesView();

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        request.wrap(buffer, offset, length);
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        json.writeStartObject();
        json.writeName("paths");
        json.writeStartArray();
        for (int i = 0; i < request.itemCount(); i++) {
            strings.writeValue(json, request.path(i, path));
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
