package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.lookup.LookupFixtures.appsResponse;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.cgroupsRequest;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.cgroupsResponse;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.knownCgroup;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.knownProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.IncrementCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Round trips at counts far above the seeded property cases: thousands of
 * lookup keys and items, hundreds of labels on one item, hundreds of batch
 * items. Directory loops, label tables and compaction must hold at scale.
 */
class LargeCountRoundTripTest {
    private static final int ITEMS = 2_000;
    private static final int LABELS = 400;
    private static final int BATCH_ITEMS = 500;

    private static String path(int index) {
        return "/sys/fs/cgroup/system.slice/unit-" + index + ".service";
    }

    @Test
    void cgroupsLookupRequestOfThousandsOfPaths() {
        List<ByteString> paths = IntStream.range(0, ITEMS).mapToObj(i -> ByteString.utf8(path(i))).toList();

        assertThat(CgroupsLookupRequestView.decode(cgroupsRequest(paths)).toOwned()).isEqualTo(paths);
    }

    @Test
    void appsLookupRequestOfThousandsOfPids() {
        long[] pids = LongStream.range(0, ITEMS).map(pid -> pid * 7919 % 4_294_967_296L).toArray();

        assertThat(AppsLookupRequestView.decode(AppsLookupRequestEncoder.encode(pids)).toOwned()).isEqualTo(pids);
    }

    @Test
    void cgroupsLookupResponseOfThousandsOfItems() {
        List<CgroupsLookupItem> items = IntStream.range(0, ITEMS)
                .mapToObj(i -> knownCgroup(path(i), "unit-" + i, List.of(LookupLabel.of("index", Integer.toString(i)))))
                .toList();

        CgroupsLookupResponse decoded = CgroupsLookupResponseView.decode(cgroupsResponse(7, items)).toOwned();

        assertThat(decoded.items()).isEqualTo(items);
        assertThat(decoded.generation()).isEqualTo(7);
    }

    @Test
    void appsLookupItemWithHundredsOfLabels() {
        List<LookupLabel> labels = new ArrayList<>();
        for (int i = 0; i < LABELS; i++) {
            labels.add(LookupLabel.of("label-" + i, i % 2 == 0 ? "" : "value-" + i));
        }
        List<AppsLookupItem> items = List.of(knownProcess("nginx", path(1), "web", labels),
                knownProcess("bash", path(2), "", List.of()));

        assertThat(AppsLookupResponseView.decode(appsResponse(9, items)).toOwned().items()).isEqualTo(items);
    }

    @Test
    void batchOfHundredsOfItems() {
        int capacity = BATCH_ITEMS * (2 * IncrementCodec.SIZE);
        ByteBuffer buffer = ByteBuffer.allocate(capacity);
        BatchBuilder builder = new BatchBuilder().reset(buffer, 0, capacity, BATCH_ITEMS);
        for (int i = 0; i < BATCH_ITEMS; i++) {
            builder.add(IncrementCodec.encode(i));
        }
        byte[] payload = new byte[builder.finish()];
        buffer.get(0, payload);

        BatchView batch = BatchView.decode(payload, BATCH_ITEMS);
        long[] values = IntStream.range(0, BATCH_ITEMS)
                .mapToLong(i -> IncrementCodec.decode(batch.item(i).toByteArray())).toArray();
        assertThat(values).containsExactly(LongStream.range(0, BATCH_ITEMS).toArray());
    }
}
