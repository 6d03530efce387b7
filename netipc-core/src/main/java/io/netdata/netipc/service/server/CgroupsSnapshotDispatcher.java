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
        int room = CgroupsSnapshotResponseBuilder.estimateMaxItems(capacity);
        // A hint larger than the room would put the directory past the response: never more than fits.
        int maxItems = maxItemsHint != 0 ? Math.min(maxItemsHint, room) : room;
        builder.reset(response, responseOffset, capacity, maxItems, 0, 0);
        try {
            handler.handle(view, builder);
        } catch (Throwable e) {
            // Errors too: the client is answered, as DispatchFailure.fromHandler explains.
            throw DispatchFailure.fromHandler(e);
        }
        if (builder.overflowed()) {
            // The handler caught the builder's OVERFLOW and went on: the snapshot lacks items.
            throw DispatchFailure.tooLarge("the handler went on after the snapshot ran out of room");
        }
        try {
            return builder.finish();
        } catch (CodecException e) {
            throw DispatchFailure.tooLarge(e.getMessage(), e);
        }
    }
}
