package io.netdata.netipc.service.server;

import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import java.nio.ByteBuffer;

/**
 * CGROUPS_SNAPSHOT: the handler fills a builder over the response buffer,
 * whose directory holds the configured number of items, or as many as the
 * space could (the reference's derivation when no hint is given).
 * Thread-safety: per session.
 */
final class CgroupsSnapshotDispatcher implements RequestDispatcher {
    private final CgroupsSnapshotHandler handler;
    private final int maxItemsHint;
    private final CgroupsSnapshotRequestView view = new CgroupsSnapshotRequestView();
    private final CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder();

    /** @param maxItemsHint items a response may hold; 0 to derive from each response's room */
    CgroupsSnapshotDispatcher(CgroupsSnapshotHandler handler, int maxItemsHint) {
        this.handler = handler;
        this.maxItemsHint = maxItemsHint;
    }

    @Override
    public int dispatch(ByteBuffer request, int offset, int length, ByteBuffer response, int responseOffset,
            int capacity) throws DispatchFailure {
        try {
            view.wrap(request, offset, length);
        } catch (CodecException e) {
            throw DispatchFailure.badRequest(e);
        }
        int maxItems = maxItemsHint != 0 ? maxItemsHint : CgroupsSnapshotResponseBuilder.estimateMaxItems(capacity);
        builder.reset(response, responseOffset, capacity, maxItems, 0, 0);
        try {
            handler.handle(view, builder);
            return builder.finish();
        } catch (Exception e) {
            throw DispatchFailure.fromHandler(e);
        }
    }
}
