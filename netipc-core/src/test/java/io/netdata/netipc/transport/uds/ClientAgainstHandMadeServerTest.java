package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.await;
import static io.netdata.netipc.transport.uds.HandMadePeers.inBackground;
import static io.netdata.netipc.transport.uds.UdsTestSupport.TOKEN;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.receivePacketWithin;
import static io.netdata.netipc.transport.uds.UdsTestSupport.sendPacket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.nativeio.WaitResult;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.shm.ShmRegionFiles;
import io.netdata.netipc.transport.shm.ShmRegionLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Level 2 client against servers played by hand, to agree what a Java server
 * never would: SHM over a region the client cannot use (upstream
 * {@code level2-typed-api.md}, principle 5: the client closes that session,
 * drops SHM from its proposals and reconnects over the baseline, all inside one
 * refresh), and fewer batch items than the client proposed.
 */
class ClientAgainstHandMadeServerTest {
    private static final long SHM_AND_BASELINE = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;
    private static final long SESSION_ID = 42;
    /** What an unconfigured Level 2 client proposes, so the hand-made hello-ack agrees with it. */
    private static final long REQUEST_PAYLOAD = 1024;
    private static final long RESPONSE_PAYLOAD = 65_536;
    private static final long ITEMS = 1;
    private static final long PACKET_SIZE = 4096;
    private static final long PROPOSED_ITEMS = 8;
    private static final long GRANTED_ITEMS = 2;
    /** An agreed payload ceiling of 0, which the transport reads as no limit. */
    private static final long UNLIMITED = 0;

    @TempDir
    Path runDir;

    @Test
    void aClientWhoseAttachFailsReconnectsWithoutShmAndCallsOverTheBaseline() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
        Path region = ShmRegionFiles.path(endpoint, SESSION_ID);
        ServerHandshakeConfig serverConfig = new ServerHandshakeConfig(SHM_AND_BASELINE, SHM_AND_BASELINE,
                REQUEST_PAYLOAD, RESPONSE_PAYLOAD, TOKEN, 0);
        ClientConfig clientConfig = ClientConfig.builder(runDir, UdsTestSupport.SERVICE).authToken(TOKEN)
                .supportedProfiles(SHM_AND_BASELINE).preferredProfiles(SHM_AND_BASELINE).build();
        try (UdsListener listener = UdsListener.open(endpoint, serverConfig);
                IncrementClient client = IncrementClient.create(clientConfig)) {
            plantRegionOfAnotherVersion(region);
            try {
                Future<Boolean> refreshing = inBackground(client::refresh);
                assertThat(new ReadinessWait().await(listener.fd(), NativeFd.CLOSED,
                        System.nanoTime() + WAIT.toNanos())).isEqualTo(WaitResult.READY);
                try (NativeFd raw = listener.acceptConnection()) {
                    receivePacketWithin(raw.fd(), Packets.CONTROL_CAPACITY);
                    sendPacket(raw.fd(), Packets.ackPacket(TransportStatus.OK, new HelloAck(Wire.LAYOUT_VERSION, 0,
                            SHM_AND_BASELINE, SHM_AND_BASELINE, Wire.PROFILE_SHM_HYBRID, REQUEST_PAYLOAD, ITEMS,
                            RESPONSE_PAYLOAD, ITEMS, PACKET_SIZE, SESSION_ID)));
                    try (UdsSession server = listener.accept(WAIT, null)) {
                        assertThat(await(refreshing)).isTrue();
                        assertThat(client.ready()).isTrue();
                        assertThat(client.status().sharedMemory()).isFalse();
                        assertThat(server.usesSharedMemory()).as("SHM no longer proposed").isFalse();
                        assertThat(UdsTestSupport.drainUntilPeerCloses(raw.fd())).as("first session closed")
                                .isZero();

                        Future<Long> call = inBackground(() -> client.call(41));
                        ReceivedMessage request = server.receive(WAIT, null);
                        ByteBuffer answer = ByteBuffer.wrap(IncrementCodec.encode(
                                IncrementCodec.decode(request.buffer(), request.payloadOffset(),
                                        request.payloadLength()) + 1));
                        server.sendResponse(request.code(), 0, TransportStatus.OK.code(), 1, request.messageId(),
                                answer, 0, answer.capacity());
                        assertThat(await(call)).isEqualTo(42);
                    }
                }
            } finally {
                Files.deleteIfExists(region);
            }
        }
    }

    @Test
    void aBatchAboveTheItemsTheServerGrantedFailsWithLimitBeforeAnythingIsSent() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
        ServerHandshakeConfig serverConfig = new ServerHandshakeConfig(Wire.PROFILE_BASELINE, 0, REQUEST_PAYLOAD,
                RESPONSE_PAYLOAD, TOKEN, 0);
        ClientConfig clientConfig = ClientConfig.builder(runDir, UdsTestSupport.SERVICE).authToken(TOKEN)
                .maxRequestBatchItems(PROPOSED_ITEMS).build();
        try (UdsListener listener = UdsListener.open(endpoint, serverConfig);
                IncrementClient client = IncrementClient.create(clientConfig);
                NativeFd raw = connectOverBaseline(listener, client, REQUEST_PAYLOAD, GRANTED_ITEMS)) {
            assertThatThrownBy(() -> client.callBatch(1, 2, 3)).isInstanceOfSatisfying(ServiceException.class,
                    e -> assertThat(e.error()).isEqualTo(ServiceError.LIMIT));

            assertThat(new ReadinessWait().await(raw.fd(), NativeFd.CLOSED, ReadinessWait.NOW))
                    .as("nothing was sent").isNotEqualTo(WaitResult.READY);
            assertThat(client.ready()).as("the session is kept").isTrue();
            assertThat(client.status().reconnectCount()).isZero();
        }
    }

    @Test
    void anAgreedRequestCeilingOfZeroDoesNotLimitTheRequest() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, UdsTestSupport.SERVICE);
        ServerHandshakeConfig serverConfig = new ServerHandshakeConfig(Wire.PROFILE_BASELINE, 0, REQUEST_PAYLOAD,
                RESPONSE_PAYLOAD, TOKEN, 0);
        ClientConfig clientConfig = ClientConfig.builder(runDir, UdsTestSupport.SERVICE).authToken(TOKEN).build();
        try (UdsListener listener = UdsListener.open(endpoint, serverConfig);
                IncrementClient client = IncrementClient.create(clientConfig);
                NativeFd raw = connectOverBaseline(listener, client, UNLIMITED, ITEMS)) {
            Future<Long> call = inBackground(() -> client.call(41));
            assertThat(receivePacketWithin(raw.fd(), Packets.CONTROL_CAPACITY)).as("the request was sent")
                    .hasSize(Wire.HEADER_LEN + IncrementCodec.SIZE);
            client.abort();
            assertThatThrownBy(() -> await(call)).isInstanceOfSatisfying(ServiceException.class,
                    e -> assertThat(e.error()).isEqualTo(ServiceError.ABORTED));
        }
    }

    /**
     * Lets {@code client} refresh against a server played by hand that grants the
     * baseline with {@code requestPayload} and {@code items}; returns the server's
     * end of the connection once the client is READY.
     */
    private static NativeFd connectOverBaseline(UdsListener listener, IncrementClient client, long requestPayload,
            long items) throws Exception {
        Future<Boolean> refreshing = inBackground(client::refresh);
        assertThat(new ReadinessWait().await(listener.fd(), NativeFd.CLOSED, System.nanoTime() + WAIT.toNanos()))
                .isEqualTo(WaitResult.READY);
        NativeFd raw = listener.acceptConnection();
        receivePacketWithin(raw.fd(), Packets.CONTROL_CAPACITY);
        sendPacket(raw.fd(), Packets.ackPacket(TransportStatus.OK, new HelloAck(Wire.LAYOUT_VERSION, 0,
                Wire.PROFILE_BASELINE, Wire.PROFILE_BASELINE, Wire.PROFILE_BASELINE, requestPayload, items,
                RESPONSE_PAYLOAD, items, PACKET_SIZE, SESSION_ID)));
        assertThat(await(refreshing)).isTrue();
        return raw;
    }

    /** A region header of a version no client accepts: the attach fails at once, with no retry that helps. */
    private static void plantRegionOfAnotherVersion(Path region) throws Exception {
        ByteBuffer header = ByteBuffer.allocate(ShmRegionLayout.HEADER_LEN * 2).order(ByteOrder.nativeOrder());
        header.putInt(ShmRegionLayout.OFF_MAGIC, (int) ShmRegionLayout.MAGIC);
        header.putShort(ShmRegionLayout.OFF_VERSION, (short) (ShmRegionLayout.VERSION + 1));
        Files.write(region, header.array());
    }
}
