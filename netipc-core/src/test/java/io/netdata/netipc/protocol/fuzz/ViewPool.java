package io.netdata.netipc.protocol.fuzz;

import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.ChunkHeaderView;
import io.netdata.netipc.protocol.HelloAckView;
import io.netdata.netipc.protocol.HelloView;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.StringReverseView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import java.util.function.Supplier;

/**
 * Supplies the view objects a walk wraps. A {@linkplain #fresh() fresh} pool
 * hands out new objects every time; the {@linkplain #reused() re-used} pool
 * (one per thread) hands out the same objects for the whole fuzzing session,
 * so they are re-wrapped after earlier inputs, including ones whose wrap
 * failed half-way. The views document this allocation-free re-use as
 * supported, so both pools must yield the same outcome for the same bytes.
 *
 * <p>Each purpose has its own object, because walks nest (a batch item of a
 * message is walked as a lookup request, whose paths need a second
 * {@link BytesView}).
 */
final class ViewPool {
    private static final ThreadLocal<ViewPool> REUSED = ThreadLocal.withInitial(() -> new ViewPool(true));

    private final boolean reuse;

    private final Slot<MessageHeaderView> messageHeader = new Slot<>(MessageHeaderView::new);
    private final Slot<ChunkHeaderView> chunkHeader = new Slot<>(ChunkHeaderView::new);
    private final Slot<HelloView> hello = new Slot<>(HelloView::new);
    private final Slot<HelloAckView> helloAck = new Slot<>(HelloAckView::new);
    private final Slot<StringReverseView> stringReverse = new Slot<>(StringReverseView::new);
    private final Slot<BatchView> batch = new Slot<>(BatchView::new);
    private final Slot<BytesView> batchItem = new Slot<>(BytesView::new);
    private final Slot<BytesView> lookupPath = new Slot<>(BytesView::new);
    private final Slot<CgroupsSnapshotRequestView> snapshotRequest = new Slot<>(CgroupsSnapshotRequestView::new);
    private final Slot<CgroupsSnapshotResponseView> snapshotResponse = new Slot<>(CgroupsSnapshotResponseView::new);
    private final Slot<CgroupsSnapshotItemView> snapshotItem = new Slot<>(CgroupsSnapshotItemView::new);
    private final Slot<CgroupsLookupRequestView> cgroupsLookupRequest = new Slot<>(CgroupsLookupRequestView::new);
    private final Slot<CgroupsLookupResponseView> cgroupsLookupResponse = new Slot<>(CgroupsLookupResponseView::new);
    private final Slot<CgroupsLookupItemView> cgroupsLookupItem = new Slot<>(CgroupsLookupItemView::new);
    private final Slot<AppsLookupRequestView> appsLookupRequest = new Slot<>(AppsLookupRequestView::new);
    private final Slot<AppsLookupResponseView> appsLookupResponse = new Slot<>(AppsLookupResponseView::new);
    private final Slot<AppsLookupItemView> appsLookupItem = new Slot<>(AppsLookupItemView::new);
    private final Slot<LookupLabelView> label = new Slot<>(LookupLabelView::new);

    private ViewPool(boolean reuse) {
        this.reuse = reuse;
    }

    static ViewPool fresh() {
        return new ViewPool(false);
    }

    static ViewPool reused() {
        return REUSED.get();
    }

    static ViewPool forPlacement(Placement placement) {
        return placement.reusesViews ? reused() : fresh();
    }

    MessageHeaderView messageHeader() {
        return messageHeader.get();
    }

    ChunkHeaderView chunkHeader() {
        return chunkHeader.get();
    }

    HelloView hello() {
        return hello.get();
    }

    HelloAckView helloAck() {
        return helloAck.get();
    }

    StringReverseView stringReverse() {
        return stringReverse.get();
    }

    BatchView batch() {
        return batch.get();
    }

    BytesView batchItem() {
        return batchItem.get();
    }

    BytesView lookupPath() {
        return lookupPath.get();
    }

    CgroupsSnapshotRequestView snapshotRequest() {
        return snapshotRequest.get();
    }

    CgroupsSnapshotResponseView snapshotResponse() {
        return snapshotResponse.get();
    }

    CgroupsSnapshotItemView snapshotItem() {
        return snapshotItem.get();
    }

    CgroupsLookupRequestView cgroupsLookupRequest() {
        return cgroupsLookupRequest.get();
    }

    CgroupsLookupResponseView cgroupsLookupResponse() {
        return cgroupsLookupResponse.get();
    }

    CgroupsLookupItemView cgroupsLookupItem() {
        return cgroupsLookupItem.get();
    }

    AppsLookupRequestView appsLookupRequest() {
        return appsLookupRequest.get();
    }

    AppsLookupResponseView appsLookupResponse() {
        return appsLookupResponse.get();
    }

    AppsLookupItemView appsLookupItem() {
        return appsLookupItem.get();
    }

    LookupLabelView label() {
        return label.get();
    }

    private final class Slot<T> {
        private final Supplier<T> factory;
        private T instance;

        Slot(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            if (!reuse) {
                return factory.get();
            }
            if (instance == null) {
                instance = factory.get();
            }
            return instance;
        }
    }
}
