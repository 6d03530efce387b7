package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.cache.CgroupsSnapshotCache;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.server.CgroupsSnapshotHandler;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that answers wrongly, or a session over the socket in an SHM scenario, fails the client: exit
 * status 1, no CSV line.
 */
class WrongAnswerTest {
    @TempDir
    Path dir;

    private ServerConfig config(String service, long profiles, boolean batch) {
        return BenchServer.config(dir, service, new BenchServer.Service(profiles, BenchServer.Kind.INCREMENT,
                batch));
    }

    private Cli.Result client(String command, String service) {
        return Cli.run(command, dir.toString(), service, "1", "0");
    }

    private static void assertFailed(Cli.Result result, String message) {
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("wrong answer").contains(message);
    }

    @Test
    void aBrokenCounterChainFails() throws Exception {
        try (ManagedServer server = ManagedServer.increment(config("plus2", BenchConstants.PROFILE_UDS, false),
                value -> value + 2)) {
            assertFailed(client("uds-ping-pong-client", "plus2"), "increment of 0 answered 2");
        }
    }

    @Test
    void aWrongBatchItemFails() throws Exception {
        try (ManagedServer server = ManagedServer.increment(config("batch", BenchConstants.PROFILE_SHM, true),
                value -> value == 7 ? 0 : value + 1)) {
            assertFailed(client("shm-batch-ping-pong-client", "batch"), "batch item 7");
        }
    }

    private void assertSnapshotFails(CgroupsSnapshotHandler handler, String message) throws Exception {
        try (ManagedServer server = ManagedServer.cgroupsSnapshot(BenchServer.config(dir, "snap",
                new BenchServer.Service(BenchConstants.PROFILE_UDS, BenchServer.Kind.SNAPSHOT, false)), handler)) {
            assertFailed(client("snapshot-client", "snap"), message);
        }
    }

    /** The reference's snapshot, but {@code items} items, options {@code options}, a fixed generation if asked. */
    private static CgroupsSnapshotHandler snapshot(int items, long options, boolean generationGrows) {
        ByteString[] names = BenchConstants.snapshotNames();
        ByteString[] paths = BenchConstants.snapshotPaths();
        long[] generation = {0};
        return (request, response) -> {
            response.setHeader(BenchConstants.SNAPSHOT_SYSTEMD_ENABLED, generationGrows ? ++generation[0] : 1);
            for (int i = 0; i < items; i++) {
                response.add(BenchConstants.SNAPSHOT_FIRST_HASH + i, i == 3 ? options : 0,
                        BenchConstants.snapshotEnabled(i), names[i], paths[i]);
            }
        };
    }

    @Test
    void fifteenSnapshotItemsFail() throws Exception {
        assertSnapshotFails(snapshot(15, 0, true), "snapshot: 15 items, not 16");
    }

    @Test
    void aWrongOptionsFieldFails() throws Exception {
        assertSnapshotFails(snapshot(16, 1, true), "snapshot item 3");
    }

    @Test
    void aGenerationThatDoesNotGrowFails() throws Exception {
        assertSnapshotFails(snapshot(16, 0, false), "generation 1 after 1");
    }

    @Test
    void aWrongSystemdFlagFails() throws Exception {
        CgroupsSnapshotHandler reference = BenchServer.snapshot();
        assertSnapshotFails((request, response) -> {
            reference.handle(request, response);
            response.setHeader(0, 1);
        }, "systemd_enabled 0");
    }

    @Test
    void aLookupThatMissesFailsTheLookupBench() throws Exception {
        try (ManagedServer server = ManagedServer.cgroupsSnapshot(BenchServer.config(dir, "fifteen",
                new BenchServer.Service(BenchConstants.PROFILE_UDS, BenchServer.Kind.SNAPSHOT, false)),
                snapshot(15, 0, true));
                CgroupsSnapshotCache cache = CgroupsSnapshotCache.create(cacheConfig("fifteen"))) {
            assertThatThrownBy(() -> LookupBenches.measureLookups(cache, 1))
                    .isInstanceOf(BenchClients.WrongAnswer.class).hasMessageContaining("lookups missed")
                    .hasMessageStartingWith("lookup: ");
        }
    }

    @Test
    void aCacheThatDoesNotFillFailsTheLookupBench() throws Exception {
        try (CgroupsSnapshotCache cache = CgroupsSnapshotCache.create(cacheConfig("nobody"))) {
            assertThatThrownBy(() -> LookupBenches.measureLookups(cache, 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("the cache did not fill");
        }
    }

    private ClientConfig cacheConfig(String service) {
        return ClientConfig.builder(dir, service).authToken(BenchConstants.AUTH_TOKEN).build();
    }

    /** A server that offers only the socket: an SHM scenario's client must refuse to measure it. */
    @ParameterizedTest
    @ValueSource(strings = {"shm-ping-pong", "shm-batch-ping-pong"})
    void anIncrementShmScenarioRefusesASessionOverTheSocket(String command) throws Exception {
        boolean batch = command.contains("batch");
        try (ManagedServer server = ManagedServer.increment(config("socket-only", BenchConstants.PROFILE_UDS, batch),
                value -> value + 1)) {
            assertRefusedOverTheSocket(client(command + "-client", "socket-only"));
        }
    }

    @Test
    void theShmSnapshotScenarioRefusesASessionOverTheSocket() throws Exception {
        try (ManagedServer server = ManagedServer.cgroupsSnapshot(BenchServer.config(dir, "socket-only",
                new BenchServer.Service(BenchConstants.PROFILE_UDS, BenchServer.Kind.SNAPSHOT, false)),
                BenchServer.snapshot())) {
            assertRefusedOverTheSocket(client("snapshot-shm-client", "socket-only"));
        }
    }

    private static void assertRefusedOverTheSocket(Cli.Result result) {
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("shared memory offered, but the session runs over the socket");
    }
}
