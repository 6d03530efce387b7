package io.netdata.netipc.service.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import io.netdata.netipc.service.client.AppsLookupClient;
import io.netdata.netipc.service.client.CgroupsLookupClient;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.uds.UdsSession;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The managed lookup servers against the Level 2 clients (the builder answers
 * what does not fit PAYLOAD_EXCEEDED and the client asks again), a handler
 * answering the wrong number of items, and requests no Level 2 client sends:
 * an undecodable payload (BAD_ENVELOPE) and a batch of lookups.
 */
class ManagedLookupServerTest {
    private static final String SERVICE = "lookups";
    private static final long TOKEN = 0x10C0L;
    private static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * Room for a handful of answers only, so that a long call is split by
     * PAYLOAD_EXCEEDED; still room for every item one request carries as an
     * overflow item, as with the defaults (requests of 1 KiB, responses of 64 KiB).
     */
    private static final long SMALL_RESPONSE = 8192;
    /** Makes every answer a few hundred bytes long. */
    private static final String PADDING = "-".repeat(600);
    private static final long GENERATION = 5;
    private static final int PATHS = 60;
    private static final List<LookupLabel> LABELS = List.of(new LookupLabel(ByteString.utf8("k"),
            ByteString.utf8("v")));

    @TempDir
    Path runDir;

    private ServerConfig.Builder server() {
        return ServerConfig.builder(runDir, SERVICE).authToken(TOKEN);
    }

    private ClientConfig client() {
        return ClientConfig.builder(runDir, SERVICE).authToken(TOKEN).callTimeout(WAIT).build();
    }

    private static CgroupsLookupHandler namingEveryPath() {
        return (request, response) -> {
            response.setGeneration(GENERATION);
            BytesView path = new BytesView();
            for (int i = 0; i < request.itemCount(); i++) {
                ByteString name = ByteString.utf8("name-of-" + request.path(i, path).asString() + PADDING);
                response.addRequestItem(request, i, CgroupLookupStatus.KNOWN, 1, name, LABELS);
            }
        };
    }

    @Test
    void aCgroupsLookupLargerThanOneResponseIsStitchedFromPayloadExceededRetries() throws Exception {
        List<ByteString> paths = new ArrayList<>();
        for (int i = 0; i < PATHS; i++) {
            paths.add(ByteString.utf8("/sys/fs/cgroup/some/rather/long/path/number/" + i));
        }
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().maxResponsePayloadBytes(SMALL_RESPONSE)
                .build(), namingEveryPath());
                CgroupsLookupClient client = CgroupsLookupClient.create(client())) {
            client.refresh();

            CgroupsLookupResponseView view = client.call(paths);

            assertThat(view.itemCount()).isEqualTo(PATHS);
            assertThat(view.generation()).isEqualTo(GENERATION);
            CgroupsLookupItemView item = new CgroupsLookupItemView();
            for (int i = 0; i < PATHS; i++) {
                view.item(i, item);
                assertThat(item.status()).isEqualTo(CgroupLookupStatus.KNOWN);
                assertThat(item.path().contentEquals(paths.get(i))).isTrue();
                assertThat(item.name().asString()).isEqualTo("name-of-" + paths.get(i).asString() + PADDING);
            }
            ServerStatusWait.until(server, st -> st.requests() > 1, "several round trips");
        }
    }

    @Test
    void anAppsLookupLargerThanOneResponseIsStitched() throws Exception {
        long[] pids = new long[PATHS];
        for (int i = 0; i < PATHS; i++) {
            pids[i] = 1000 + i;
        }
        try (ManagedServer server = ManagedServer.appsLookup(server().maxResponsePayloadBytes(SMALL_RESPONSE)
                .build(), (request, response) -> {
                    response.setGeneration(GENERATION);
                    for (int i = 0; i < request.itemCount(); i++) {
                        long pid = request.pid(i);
                        if (pid % 2 == 0) {
                            response.addUnknown(pid);
                        } else {
                            response.add(PidLookupStatus.KNOWN, 0, 0, pid, 1, 0, 42, ByteString.utf8("comm"),
                                    ByteString.utf8("/cg/" + pid), ByteString.utf8("cg" + pid + PADDING), LABELS);
                        }
                    }
                });
                AppsLookupClient client = AppsLookupClient.create(client())) {
            client.refresh();

            AppsLookupResponseView view = client.call(pids);

            assertThat(view.itemCount()).isEqualTo(PATHS);
            AppsLookupItemView item = new AppsLookupItemView();
            for (int i = 0; i < PATHS; i++) {
                view.item(i, item);
                assertThat(item.pid()).isEqualTo(pids[i]);
                assertThat(item.status()).isEqualTo(pids[i] % 2 == 0 ? PidLookupStatus.UNKNOWN
                        : PidLookupStatus.KNOWN);
            }
            ServerStatusWait.until(server, st -> st.requests() > 1, "several round trips");
        }
    }

    @Test
    void subResponsesOfDifferentGenerationsFailTheWholeLookup() throws Exception {
        java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
        CgroupsLookupHandler naming = namingEveryPath();
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().maxResponsePayloadBytes(SMALL_RESPONSE)
                .build(), (request, response) -> {
                    naming.handle(request, response);
                    // The provider's state moves between the sub-calls of one logical lookup.
                    response.setGeneration(generation.incrementAndGet());
                }); CgroupsLookupClient client = CgroupsLookupClient.create(client())) {
            client.refresh();

            assertThatThrownBy(() -> client.call(manyPaths())).isInstanceOfSatisfying(ServiceException.class,
                    e -> assertThat(e.error()).isEqualTo(ServiceError.PROTOCOL));
            assertThat(generation.get()).as("failed at the second sub-response").isEqualTo(2);
        }
    }

    @Test
    void theClientsLookupCeilingsHoldAgainstTheManagedServer() throws Exception {
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().maxResponsePayloadBytes(SMALL_RESPONSE)
                .build(), namingEveryPath())) {
            ClientConfig.Builder base = ClientConfig.builder(runDir, SERVICE).authToken(TOKEN).callTimeout(WAIT);
            for (ClientConfig config : List.of(base.maxLookupSubcalls(1).build(),
                    ClientConfig.builder(runDir, SERVICE).authToken(TOKEN).maxLookupItems(PATHS - 1).build(),
                    ClientConfig.builder(runDir, SERVICE).authToken(TOKEN).maxLookupResponseBytes(4096).build())) {
                try (CgroupsLookupClient client = CgroupsLookupClient.create(config)) {
                    client.refresh();
                    assertThatThrownBy(() -> client.call(manyPaths())).isInstanceOfSatisfying(
                            ServiceException.class, e -> assertThat(e.error()).isEqualTo(ServiceError.LIMIT));
                    assertThat(client.ready()).as("a limit is not a broken session").isTrue();
                }
            }
        }
    }

    private static List<ByteString> manyPaths() {
        List<ByteString> paths = new ArrayList<>();
        for (int i = 0; i < PATHS; i++) {
            paths.add(ByteString.utf8("/sys/fs/cgroup/some/rather/long/path/number/" + i));
        }
        return paths;
    }

    @Test
    void aResponseCeilingBelowTheLookupHeaderIsAnOverflow() throws Exception {
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().maxResponsePayloadBytes(8).build(),
                namingEveryPath()); CgroupsLookupClient client = CgroupsLookupClient.create(client())) {
            client.refresh();

            assertThatThrownBy(() -> client.call(List.of(ByteString.utf8("/a"))))
                    .isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.error()).isEqualTo(ServiceError.OVERFLOW));
            assertThat(server.status().failedRequests()).isPositive();
        }
    }

    @Test
    void aLookupHandlerThatSwallowsTheBuildersOverflowIsAnOverflow() throws Exception {
        // Below its header, not even an OVERSIZED_ITEM answer fits: the builder refuses the add with OVERFLOW.
        try (ManagedServer server = ManagedServer.appsLookup(server().maxResponsePayloadBytes(8).build(),
                (request, response) -> {
                    try {
                        response.addUnknown(request.pid(0));
                    } catch (io.netdata.netipc.protocol.CodecException noRoom) {
                        // Swallowed: the server must still see it.
                    }
                }); AppsLookupClient client = AppsLookupClient.create(client())) {
            client.refresh();

            assertThatThrownBy(() -> client.call(7)).isInstanceOfSatisfying(ServiceException.class,
                    e -> assertThat(e.error()).isEqualTo(ServiceError.OVERFLOW));
        }
    }

    @Test
    void aHandlerAnsweringTooFewItemsFailsTheCall() throws Exception {
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().build(), (request, response) -> {
            // Answers nothing.
        }); CgroupsLookupClient client = CgroupsLookupClient.create(client())) {
            client.refresh();

            assertThatThrownBy(() -> client.call(List.of(ByteString.utf8("/a"))))
                    .isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.error()).isEqualTo(ServiceError.SERVER_ERROR));
            assertThat(server.status().failedRequests()).isPositive();
        }
    }

    @Test
    void anUndecodableRequestIsABadEnvelopeThenTheSessionIsClosed() throws Exception {
        try (ManagedServer server = ManagedServer.cgroupsLookup(server().build(), namingEveryPath());
                UdsSession raw = UdsSession.connect(server.endpoint(), rawClient(), WAIT)) {
            ByteBuffer garbage = ByteBuffer.allocate(4);
            raw.sendRequest(Wire.METHOD_CGROUPS_LOOKUP, 0, 1, 1, garbage, 0, garbage.capacity());

            ReceivedMessage answer = raw.receive(WAIT, null);
            assertThat(answer.transportStatus()).isEqualTo(TransportStatus.BAD_ENVELOPE.code());
            assertThat(answer.payloadLength()).isZero();
            assertThat(answer.itemCount()).isEqualTo(1);
            assertThatThrownBy(() -> raw.receive(WAIT, null)).isInstanceOfSatisfying(TransportException.class,
                    e -> assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED));
        }
    }

    @Test
    void aMalformedBatchDirectoryNeverReachesTheHandler() throws Exception {
        try (ManagedServer server = ManagedServer.increment(server().build(), value -> value + 1);
                UdsSession raw = UdsSession.connect(server.endpoint(), rawClient(), WAIT)) {
            // Two directory entries whose offsets are not 8-aligned: Level 1 refuses the message and
            // drops the session before any dispatch.
            ByteBuffer batch = ByteBuffer.allocate(32).order(java.nio.ByteOrder.nativeOrder());
            batch.putInt(0, 3).putInt(4, 8).putInt(8, 3).putInt(12, 8);
            raw.sendRequest(Wire.METHOD_INCREMENT, Wire.FLAG_BATCH, 2, 1, batch, 0, batch.capacity());

            assertThatThrownBy(() -> raw.receive(WAIT, null)).isInstanceOfSatisfying(TransportException.class,
                    e -> assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED));
            assertThat(server.status().requests()).isZero();
        }
    }

    @Test
    void aBatchOfOneIsAnsweredAsABatch() throws Exception {
        try (ManagedServer server = ManagedServer.increment(server().build(), value -> value + 1);
                UdsSession raw = UdsSession.connect(server.endpoint(), rawClient(), WAIT)) {
            ByteBuffer batch = ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder());
            batch.putInt(0, 0).putInt(4, 8).putLong(8, 41);
            raw.sendRequest(Wire.METHOD_INCREMENT, Wire.FLAG_BATCH, 1, 1, batch, 0, batch.capacity());

            ReceivedMessage answer = raw.receive(WAIT, null);
            assertThat(answer.transportStatus()).isEqualTo(TransportStatus.OK.code());
            assertThat(answer.flags()).isEqualTo(Wire.FLAG_BATCH);
            assertThat(answer.itemCount()).isEqualTo(1);
            assertThat(answer.buffer().order(java.nio.ByteOrder.nativeOrder())
                    .getLong(answer.payloadOffset() + 8)).isEqualTo(42);
        }
    }

    private static ClientHandshakeConfig rawClient() {
        return new ClientHandshakeConfig(0, 0, 1024, 4, 65_536, 4, TOKEN, 0);
    }
}
