package io.netdata.netipc.transport.shm;

import static io.netdata.netipc.transport.shm.ShmPair.OK;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Steady-state SHM messaging allocates nothing per message: measured with the
 * thread allocation counter over many round trips after a warm-up. Once with
 * both ends on the measured thread (every send and receive path of client and
 * server measured, no waiting), once against a server thread (the client's
 * waits, spins and futex sleeps measured).
 */
class ShmSteadyStateAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;
    /** Bytes tolerated over the whole measured run: room only for the JIT's own one-off bookkeeping. */
    private static final long TOLERANCE = 4096;
    private static final int PAYLOAD = 64;
    private static final long LIMIT = 1024;
    private static final long ITEMS = 1;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** One measured step; {@code i} counts steps. */
    private interface Step {
        void run(long i) throws TransportException;
    }

    private static long measure(Step step) throws TransportException {
        for (int i = 0; i < WARM_UP; i++) {
            step.run(i);
        }
        long before = allocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            step.run(i);
        }
        return allocatedBytes() - before;
    }

    private static long deadline() {
        return System.nanoTime() + ShmPair.HANG_GUARD_NANOS;
    }

    @Test
    void bothEndsOnOneThreadAllocateNothing() throws TransportException {
        ShmRegionLayout layout = ShmTestRegions.layout(LIMIT, LIMIT);
        ByteBuffer region = ShmTestRegions.created(layout);
        ParkingFutex futex = new ParkingFutex();
        ShmMessageSender clientOut = new ShmMessageSender(
                new ShmPublisher(region, layout, ShmDirection.REQUEST, futex));
        ShmMessageReceiver serverIn = new ShmMessageReceiver(new ShmConsumer(region, layout, ShmDirection.REQUEST,
                futex, ShmWaitPolicy.DEFAULT, 0), LIMIT, ITEMS);
        ShmMessageSender serverOut = new ShmMessageSender(
                new ShmPublisher(region, layout, ShmDirection.RESPONSE, futex));
        ShmMessageReceiver clientIn = new ShmMessageReceiver(new ShmConsumer(region, layout, ShmDirection.RESPONSE,
                futex, ShmWaitPolicy.DEFAULT, 0), LIMIT, ITEMS);
        ByteBuffer heapPayload = ByteBuffer.allocate(PAYLOAD);
        ByteBuffer directPayload = ByteBuffer.allocateDirect(PAYLOAD);
        long allocated = measure(i -> {
            clientOut.send(0, Wire.METHOD_INCREMENT, OK, 1, i, (i & 1) == 0 ? heapPayload : directPayload, 0,
                    PAYLOAD);
            ReceivedMessage request = serverIn.receive(deadline(), ShmAbortCheck.NONE);
            serverOut.send(0, request.code(), OK, 1, request.messageId(), request.buffer(), request.payloadOffset(),
                    request.payloadLength());
            clientIn.receive(deadline(), ShmAbortCheck.NONE);
        });
        assertThat(allocated).isLessThan(TOLERANCE);
    }

    @Test
    void aClientWaitingForAServerThreadAllocatesNothing() throws Exception {
        // Short spins, so that many of the client's waits end in a futex sleep.
        ShmWaitPolicy policy = new ShmWaitPolicy(4, TimeUnit.MILLISECONDS.toNanos(100));
        ShmPair.Handler echo = (request, out) -> out.send(0, request.code(), OK, 1, request.messageId(),
                request.buffer(), request.payloadOffset(), request.payloadLength());
        try (ShmPair pair = new ShmPair(LIMIT, LIMIT, ITEMS, policy, echo)) {
            ByteBuffer payload = ByteBuffer.allocateDirect(PAYLOAD);
            ShmAbortCheck neverAborted = () -> { };
            long allocated = measure(i -> {
                pair.requests.send(0, Wire.METHOD_INCREMENT, OK, 1, i, payload, 0, PAYLOAD);
                pair.responses.receive(deadline(), neverAborted);
            });
            assertThat(allocated).isLessThan(TOLERANCE);
            assertThat(pair.stop()).isEqualTo(WARM_UP + MEASURED);
        }
    }
}
