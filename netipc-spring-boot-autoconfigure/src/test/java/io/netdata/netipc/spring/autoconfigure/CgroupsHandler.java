package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.service.server.CgroupsSnapshotHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cgroups snapshot of {@link #NAMES} at {@link #generation}, exported as service {@code cgroups}
 * by the tests' contexts. While {@link #holding} it answers only after {@link #release()}, so that
 * a refresh outlasts its timeout without any timing.
 */
@NetIpcHandler(service = "cgroups")
class CgroupsHandler implements CgroupsSnapshotHandler {
    static final String[] NAMES = {"system.slice_a", "docker_b", "k8s_c"};

    final AtomicLong generation = new AtomicLong(1);
    volatile boolean holding;
    private final CountDownLatch released = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

    /** Requests held so far. */
    int held() {
        return held.get();
    }

    @Override
    public void handle(CgroupsSnapshotRequestView request, CgroupsSnapshotResponseBuilder response)
            throws InterruptedException {
        if (holding) {
            held.incrementAndGet();
            released.await(Await.BOUND.toNanos(), TimeUnit.NANOSECONDS);
        }
        response.setHeader(1, generation.get());
        for (String name : NAMES) {
            response.add(SimpleHash.of(name), 0, 1, ByteString.utf8(name), ByteString.utf8("/" + name));
        }
    }

    /** Lets every held request go on, and the next ones through. */
    void release() {
        holding = false;
        released.countDown();
    }
}
