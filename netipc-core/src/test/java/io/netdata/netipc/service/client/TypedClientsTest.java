package io.netdata.netipc.service.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.StringReverseEncoder;
import io.netdata.netipc.protocol.StringReverseView;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The STRING_REVERSE and CGROUPS_SNAPSHOT clients against Level 1 servers that answer as the reference does. */
class TypedClientsTest {
    private static final String SERVICE = "typed";
    private static final long TOKEN = 77;
    private static final long SERVER_MAX_REQUEST = 4096;
    private static final long SERVER_MAX_RESPONSE = 1 << 22;
    private static final long GENERATION = 42;
    private static final long SYSTEMD_ENABLED = 1;
    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 200;

    @TempDir
    Path runDir;

    private RespondingTestServer server;
    private ServiceClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void startServer(RespondingTestServer.Responder responder) throws Exception {
        server = RespondingTestServer.start(new ServiceEndpoint(runDir, SERVICE), new ServerHandshakeConfig(
                Wire.PROFILE_BASELINE, 0, SERVER_MAX_REQUEST, SERVER_MAX_RESPONSE, TOKEN, 0), responder);
    }

    private ClientConfig.Builder config() {
        return ClientConfig.builder(runDir, SERVICE).authToken(TOKEN);
    }

    /** The reference's string_reverse: the bytes in reverse order, single or batched. */
    private static int reverse(ReceivedMessage request, ByteBuffer answer, int capacity) {
        StringReverseView view = new StringReverseView();
        if ((request.flags() & Wire.FLAG_BATCH) == 0) {
            return reverseOne(view.wrap(request.buffer(), request.payloadOffset(), request.payloadLength()), answer,
                    0, capacity);
        }
        BatchView batch = new BatchView().wrap(request.buffer(), request.payloadOffset(), request.payloadLength(),
                request.itemCount());
        BatchBuilder builder = new BatchBuilder().reset(answer, 0, capacity, batch.itemCount());
        for (int i = 0; i < batch.itemCount(); i++) {
            view.wrap(request.buffer(), batch.itemOffset(i), batch.itemLength(i));
            int length = (int) StringReverseEncoder.encodedSize(view.string().length());
            reverseOne(view, answer, builder.reserve(length), length);
        }
        return builder.finish();
    }

    private static int reverseOne(StringReverseView view, ByteBuffer answer, int offset, int capacity) {
        byte[] bytes = view.string().toByteArray();
        byte[] reversed = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            reversed[i] = bytes[bytes.length - 1 - i];
        }
        return StringReverseEncoder.encode(ByteString.of(reversed), answer, offset, capacity);
    }

    @Test
    void stringReverseSingleAndBatch() throws Exception {
        startServer(TypedClientsTest::reverse);
        StringReverseClient c = StringReverseClient.create(config().maxRequestBatchItems(8).build());
        client = c;
        c.refresh();

        assertThat(c.call("hello")).isEqualTo("olleh");
        assertThat(c.call("")).isEmpty();
        assertThat(c.callBytes(ByteString.of(new byte[] {1, 2, (byte) 0xFF}))).isEqualTo(
                ByteString.of(new byte[] {(byte) 0xFF, 2, 1}));
        assertThat(c.callBatch(List.of("abc", "", "netipc"))).containsExactly("cba", "", "cpiten");
        assertThat(c.callBatch(List.of("x"))).containsExactly("x");
        assertThat(c.callBatch(List.of())).isEmpty();
        assertThatThrownBy(() -> c.callBatch(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9")))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.error()).isEqualTo(ServiceError.LIMIT));
    }

    @Test
    void aStringLongerThanTheProposalGrowsIt() throws Exception {
        startServer(TypedClientsTest::reverse);
        StringReverseClient c = StringReverseClient.create(config().maxRequestPayloadBytes(64)
                .maxResponsePayloadBytes(4096).build());
        client = c;
        c.refresh();
        String text = "x".repeat(1000);

        assertThat(c.call(text)).isEqualTo(text);
        assertThat(c.status().reconnectCount()).isOne();
    }

    /** A snapshot of {@code count} items named {@code cgroup-N} with paths {@code /sys/fs/cgroup/cgroup-N}. */
    private static RespondingTestServer.Responder snapshotOf(int count) {
        return (request, answer, capacity) -> {
            CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder().reset(answer, 0, capacity,
                    count, SYSTEMD_ENABLED, GENERATION);
            for (int i = 0; i < count; i++) {
                ByteString name = ByteString.utf8("cgroup-" + i);
                builder.add(SimpleHash.of(name), i, i % 2, name, ByteString.utf8("/sys/fs/cgroup/cgroup-" + i));
            }
            return builder.finish();
        };
    }

    @Test
    void aSnapshotOfTenThousandItemsDecodes() throws Exception {
        int items = 10_000;
        startServer(snapshotOf(items));
        CgroupsSnapshotClient c = CgroupsSnapshotClient.create(config().build());
        client = c;
        c.refresh();

        CgroupsSnapshotResponseView snapshot = c.call();

        assertThat(snapshot.itemCount()).isEqualTo(items);
        assertThat(snapshot.generation()).isEqualTo(GENERATION);
        assertThat(snapshot.systemdEnabled()).isEqualTo(SYSTEMD_ENABLED);
        CgroupsSnapshotItemView item = snapshot.item(items - 1);
        assertThat(item.name().asString()).isEqualTo("cgroup-" + (items - 1));
        assertThat(item.path().asString()).isEqualTo("/sys/fs/cgroup/cgroup-" + (items - 1));
    }

    @Test
    void anEmptySnapshotIsAValidAnswer() throws Exception {
        startServer(snapshotOf(0));
        CgroupsSnapshotClient c = CgroupsSnapshotClient.create(config().build());
        client = c;
        c.refresh();

        CgroupsSnapshotResponseView snapshot = c.call();

        assertThat(snapshot.itemCount()).isZero();
        assertThat(snapshot.generation()).isEqualTo(GENERATION);
    }

    @Test
    void threadsSharingOneStringReverseClientEachGetTheirOwnAnswers() throws Exception {
        startServer(TypedClientsTest::reverse);
        StringReverseClient c = StringReverseClient.create(config().maxRequestBatchItems(2).build());
        client = c;
        c.refresh();

        ConcurrentWorkers.runTogether(THREADS, worker -> {
            for (int i = 0; i < CALLS_PER_THREAD; i++) {
                String text = "worker " + worker + " call " + i;
                String reversed = new StringBuilder(text).reverse().toString();
                if (i % 2 == 0) {
                    assertThat(c.call(text)).isEqualTo(reversed);
                } else {
                    assertThat(c.callBatch(List.of(text, "#" + worker))).containsExactly(reversed, worker + "#");
                }
            }
        });
    }

    @Test
    void theSnapshotObserverIsToldWhileTheCallStillHoldsTheClient() throws Exception {
        startServer(snapshotOf(3));
        List<Boolean> heldWhenTold = new ArrayList<>();
        CgroupsSnapshotClient c = CgroupsSnapshotClient.create(config().callObserver(
                (kind, error, nanos) -> heldWhenTold.add(client.connection.heldByCurrentThread())).build());
        client = c;

        assertThatThrownBy(c::call).isInstanceOf(ServiceException.class);
        c.refresh();
        assertThat(c.call().itemCount()).isEqualTo(3);

        assertThat(heldWhenTold).containsExactly(true, true);
    }
}
