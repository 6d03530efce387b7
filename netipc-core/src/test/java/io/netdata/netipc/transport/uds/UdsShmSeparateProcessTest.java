package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.UdsTestSupport.TOKEN;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.bytes;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java client here and a Java server in a child JVM ({@link ShmEchoServerChild}):
 * the region is shared between two processes, as with any other peer. A counter
 * chain, messages at both capacity limits and a batch cross it; when the client
 * hangs up the server sees it through the socket, closes, and leaves no region file.
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
}
