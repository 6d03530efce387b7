package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.UdsTestSupport.clientConfig;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pair;
import static io.netdata.netipc.transport.uds.UdsTestSupport.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportException;
import java.lang.management.ManagementFactory;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steady-state messaging allocates nothing per message: measured with the
 * thread allocation counter over many round trips after a warm-up, for single
 * packets and for chunked messages, with payloads in direct and heap buffers.
 */
class UdsSteadyStateAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;
    /**
     * Bytes tolerated over the whole measured run: far less than one byte per
     * message, room only for the JIT's own one-off bookkeeping.
     */
    private static final long TOLERANCE = 4096;
    private static final int OK = TransportStatus.OK.code();
    /** Requests in flight at once in the pipelined measurement. */
    private static final int PIPELINE_DEPTH = 8;

    @TempDir
    Path runDir;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** What one measured iteration does with a connected pair; {@code i} counts iterations. */
    private interface Exchange {
        void run(UdsTestSupport.Pair p, long i) throws Exception;
    }

    /**
     * One request and its response, both ends driven from this thread, each receive with
     * {@code timeout} and {@code abort} (null and null: no deadline, no signal).
     */
    private static void roundTrip(UdsTestSupport.Pair p, long id, ByteBuffer payload, int length, Duration timeout,
            AbortSignal abort) throws TransportException {
        p.client().sendRequest(Wire.METHOD_INCREMENT, 0, 1, id, payload, 0, length);
        echo(p.server(), timeout, abort);
        p.client().receive(timeout, abort);
    }

    /** Receives the next request and sends it back as the response. */
    private static void echo(UdsSession server, Duration timeout, AbortSignal abort) throws TransportException {
        ReceivedMessage request = server.receive(timeout, abort);
        server.sendResponse(request.code(), 0, OK, 1, request.messageId(), request.buffer(),
                request.payloadOffset(), request.payloadLength());
    }

    /**
     * {@value #PIPELINE_DEPTH} requests in flight at once: all sent, then each answered as it
     * arrives, then every response taken in turn.
     */
    private static void pipelined(UdsTestSupport.Pair p, long i, ByteBuffer payload, int length)
            throws TransportException {
        long first = i * PIPELINE_DEPTH;
        for (long id = first; id < first + PIPELINE_DEPTH; id++) {
            p.client().sendRequest(Wire.METHOD_INCREMENT, 0, 1, id, payload, 0, length);
        }
        for (int k = 0; k < PIPELINE_DEPTH; k++) {
            echo(p.server(), null, null);
        }
        for (int k = 0; k < PIPELINE_DEPTH; k++) {
            p.client().receive(null, null);
        }
    }

    private long measure(long packetSize, Exchange exchange) throws Exception {
        return measure(serverConfig(1 << 16, 1 << 16, packetSize), clientConfig(1 << 16, 1, 1 << 16, 0), exchange);
    }

    private long measure(ServerHandshakeConfig server, ClientHandshakeConfig client, Exchange exchange)
            throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, server, client)) {
            for (int i = 0; i < WARM_UP; i++) {
                exchange.run(p, i);
            }
            long before = allocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                exchange.run(p, i);
            }
            return allocatedBytes() - before;
        }
    }

    private long measure(long packetSize, ByteBuffer payload, int length) throws Exception {
        return measure(packetSize, (p, i) -> roundTrip(p, i, payload, length, null, null));
    }

    @Test
    void singlePacketMessagesFromADirectBufferAllocateNothing() throws Exception {
        assertThat(measure(0, ByteBuffer.allocateDirect(64), 64)).isLessThan(TOLERANCE);
    }

    @Test
    void singlePacketMessagesFromAHeapBufferAllocateNothing() throws Exception {
        assertThat(measure(0, ByteBuffer.allocate(64), 64)).isLessThan(TOLERANCE);
    }

    @Test
    void chunkedMessagesAllocateNothingOnceTheReassemblyBufferIsSized() throws Exception {
        // 1,000 bytes over 256-byte packets: four packets per message each way.
        assertThat(measure(256, ByteBuffer.allocateDirect(1000), 1000)).isLessThan(TOLERANCE);
    }

    @Test
    void receivingWithADeadlineAndARealAbortSignalAllocatesNothing() throws Exception {
        ByteBuffer payload = ByteBuffer.allocateDirect(64);
        try (AbortSignal abort = AbortSignal.create()) {
            assertThat(measure(0, (p, i) -> roundTrip(p, i, payload, 64, UdsTestSupport.WAIT, abort))).isLessThan(TOLERANCE);
        }
    }

    @Test
    void pipeliningEightRequestsDeepAllocatesNothing() throws Exception {
        ByteBuffer payload = ByteBuffer.allocateDirect(64);
        assertThat(measure(0, (p, i) -> pipelined(p, i, payload, 64))).isLessThan(TOLERANCE);
    }

    private static final long SHM = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;
    private static final ServerHandshakeConfig SHM_SERVER = new ServerHandshakeConfig(SHM, SHM, 1 << 16, 1 << 16,
            UdsTestSupport.TOKEN, 0);
    private static final ClientHandshakeConfig SHM_CLIENT = new ClientHandshakeConfig(SHM, SHM, 1 << 16, 1, 1 << 16,
            1, UdsTestSupport.TOKEN, 0);

    @Test
    void roundTripsOverSharedMemoryAllocateNothing() throws Exception {
        ByteBuffer direct = ByteBuffer.allocateDirect(1000);
        ByteBuffer heap = ByteBuffer.allocate(1000);
        try (AbortSignal abort = AbortSignal.create()) {
            assertThat(measure(SHM_SERVER, SHM_CLIENT, (p, i) -> {
                if (!p.client().usesSharedMemory()) {
                    // Checked without AssertJ, which would allocate on every iteration.
                    throw new AssertionError("the pair did not negotiate shared memory");
                }
                roundTrip(p, i, (i & 1) == 0 ? direct : heap, 1000, UdsTestSupport.WAIT, abort);
            })).isLessThan(TOLERANCE);
        }
    }

    /**
     * The server on a thread of its own, so that its receives (and the client's) may
     * sleep on the futex and run the abort check, which polls the socket and the
     * signal: each thread counts its own allocation over the measured run.
     */
    @Test
    void sharedMemoryReceiversThatWaitAllocateNothing() throws Exception {
        ByteBuffer payload = ByteBuffer.allocateDirect(64);
        try (AbortSignal abort = AbortSignal.create(); UdsTestSupport.Pair p = pair(runDir, SHM_SERVER, SHM_CLIENT)) {
            assertThat(p.server().usesSharedMemory()).isTrue();
            Future<Long> server = HandMadePeers.inBackground(() -> {
                for (int i = 0; i < WARM_UP; i++) {
                    echo(p.server(), UdsTestSupport.WAIT, abort);
                }
                long before = allocatedBytes();
                for (int i = 0; i < MEASURED; i++) {
                    echo(p.server(), UdsTestSupport.WAIT, abort);
                }
                return allocatedBytes() - before;
            });
            for (int i = 0; i < WARM_UP; i++) {
                p.client().sendRequest(Wire.METHOD_INCREMENT, 0, 1, i, payload, 0, 64);
                p.client().receive(UdsTestSupport.WAIT, abort);
            }
            long before = allocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                p.client().sendRequest(Wire.METHOD_INCREMENT, 0, 1, i, payload, 0, 64);
                p.client().receive(UdsTestSupport.WAIT, abort);
            }
            long client = allocatedBytes() - before;
            assertThat(client).as("client").isLessThan(TOLERANCE);
            assertThat(HandMadePeers.await(server)).as("server").isLessThan(TOLERANCE);
        }
    }
}
