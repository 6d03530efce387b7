package io.netdata.netipc.spring.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationListener;

/** Records the cache events a context publishes. */
class SnapshotEvents implements ApplicationListener<CgroupsSnapshotChangedEvent> {
    final List<CgroupsSnapshotChangedEvent> received = new CopyOnWriteArrayList<>();

    @Override
    public void onApplicationEvent(CgroupsSnapshotChangedEvent event) {
        received.add(event);
    }
}
