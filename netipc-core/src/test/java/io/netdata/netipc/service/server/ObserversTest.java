package io.netdata.netipc.service.server;

import static io.netdata.netipc.service.client.ServiceAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.service.client.AppsLookupClient;
import io.netdata.netipc.service.client.CallObserver;
import io.netdata.netipc.service.client.CgroupsLookupClient;
import io.netdata.netipc.service.client.CgroupsSnapshotClient;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceClient;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.StringReverseClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics hooks: a client's {@link CallObserver} hears once per public
 * call (a batch or a split lookup is one call), a server's
 * {@link RequestObserver} once per answered request, and neither can fail
 * what it observes.
 */
class ObserversTest {
    private static final String SERVICE = "observed";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(5);

    @TempDir
    Path runDir;

    private record Call(ServiceKind kind, ServiceError error, long nanos) {
    }

    private record Request(ServiceKind kind, TransportStatus status, long nanos) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private ServerConfig serverConfig() {
        return ServerConfig.builder(runDir, SERVICE)
                .requestObserver((kind, status, nanos) -> requests.add(new Request(kind, status, nanos))).build();
    }

    private ClientConfig.Builder clientConfig() {
        return ClientConfig.builder(runDir, SERVICE)
                .callObserver((kind, error, nanos) -> calls.add(new Call(kind, error, nanos)));
    }

    private static <C extends ServiceClient> C connected(C client) {
        client.refresh();
        return client;
    }

    /** A server hears of a request after its answer is sent, so after the client has it: wait. */
    private void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (requests.size() < count && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL.toMillis());
        }
    }

    @Test
    void everyIncrementCallAndRequestIsObservedOnceWithItsOutcome() throws Exception {
        try (ManagedServer server = ManagedServer.increment(serverConfig(), value -> {
            if (value == 13) {
                throw new IllegalStateException("unlucky");
            }
            return value + 1;
        });
                IncrementClient client = connected(IncrementClient.create(clientConfig().maxRequestBatchItems(4)
                        .build()))) {
            assertThat(client.serviceKind()).isEqualTo(ServiceKind.INCREMENT);
            assertThat(client.call(1)).isEqualTo(2);
            assertThat(client.callBatch(1, 2, 3)).containsExactly(2, 3, 4);
            assertThat(client.callBatch(7)).containsExactly(8);
            assertFails(() -> client.callBatch(1, 2, 3, 4, 5), ServiceError.LIMIT);
            assertFails(() -> client.call(13), ServiceError.SERVER_ERROR);
            assertFails(() -> client.call(1), ServiceError.NOT_READY);

            assertThat(calls).extracting(Call::error)
                    .containsExactly(null, null, null, ServiceError.LIMIT, ServiceError.SERVER_ERROR,
                            ServiceError.NOT_READY);
            assertThat(calls).allSatisfy(call -> {
                assertThat(call.kind()).isEqualTo(ServiceKind.INCREMENT);
                assertThat(call.nanos()).isNotNegative();
            });
            // The failed call was sent twice (at-least-once): two INTERNAL_ERROR answers.
            awaitRequests(5);
            assertThat(requests).extracting(Request::status).containsExactly(TransportStatus.OK,
                    TransportStatus.OK, TransportStatus.OK, TransportStatus.INTERNAL_ERROR,
                    TransportStatus.INTERNAL_ERROR);
            assertThat(requests).allSatisfy(request -> assertThat(request.kind()).isEqualTo(ServiceKind.INCREMENT));
        }
    }

    @Test
    void stringCallsAndBatchesAreOneObservationEach() throws Exception {
        try (ManagedServer server = ManagedServer.stringReverse(serverConfig(), request -> request.toByteString());
                StringReverseClient client = connected(StringReverseClient.create(clientConfig()
                        .maxRequestBatchItems(2).build()))) {
            assertThat(client.call("ab")).isEqualTo("ab");
            assertThat(client.callBatch(List.of("a", "b"))).containsExactly("a", "b");
            assertFails(() -> client.callBatch(List.of("a", "b", "c")), ServiceError.LIMIT);
            assertThat(calls).extracting(Call::error).containsExactly(null, null, ServiceError.LIMIT);
            awaitRequests(2);
            assertThat(requests).hasSize(2);
        }
    }

    @Test
    void snapshotAndLookupCallsAreObserved() throws Exception {
        ServerConfig config = serverConfig();
        try (ManagedServer snapshots = ManagedServer.cgroupsSnapshot(config, (request, response) ->
                response.setHeader(0, 1));
                CgroupsSnapshotClient client = connected(CgroupsSnapshotClient.create(clientConfig().build()))) {
            assertThat(client.call().itemCount()).isZero();
        }
        try (ManagedServer lookups = ManagedServer.cgroupsLookup(config, (request, response) -> {
            for (int i = 0; i < request.itemCount(); i++) {
                response.addRequestItem(request, i, CgroupLookupStatus.UNKNOWN_PERMANENT, 0, ByteString.EMPTY,
                        List.of());
            }
        });
                CgroupsLookupClient client = connected(CgroupsLookupClient.create(clientConfig().build()))) {
            assertThat(client.call(List.of(ByteString.utf8("/a"))).itemCount()).isEqualTo(1);
            assertFails(() -> client.call(List.of(ByteString.EMPTY)), ServiceError.PROTOCOL);
        }
        try (ManagedServer apps = ManagedServer.appsLookup(config, (request, response) -> {
            for (int i = 0; i < request.itemCount(); i++) {
                response.addUnknown(request.pid(i));
            }
        });
                AppsLookupClient client = connected(AppsLookupClient.create(clientConfig().build()))) {
            AppsLookupResponseView answer = client.call(1, 2);
            assertThat(answer.itemCount()).isEqualTo(2);
        }
        assertThat(calls).extracting(Call::kind).containsExactly(ServiceKind.CGROUPS_SNAPSHOT,
                ServiceKind.CGROUPS_LOOKUP, ServiceKind.APPS_LOOKUP);
        assertThat(calls).extracting(Call::error).containsOnlyNulls();
        awaitRequests(3);
        assertThat(requests).extracting(Request::kind).containsExactly(ServiceKind.CGROUPS_SNAPSHOT,
                ServiceKind.CGROUPS_LOOKUP, ServiceKind.APPS_LOOKUP);
    }

    @Test
    void aThrowingObserverFailsNeitherTheCallNorTheSession() throws Exception {
        ServerConfig config = ServerConfig.builder(runDir, SERVICE).requestObserver((kind, status, nanos) -> {
            throw new IllegalStateException("observer bug");
        }).build();
        try (ManagedServer server = ManagedServer.increment(config, value -> value + 1);
                IncrementClient client = connected(IncrementClient.create(ClientConfig.builder(runDir, SERVICE)
                        .callObserver((kind, error, nanos) -> {
                            throw new IllegalStateException("observer bug");
                        }).build()))) {
            assertThat(client.call(1)).isEqualTo(2);
            assertThat(client.call(2)).as("the session survived the server's observer").isEqualTo(3);
            assertThat(client.status().reconnectCount()).isZero();
        }
    }

    @Test
    void withoutObserversTheDefaultsAreNone() {
        assertThat(ClientConfig.builder(runDir, SERVICE).build().callObserver()).isSameAs(CallObserver.NONE);
        assertThat(ServerConfig.builder(runDir, SERVICE).build().requestObserver()).isSameAs(RequestObserver.NONE);
        CallObserver.NONE.callCompleted(ServiceKind.INCREMENT, null, 0);
        RequestObserver.NONE.requestCompleted(ServiceKind.INCREMENT, TransportStatus.OK, 0);
    }

    @Test
    void anUnsupportedMethodIsObservedAsUnsupported() throws Exception {
        try (ManagedServer server = ManagedServer.stringReverse(serverConfig(), request -> request.toByteString());
                IncrementClient wrongKind = connected(IncrementClient.create(clientConfig().build()))) {
            assertFails(() -> wrongKind.call(1), ServiceError.REJECTED);
            awaitRequests(1);
            assertThat(requests).extracting(Request::status).contains(TransportStatus.UNSUPPORTED);
        }
    }
}
