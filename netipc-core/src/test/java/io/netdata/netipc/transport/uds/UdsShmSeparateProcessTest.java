package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.UdsTestSupport.TOKEN;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.bytes;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmRegionFiles;
import io.netdata.netipc.transport.shm.ShmRegionLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java peers in two processes sharing a region, as with any other peer: a client
 * here against a server in a child JVM ({@link ShmEchoServerChild}: counter chain,
 * messages at both capacity limits, a batch; when the client hangs up the server
 * sees it through the socket, closes, and leaves no region file), and a server
 * here against a client child ({@link ShmClientChild}: a counter chain, and a
 * client killed outright while the server waits for its request).
 */
class UdsShmSeparateProcessTest {
    private static final long SHM_AND_BASELINE = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;
    private static final int MAX_REQUEST = 65536;
    private static final int MAX_RESPONSE = 65536;
    private static final long ITEMS = 16;
    private static final int CHAIN = 1000;
    private static final String SERVICE = "shm-child";

    @TempDir
    Path runDir;
    @TempDir
    Path logs;

    private ChildJvm startServer(long profiles) throws Exception {
        return ChildJvm.start(logs.resolve("stderr"), ShmEchoServerChild.class, runDir.toString(), SERVICE,
                Long.toString(profiles), Integer.toString(MAX_REQUEST), Integer.toString(MAX_RESPONSE));
    }

    private static ClientHandshakeConfig client(long profiles) {
        return new ClientHandshakeConfig(profiles, profiles, MAX_REQUEST, ITEMS, MAX_RESPONSE, ITEMS, TOKEN, 0);
    }

    private static void echo(UdsSession session, long id, int length) throws Exception {
        ByteBuffer payload = pattern(length, (int) id);
        session.sendRequest(Packets.CODE + 1, 0, 1, id, payload, 0, length);
        ReceivedMessage response = session.receive(WAIT, null);
        assertThat(response.messageId()).isEqualTo(id);
        assertThat(response.payloadBytes()).isEqualTo(bytes(payload));
    }

    private static void batchEcho(UdsSession session, long id) throws Exception {
        int[] sizes = {5, 0, 1000, 77};
        byte[] payload = SessionExchanges.batch(MAX_REQUEST, sizes);
        session.sendRequest(Packets.CODE + 1, Wire.FLAG_BATCH, sizes.length, id, ByteBuffer.wrap(payload), 0,
                payload.length);
        SessionExchanges.assertBatch(session.receive(WAIT, null), sizes);
    }

    private Map<String, String> finalReport(ChildJvm child) throws Exception {
        Map<String, String> report = child.report();
        assertThat(child.process().waitFor(ChildJvm.STARTUP.toSeconds(), TimeUnit.SECONDS))
                .as("child exits; stderr: %s", child.stderr()).isTrue();
        assertThat(child.process().exitValue()).as("stderr: %s", child.stderr()).isZero();
        return report;
    }

    @Test
    void aServerInAnotherProcessServesAChainLimitMessagesAndABatchOverShm() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, SERVICE);
        try (ChildJvm child = startServer(SHM_AND_BASELINE)) {
            assertThat(child.report()).containsKey(ShmEchoServerChild.LISTENING);
            try (UdsSession session = UdsSession.connect(endpoint, client(SHM_AND_BASELINE), WAIT)) {
                assertThat(session.usesSharedMemory()).isTrue();
                assertThat(SessionExchanges.incrementChain(session, CHAIN)).isEqualTo(CHAIN);
                echo(session, CHAIN, MAX_REQUEST);
                echo(session, CHAIN + 1, 1);
                batchEcho(session, CHAIN + 2);
            }
            Map<String, String> report = finalReport(child);
            assertThat(report).containsEntry(ShmEchoServerChild.SERVED, Integer.toString(CHAIN + 3))
                    .containsEntry(ShmEchoServerChild.PROFILE, Integer.toString(Wire.PROFILE_SHM_HYBRID))
                    .containsEntry(ShmEchoServerChild.ENDED_WITH, TransportError.PEER_CLOSED.name())
                    .containsEntry(ShmEchoServerChild.REGIONS_LEFT, "0");
        }
        try (Stream<Path> files = Files.list(runDir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    private ChildJvm startClient(String mode) throws Exception {
        return ChildJvm.start(logs.resolve("stderr"), ShmClientChild.class, runDir.toString(), SERVICE,
                Long.toString(SHM_AND_BASELINE), Integer.toString(MAX_REQUEST), Integer.toString(CHAIN), mode);
    }

    /** Answers INCREMENT requests until the client hangs up; returns how many it answered. */
    private static long serveIncrements(UdsSession server) throws Exception {
        ByteBuffer answer = SessionExchanges.incrementAnswerBuffer();
        long served = 0;
        while (true) {
            ReceivedMessage request;
            try {
                request = server.receive(WAIT, null);
            } catch (TransportException e) {
                assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED);
                return served;
            }
            SessionExchanges.answerIncrement(server, request, answer);
            served++;
        }
    }

    private static ServerHandshakeConfig serverConfig() {
        return new ServerHandshakeConfig(SHM_AND_BASELINE, SHM_AND_BASELINE, MAX_REQUEST, MAX_RESPONSE, TOKEN, 0);
    }

    @Test
    void aClientInAnotherProcessRunsAChainAgainstAServerHere() throws Exception {
        try (UdsListener listener = UdsListener.open(new ServiceEndpoint(runDir, SERVICE), serverConfig());
                ChildJvm child = startClient(ShmClientChild.EXCHANGE)) {
            Path region;
            try (UdsSession server = listener.accept(ChildJvm.STARTUP, null)) {
                assertThat(server.usesSharedMemory()).isTrue();
                region = ShmRegionFiles.path(listener.endpoint(), server.sessionId());
                assertThat(serveIncrements(server)).isEqualTo(CHAIN);
            }
            assertThat(finalReport(child)).containsEntry(ShmClientChild.PROFILE,
                    Integer.toString(Wire.PROFILE_SHM_HYBRID)).containsEntry(ShmClientChild.CHAIN,
                    Integer.toString(CHAIN));
            assertThat(region).doesNotExist();
            assertThat(Files.readAllLines(Path.of("/proc/self/maps"))).noneMatch(line -> line.contains(
                    region.toString()));
        }
    }

    @Test
    void aClientProcessKilledMidSessionIsSeenByTheBlockedServerAsAHangUp() throws Exception {
        try (UdsListener listener = UdsListener.open(new ServiceEndpoint(runDir, SERVICE), serverConfig());
                ChildJvm child = startClient(ShmClientChild.HOLD);
                UdsSession server = listener.accept(ChildJvm.STARTUP, null)) {
            assertThat(child.report()).containsEntry(ShmClientChild.PROFILE,
                    Integer.toString(Wire.PROFILE_SHM_HYBRID));
            Future<ReceivedMessage> blocked = HandMadePeers.inBackground(() -> server.receive(null, null));
            child.process().destroyForcibly();
            assertThat(HandMadePeers.failureOf(blocked).error()).isEqualTo(TransportError.PEER_CLOSED);
        }
    }

    @Test
    void aBaselineOnlyServerInAnotherProcessServesTheSameOverTheSocket() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, SERVICE);
        try (ChildJvm child = startServer(Wire.PROFILE_BASELINE)) {
            assertThat(child.report()).containsKey(ShmEchoServerChild.LISTENING);
            try (UdsSession session = UdsSession.connect(endpoint, client(SHM_AND_BASELINE), WAIT)) {
                assertThat(session.usesSharedMemory()).isFalse();
                assertThat(SessionExchanges.incrementChain(session, CHAIN)).isEqualTo(CHAIN);
            }
            assertThat(finalReport(child)).containsEntry(ShmEchoServerChild.PROFILE,
                    Integer.toString(Wire.PROFILE_BASELINE));
        }
    }

    @Test
    void aServerProcessKilledOutrightLeavesARegionLiveUntilThenAndReclaimedAfter() throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, SERVICE);
        Path region;
        try (ChildJvm child = startServer(SHM_AND_BASELINE)) {
            assertThat(child.report()).containsKey(ShmEchoServerChild.LISTENING);
            try (UdsSession session = UdsSession.connect(endpoint, client(SHM_AND_BASELINE), WAIT)) {
                assertThat(session.usesSharedMemory()).isTrue();
                region = ShmRegionFiles.path(endpoint, session.sessionId());
                assertThatThrownBy(() -> ShmRegion.create(endpoint, session.sessionId(),
                        ShmRegionLayout.forAreaCapacities(1, 1)))
                        .as("another live process owns the region")
                        .isInstanceOfSatisfying(TransportException.class,
                                e -> assertThat(e.error()).isEqualTo(TransportError.ADDRESS_IN_USE));
                child.process().destroyForcibly();
                assertThat(child.process().waitFor(ChildJvm.STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(region).as("a killed server cannot remove its region").exists();
        try (UdsListener listener = UdsListener.open(endpoint, serverConfig())) {
            assertThat(region).as("the next server's startup scan reclaims it").doesNotExist();
        }
    }
}
