package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.BytesView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/**
 * A batch payload (directory plus packed items) of the outer header's item
 * count. Items are opaque bytes, so they are always written as hex strings,
 * whatever the string format. Thread-safety: not thread-safe.
 */
public final class BatchFormatter implements MessageFormatter {
    private final BatchView batch = new BatchView();
    private final BytesView item = new BytesView();
    private final long itemCount;

    /** @param itemCount the outer header's item count (unsigned 32-bit) */
    public BatchFormatter(long itemCount) {
        this.itemCount = itemCount;
    }

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        batch.wrap(buffer, offset, length, itemCount);
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        json.writeStartObject();
        json.writeName("items");
        json.writeStartArray();
        for (int i = 0; i < batch.itemCount(); i++) {
            StringFormat.HEX.writeValue(json, batch.item(i, item));
        }
        json.writeEndArray();
        json.writeNumberProperty("item_count", batch.itemCount());
        json.writeEndObject();
    }
}
