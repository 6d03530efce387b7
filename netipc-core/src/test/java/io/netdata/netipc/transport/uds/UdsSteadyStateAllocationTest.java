package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.UdsTestSupport.clientConfig;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pair;
import static io.netdata.netipc.transport.uds.UdsTestSupport.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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

    @TempDir
    Path runDir;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** One request and its response, both ends driven from this thread. */
    private static void roundTrip(UdsTestSupport.Pair p, long id, ByteBuffer payload, int length)
            throws TransportException {
        p.client().sendRequest(Wire.METHOD_INCREMENT, 0, 1, id, payload, 0, length);
        ReceivedMessage request = p.server().receive();
        p.server().sendResponse(request.code(), 0, OK, 1, request.messageId(), request.buffer(),
                request.payloadOffset(), request.payloadLength());
        p.client().receive();
    }

    private long measure(long packetSize, ByteBuffer payload, int length) throws Exception {
        try (UdsTestSupport.Pair p = pair(runDir, serverConfig(1 << 16, 1 << 16, packetSize),
                clientConfig(1 << 16, 1, 1 << 16, 0))) {
            for (int i = 0; i < WARM_UP; i++) {
                roundTrip(p, i, payload, length);
            }
            long before = allocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                roundTrip(p, i, payload, length);
            }
            return allocatedBytes() - before;
        }
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
}
