package io.netdata.netipc.bench.jmh;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Codec micro-benchmarks: build and decode of the messages the hot paths
 * carry, a snapshot of 1,000 items, and a batch of 100 increments.
 *
 * <p>Run: {@code java -cp benchmarks/target/bench_posix.jar org.openjdk.jmh.Main CodecBenchmarks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmarks {
    private static final int SNAPSHOT_ITEMS = 1000;
    private static final int LOOKUP_ITEMS = 16;
    static final int BATCH_ITEMS = 100;
    private static final int BUFFER_BYTES = 1 << 20;
    /** The POSIX driver's snapshot: the reference's 16 items in a response of up to 64 KiB. */
    static final int BENCH_ITEMS = 16;
    private static final int BENCH_RESPONSE_BYTES = 65_536;
    private static final long BENCH_FIRST_HASH = 1000;
    /** The value the increment benchmarks encode and decode. */
    static final long INCREMENT_VALUE = 41;

    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer snapshot = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer lookupRequest = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer lookupResponse = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer batch = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteString[] names = new ByteString[SNAPSHOT_ITEMS];
    private final ByteString[] paths = new ByteString[SNAPSHOT_ITEMS];
    final List<ByteString> lookupPaths = new ArrayList<>();
    private final List<LookupLabel> labels = List.of(new LookupLabel(ByteString.utf8("namespace"),
            ByteString.utf8("bench")));
    private final CgroupsSnapshotResponseBuilder snapshotBuilder = new CgroupsSnapshotResponseBuilder();
    private final CgroupsSnapshotResponseView snapshotView = new CgroupsSnapshotResponseView();
    private final CgroupsSnapshotItemView snapshotItem = new CgroupsSnapshotItemView();
    private final CgroupsLookupRequestView requestView = new CgroupsLookupRequestView();
    private final CgroupsLookupResponseBuilder lookupBuilder = new CgroupsLookupResponseBuilder();
    private final CgroupsLookupResponseView lookupView = new CgroupsLookupResponseView();
    private final CgroupsLookupItemView lookupItem = new CgroupsLookupItemView();
    private final BatchBuilder batchBuilder = new BatchBuilder();
    private final BatchView batchView = new BatchView();
    private final byte[] increment = new byte[IncrementCodec.SIZE];
    private final ByteBuffer incrementPayload = ByteBuffer.allocate(IncrementCodec.SIZE);
    private final ByteString[] benchNames = new ByteString[BENCH_ITEMS];
    private final ByteString[] benchPaths = new ByteString[BENCH_ITEMS];
    private final ByteBuffer benchResponse = ByteBuffer.allocate(BENCH_RESPONSE_BYTES);
    /** What a Level 2 client reads: its private, read-only copy of the response. */
    private ByteBuffer benchReceived;
    private int benchLength;
    private int snapshotLength;
    private int requestLength;
    private int responseLength;
    private int batchLength;

    @Setup
    public void setUp() {
        for (int i = 0; i < SNAPSHOT_ITEMS; i++) {
            names[i] = ByteString.utf8("cgroup-" + i);
            paths[i] = ByteString.utf8("/sys/fs/cgroup/system.slice/service-" + i + ".service");
        }
        for (int i = 0; i < LOOKUP_ITEMS; i++) {
            lookupPaths.add(paths[i]);
        }
        for (int i = 0; i < BENCH_ITEMS; i++) {
            benchNames[i] = ByteString.utf8("cgroup-" + i);
            benchPaths[i] = ByteString.utf8("/sys/fs/cgroup/bench/cg-" + i);
        }
        benchLength = buildBenchSnapshot();
        benchReceived = ByteBuffer.allocate(benchLength).put(0, benchResponse, 0, benchLength).asReadOnlyBuffer();
        snapshotLength = buildSnapshot();
        requestLength = CgroupsLookupRequestEncoder.encode(lookupPaths, lookupRequest, 0, lookupRequest.capacity());
        responseLength = buildLookupResponse();
        batchLength = buildBatch();
        IncrementCodec.encode(INCREMENT_VALUE, incrementPayload, 0);
    }

    @Benchmark
    public int buildSnapshot() {
        snapshotBuilder.reset(snapshot, 0, snapshot.capacity(), SNAPSHOT_ITEMS, 1, 1);
        for (int i = 0; i < SNAPSHOT_ITEMS; i++) {
            snapshotBuilder.add(SimpleHash.of(names[i]), 0, 1, names[i], paths[i]);
        }
        return snapshotBuilder.finish();
    }

    @Benchmark
    public void decodeSnapshot(Blackhole hole) {
        snapshotView.wrap(snapshot, 0, snapshotLength);
        for (int i = 0; i < snapshotView.itemCount(); i++) {
            hole.consume(snapshotView.item(i, snapshotItem).hash());
        }
    }

    /**
     * The POSIX driver's snapshot server per request: its 16 items into a response with
     * room for 64 KiB, the directory sized for the 16 items it declares
     * ({@code snapshotMaxItems}), as its managed server does.
     */
    @Benchmark
    public int buildBenchSnapshot() {
        snapshotBuilder.reset(benchResponse, 0, BENCH_RESPONSE_BYTES, BENCH_ITEMS, 1, 1);
        for (int i = 0; i < BENCH_ITEMS; i++) {
            snapshotBuilder.add(BENCH_FIRST_HASH + i, 0, i % 2, benchNames[i], benchPaths[i]);
        }
        return snapshotBuilder.finish();
    }

    /**
     * The POSIX driver's snapshot client per call, after the transport: the client's
     * read (every item checked once), then the driver's field-by-field check of the 16 items.
     */
    @Benchmark
    public int readBenchSnapshot() {
        snapshotView.wrap(benchReceived, 0, benchLength).checkItems();
        int matching = 0;
        for (int i = 0; i < BENCH_ITEMS; i++) {
            snapshotView.item(i, snapshotItem);
            if (snapshotItem.hash() == BENCH_FIRST_HASH + i && snapshotItem.enabled() == i % 2
                    && snapshotItem.name().contentEquals(benchNames[i])
                    && snapshotItem.path().contentEquals(benchPaths[i])) {
                matching++;
            }
        }
        return matching;
    }

    @Benchmark
    public int encodeLookupRequest() {
        return CgroupsLookupRequestEncoder.encode(lookupPaths, buffer, 0, buffer.capacity());
    }

    @Benchmark
    public int buildLookupResponse() {
        requestView.wrap(lookupRequest, 0, requestLength);
        // As a managed server builds it: the payload-exceeded costs installed for the request.
        lookupBuilder.reset(lookupResponse, 0, lookupResponse.capacity(), requestView.itemCount(), 1)
                .setPayloadExceededSuffixBytes(CgroupsLookupResponseBuilder.payloadExceededSuffixBytes(requestView));
        for (int i = 0; i < requestView.itemCount(); i++) {
            lookupBuilder.addRequestItem(requestView, i, CgroupLookupStatus.KNOWN, Orchestrator.K8S, names[i],
                    labels);
        }
        return lookupBuilder.finish();
    }

    @Benchmark
    public void decodeLookupResponse(Blackhole hole) {
        lookupView.wrap(lookupResponse, 0, responseLength);
        for (int i = 0; i < lookupView.itemCount(); i++) {
            hole.consume(lookupView.item(i, lookupItem).status());
        }
    }

    @Benchmark
    public int buildBatch() {
        batchBuilder.reset(batch, 0, batch.capacity(), BATCH_ITEMS);
        ByteBuffer item = ByteBuffer.wrap(increment);
        for (int i = 0; i < BATCH_ITEMS; i++) {
            IncrementCodec.encode(i, item, 0);
            batchBuilder.add(increment);
        }
        return batchBuilder.finish();
    }

    @Benchmark
    public long decodeBatch() {
        batchView.wrap(batch, 0, batchLength, BATCH_ITEMS);
        long sum = 0;
        for (int i = 0; i < BATCH_ITEMS; i++) {
            sum += IncrementCodec.decode(batch, batchView.itemOffset(i), batchView.itemLength(i));
        }
        return sum;
    }

    @Benchmark
    public int encodeIncrement() {
        return IncrementCodec.encode(INCREMENT_VALUE, buffer, 0);
    }

    @Benchmark
    public long decodeIncrement() {
        return IncrementCodec.decode(incrementPayload, 0, IncrementCodec.SIZE);
    }
}
