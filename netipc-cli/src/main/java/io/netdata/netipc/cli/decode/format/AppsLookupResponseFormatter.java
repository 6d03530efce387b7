package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/** An APPS_LOOKUP response with every item and label. Thread-safety: not thread-safe. */
public final class AppsLookupResponseFormatter implements MessageFormatter {
    private final AppsLookupResponseView response = new AppsLookupResponseView();
    private final AppsLookupItemView item = new AppsLookupItemView();
    private final LookupLabelView label = new LookupLabelView();

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        response.wrap(buffer, offset, length);
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        write(json, strings, response);
    }

    /** Writes {@code view}, a response decoded elsewhere (the {@code call} command's answer). */
    public void write(JsonGenerator json, StringFormat strings, AppsLookupResponseView view) {
        JsonFields.writeLookupResponse(json, view.generation(), view.itemCount(), i -> {
            view.item(i, item);
            json.writeNumberProperty("status", item.status());
            json.writeNumberProperty("cgroup_status", item.cgroupStatus());
            json.writeNumberProperty("orchestrator", item.orchestrator());
            json.writeNumberProperty("pid", item.pid());
            json.writeNumberProperty("ppid", item.ppid());
            json.writeNumberProperty("uid", item.uid());
            JsonFields.writeU64(json, "starttime", item.starttime());
            strings.writeField(json, "comm", item.comm());
            strings.writeField(json, "cgroup_path", item.cgroupPath());
            strings.writeField(json, "cgroup_name", item.cgroupName());
            JsonFields.writeLabels(json, strings, item.labelCount(), index -> item.label(index, label));
        });
    }
}
