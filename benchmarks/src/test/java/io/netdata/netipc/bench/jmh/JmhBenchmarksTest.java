package io.netdata.netipc.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ChunkHeaderView;
import io.netdata.netipc.protocol.HelloAckView;
import io.netdata.netipc.protocol.HelloView;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.StringReverseEncoder;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestEncoder;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Every JMH benchmark, run once outside JMH: it must not throw, and its result
 * must be what it measures (an encoded size, the decoded fields of what was
 * encoded, every item matched), so a benchmark cannot time the wrong work.
 */
class JmhBenchmarksTest {
    private static final Blackhole HOLE = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    private static final int REVERSE_TEXT_BYTES = 64;

    /** Calls every {@code @Benchmark} method of {@code bench} once; the results by method name (null for void). */
    private static Map<String, Object> runEveryBenchmark(Object bench) throws ReflectiveOperationException {
        Map<String, Object> results = new HashMap<>();
        for (Method method : bench.getClass().getDeclaredMethods()) {
            if (!method.isAnnotationPresent(Benchmark.class)) {
                continue;
            }
            Object[] args = new Object[method.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                assertThat(method.getParameterTypes()[i]).isEqualTo(Blackhole.class);
                args[i] = HOLE;
            }
            results.put(method.getName(), method.invoke(bench, args));
        }
        return results;
    }

    /** The sum of a record's numeric components: what a decode benchmark returns when it reads every field. */
    private static long fieldSum(Record values) throws ReflectiveOperationException {
        long sum = 0;
        for (RecordComponent component : values.getClass().getRecordComponents()) {
            sum += ((Number) component.getAccessor().invoke(values)).longValue();
        }
        return sum;
    }

    @Test
    void wireBenchmarksEncodeEachStructureAndDecodeEveryField() throws Exception {
        WireBenchmarks bench = new WireBenchmarks();
        bench.setUp();

        Map<String, Object> results = runEveryBenchmark(bench);

        assertThat(results).containsOnlyKeys("encodeMessageHeader", "decodeMessageHeader", "encodeChunkHeader",
                "decodeChunkHeader", "encodeHello", "decodeHello", "encodeHelloAck", "decodeHelloAck");
        assertThat(results)
                .containsEntry("encodeMessageHeader", MessageHeaderView.SIZE)
                .containsEntry("encodeChunkHeader", ChunkHeaderView.SIZE)
                .containsEntry("encodeHello", HelloView.SIZE)
                .containsEntry("encodeHelloAck", HelloAckView.SIZE)
                .containsEntry("decodeMessageHeader", fieldSum(bench.headerValues))
                .containsEntry("decodeChunkHeader", fieldSum(bench.chunkValues))
                .containsEntry("decodeHello", fieldSum(bench.helloValues))
                .containsEntry("decodeHelloAck", fieldSum(bench.helloAckValues));
    }

    @Test
    void methodBenchmarksEncodeTheirSizesAndMatchEveryItem() throws Exception {
        MethodBenchmarks bench = new MethodBenchmarks();
        bench.setUp();

        Map<String, Object> results = runEveryBenchmark(bench);

        int items = MethodBenchmarks.LOOKUP_ITEMS;
        assertThat(MethodBenchmarks.REVERSE_TEXT.length()).isEqualTo(REVERSE_TEXT_BYTES);
        assertThat(results).containsOnlyKeys("encodeStringReverse", "decodeStringReverse", "encodeAppsRequest",
                "decodeAppsRequest", "buildAppsResponse", "decodeAppsResponse", "decodeCgroupsLookupRequest",
                "encodeSnapshotRequest", "decodeSnapshotRequest");
        assertThat(results)
                .containsEntry("encodeStringReverse",
                        (int) StringReverseEncoder.encodedSize(MethodBenchmarks.REVERSE_TEXT.length()))
                .containsEntry("decodeStringReverse", MethodBenchmarks.REVERSE_TEXT)
                .containsEntry("encodeAppsRequest", (int) AppsLookupRequestEncoder.encodedSize(items))
                .containsEntry("decodeAppsRequest", items)
                .containsEntry("decodeAppsResponse", items)
                .containsEntry("decodeCgroupsLookupRequest", items)
                .containsEntry("encodeSnapshotRequest", CgroupsSnapshotRequestView.SIZE)
                .containsEntry("decodeSnapshotRequest", Wire.LAYOUT_VERSION);
        // The build is deterministic, and what it builds decodes to every item it was given.
        assertThat((Integer) results.get("buildAppsResponse")).isPositive();
        assertThat(bench.buildAppsResponse()).isEqualTo(results.get("buildAppsResponse"));
        assertThat(bench.decodeAppsResponse()).isEqualTo(items);
    }

    @Test
    void codecBenchmarksBuildAndReadWhatTheyMeasure() throws Exception {
        CodecBenchmarks bench = new CodecBenchmarks();
        bench.setUp();

        Map<String, Object> results = runEveryBenchmark(bench);

        long batchSum = (long) CodecBenchmarks.BATCH_ITEMS * (CodecBenchmarks.BATCH_ITEMS - 1) / 2;
        assertThat(results).containsOnlyKeys("buildSnapshot", "decodeSnapshot", "buildBenchSnapshot",
                "readBenchSnapshot", "encodeLookupRequest", "buildLookupResponse", "decodeLookupResponse",
                "buildBatch", "decodeBatch", "encodeIncrement", "decodeIncrement");
        assertThat(results)
                .containsEntry("readBenchSnapshot", CodecBenchmarks.BENCH_ITEMS)
                .containsEntry("encodeLookupRequest",
                        (int) CgroupsLookupRequestEncoder.encodedSize(bench.lookupPaths))
                .containsEntry("decodeBatch", batchSum)
                .containsEntry("encodeIncrement", IncrementCodec.SIZE)
                .containsEntry("decodeIncrement", CodecBenchmarks.INCREMENT_VALUE);
        for (String build : new String[] {"buildSnapshot", "buildBenchSnapshot", "buildLookupResponse",
                "buildBatch"}) {
            assertThat((Integer) results.get(build)).as(build).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 1000})
    void cacheBenchmarksFindEveryName(int items) throws Exception {
        CacheBenchmarks bench = new CacheBenchmarks();
        bench.items = items;
        bench.setUp();
        try {
            for (int round = 0; round < items; round++) {
                Map<String, Object> results = runEveryBenchmark(bench);
                assertThat(results).containsOnlyKeys("getByHashAndName", "getByString", "readGuardThenGet");
                assertThat(results.values()).as("round %d", round).doesNotContainNull();
            }
        } finally {
            bench.tearDown();
        }
    }
}
