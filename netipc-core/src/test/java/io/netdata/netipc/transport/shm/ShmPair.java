package io.netdata.netipc.transport.shm;

import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Both ends of one region in one process: a client end (request sender,
 * response receiver) on the caller's thread and a server end (request receiver,
 * response sender) answering on a thread of its own with a {@link Handler}. Each
 * end builds its own publisher and consumer over the shared buffer, as two
 * processes would over their own mappings. {@link #close()} stops and joins the
 * server thread and reports what failed on it.
 */
final class ShmPair implements AutoCloseable {
    /** Hang guard for every receive in these tests: never reached unless something is broken. */
    static final long HANG_GUARD_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final int OK = TransportStatus.OK.code();

    /** What the server does with one request. */
    interface Handler {
        void handle(ReceivedMessage request, ShmMessageSender responses) throws TransportException;
    }

    final ShmRegionLayout layout;
    final ByteBuffer region;
    final ParkingFutex futex = new ParkingFutex();
    final ShmMessageSender requests;
    final ShmMessageReceiver responses;
    private final ExecutorService executor;
    private final Future<Long> server;
    private volatile boolean stopping;

    ShmPair(long maxRequestPayload, long maxResponsePayload, long maxItems, ShmWaitPolicy policy, Handler handler) {
        this.layout = ShmTestRegions.layout(maxRequestPayload, maxResponsePayload);
        this.region = ShmTestRegions.created(layout);
        ShmMessageSender serverOut = new ShmMessageSender(
                new ShmPublisher(region, layout, ShmDirection.RESPONSE, futex));
        ShmMessageReceiver serverIn = new ShmMessageReceiver(
                new ShmConsumer(region, layout, ShmDirection.REQUEST, futex, policy, 0), maxRequestPayload, maxItems);
        this.requests = new ShmMessageSender(new ShmPublisher(region, layout, ShmDirection.REQUEST, futex));
        this.responses = new ShmMessageReceiver(new ShmConsumer(region, layout, ShmDirection.RESPONSE, futex, policy,
                ShmConsumer.publishedSequence(region, layout, ShmDirection.RESPONSE)), maxResponsePayload, maxItems);
        this.executor = Executors.newSingleThreadExecutor(task -> {
            // A daemon, so a regression that leaves it blocked cannot hold the test JVM open.
            Thread thread = new Thread(task, "shm-test-server");
            thread.setDaemon(true);
            return thread;
        });
        ShmAbortCheck stop = () -> {
            if (stopping) {
                throw new TransportException(TransportError.CLOSED, "test over");
            }
        };
        this.server = executor.submit(() -> serve(serverIn, serverOut, stop, handler));
    }

    /** Answers until stopped; returns how many requests it answered. */
    private long serve(ShmMessageReceiver in, ShmMessageSender out, ShmAbortCheck stop, Handler handler)
            throws TransportException {
        long served = 0;
        while (true) {
            ReceivedMessage request;
            try {
                request = in.receive(ShmConsumer.NO_DEADLINE, stop);
            } catch (TransportException e) {
                if (e.error() == TransportError.CLOSED) {
                    return served;
                }
                throw e;
            }
            handler.handle(request, out);
            served++;
        }
    }

    /** The next response, within the hang guard. */
    ReceivedMessage receive() throws TransportException {
        return responses.receive(System.nanoTime() + HANG_GUARD_NANOS, ShmAbortCheck.NONE);
    }

    /**
     * Stops the server thread and returns how many requests it answered.
     *
     * @throws Exception whatever failed on the server thread
     */
    long stop() throws Exception {
        stopping = true;
        try {
            return server.get(HANG_GUARD_NANOS, TimeUnit.NANOSECONDS);
        } finally {
            executor.shutdownNow();
        }
    }

    @Override
    public void close() throws Exception {
        if (!executor.isShutdown()) {
            stop();
        }
    }
}
