package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/** A CGROUPS_LOOKUP response with every item and label. Thread-safety: not thread-safe. */
public final class CgroupsLookupResponseFormatter implements MessageFormatter {
    private final CgroupsLookupResponseView response = new CgroupsLookupResponseView();
    private final CgroupsLookupItemView item = new CgroupsLookupItemView();
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
    public void write(JsonGenerator json, StringFormat strings, CgroupsLookupResponseView view) {
        JsonFields.writeLookupResponse(json, view.generation(), view.itemCount(), i -> {
            view.item(i, item);
            json.writeNumberProperty("status", item.status());
            json.writeNumberProperty("orchestrator", item.orchestrator());
            strings.writeField(json, "path", item.path());
            strings.writeField(json, "name", item.name());
            JsonFields.writeLabels(json, strings, item.labelCount(), index -> item.label(index, label));
        });
    }
}
