package io.netdata.netipc.bench.jmh;

import io.netdata.netipc.bench.TempRunDir;
import io.netdata.netipc.cache.CgroupsSnapshot;
import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The snapshot cache's hot path: a lookup by {@code hash + name} and by a
 * Java {@code String}, in a cache of 16 or 1,000 items filled by one real
 * refresh from an in-process server.
 *
 * <p>Run: {@code java -cp benchmarks/target/bench_posix.jar org.openjdk.jmh.Main CacheBenchmarks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheBenchmarks {
    private static final String SERVICE = "jmh-cache";

    @Param({"16", "1000"})
    public int items;

    private TempRunDir runDir;
    private ManagedServer server;
    private CgroupsSnapshotCache cache;
    private CgroupsSnapshot snapshot;
    private ByteString[] names;
    private long[] hashes;
    private String[] strings;
    private int next;

    @Setup
    public void setUp() throws Exception {
        runDir = TempRunDir.create(Path.of(System.getProperty("java.io.tmpdir")), "netipc-jmh");
        names = new ByteString[items];
        hashes = new long[items];
        strings = new String[items];
        for (int i = 0; i < items; i++) {
            strings[i] = "cgroup-" + i;
            names[i] = ByteString.utf8(strings[i]);
            hashes[i] = SimpleHash.of(names[i]);
        }
        try {
            startAndFill();
        } catch (Exception | Error e) {
            // JMH calls no tear-down after a failed set-up: release what was made, keep the first error.
            try {
                tearDown();
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void startAndFill() throws Exception {
        server = ManagedServer.cgroupsSnapshot(ServerConfig.builder(runDir.path(), SERVICE)
                .maxResponsePayloadBytes(1 << 20).build(), (request, response) -> {
                    response.setHeader(1, 1);
                    for (int i = 0; i < items; i++) {
                        response.add(hashes[i], 0, 1, names[i], ByteString.utf8("/" + strings[i]));
                    }
                });
        cache = CgroupsSnapshotCache.create(ClientConfig.builder(runDir.path(), SERVICE).build());
        if (!cache.refresh()) {
            throw new IllegalStateException("the cache did not fill: " + cache.status());
        }
        snapshot = cache.snapshot();
    }

    @TearDown
    public void tearDown() throws Exception {
        // Each step runs even if the one before it failed (or, after a failed set-up, was never
        // made); the run directory goes last.
        try {
            if (cache != null) {
                cache.close();
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (runDir != null) {
                    runDir.close();
                }
            }
        }
    }

    @Benchmark
    public Object getByHashAndName() {
        int i = next++ % items;
        return snapshot.get(hashes[i], names[i]);
    }

    @Benchmark
    public Object getByString() {
        int i = next++ % items;
        return snapshot.get(strings[i]);
    }

    @Benchmark
    public Object readGuardThenGet() {
        int i = next++ % items;
        return cache.snapshot().get(hashes[i], names[i]);
    }
}
