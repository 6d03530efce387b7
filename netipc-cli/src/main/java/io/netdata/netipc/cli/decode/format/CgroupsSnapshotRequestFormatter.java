package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/** A CGROUPS_SNAPSHOT request. Thread-safety: not thread-safe. */
public final class CgroupsSnapshotRequestFormatter implements MessageFormatter {
    private final CgroupsSnapshotRequestView request = new CgroupsSnapshotRequestView();

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        request.wrap(buffer, offset, length);
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        json.writeStartObject();
        json.writeNumberProperty("layout_version", request.layoutVersion());
        json.writeNumberProperty("flags", request.flags());
        json.writeEndObject();
    }
}
