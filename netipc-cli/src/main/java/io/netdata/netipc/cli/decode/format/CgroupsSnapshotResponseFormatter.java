package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/**
 * A CGROUPS_SNAPSHOT response; decoding also validates every item, which the
 * snapshot view itself only does on access. Thread-safety: not thread-safe.
 */
public final class CgroupsSnapshotResponseFormatter implements MessageFormatter {
    private final CgroupsSnapshotResponseView snapshot = new CgroupsSnapshotResponseView();
    private final CgroupsSnapshotItemView item = new CgroupsSnapshotItemView();

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        snapshot.wrap(buffer, offset, length);
        for (int i = 0; i < snapshot.itemCount(); i++) {
            snapshot.item(i, item);
        }
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        write(json, strings, snapshot);
    }

    /** Writes {@code view}, a response decoded elsewhere (the {@code call} command's answer). */
    public void write(JsonGenerator json, StringFormat strings, CgroupsSnapshotResponseView view) {
        json.writeStartObject();
        json.writeNumberProperty("layout_version", view.layoutVersion());
        json.writeNumberProperty("systemd_enabled", view.systemdEnabled());
        JsonFields.writeU64(json, "generation", view.generation());
        json.writeName("items");
        json.writeStartArray();
        for (int i = 0; i < view.itemCount(); i++) {
            view.item(i, item);
            json.writeStartObject();
            json.writeNumberProperty("hash", item.hash());
            json.writeNumberProperty("options", item.options());
            json.writeNumberProperty("enabled", item.enabled());
            strings.writeField(json, "name", item.name());
            strings.writeField(json, "path", item.path());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
