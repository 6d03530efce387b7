package io.netdata.netipc.it;

import io.netdata.netipc.nativeio.SharedMapping;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.SessionRole;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.shm.NativeShmFutex;
import io.netdata.netipc.transport.shm.ShmAbortCheck;
import io.netdata.netipc.transport.shm.ShmConsumer;
import io.netdata.netipc.transport.shm.ShmDirection;
import io.netdata.netipc.transport.shm.ShmMessageReceiver;
import io.netdata.netipc.transport.shm.ShmMessageSender;
import io.netdata.netipc.transport.shm.ShmPublisher;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmWaitPolicy;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One side of a bare SHM region, without the UDS session around it, as the
 * {@code interop_shm} fixtures of every language use it: the role's publisher
 * and consumer over the region, which the channel holds mapped from creation
 * until {@link #close()} (nothing else closes it, so the mapping cannot go away
 * under a send or receive).
 *
 * <p>Thread-safety: not thread-safe; one thread owns a channel.
 */
final class ShmChannel implements AutoCloseable {
    private final ShmRegion region;
    private final ShmMessageSender sender;
    private final ShmMessageReceiver receiver;

    /**
     * @param region the region, owned by the channel from now on
     * @param role the side this process plays
     * @param maxInboundPayload the longest payload accepted from the peer
     * @param maxInboundItems the most batch items accepted from the peer
     */
    ShmChannel(ShmRegion region, SessionRole role, long maxInboundPayload, long maxInboundItems) {
        this.region = region;
        SharedMapping mapping = region.mapping();
        ByteBuffer mapped = mapping.acquire();
        boolean built = false;
        try {
            if (mapped == null) {
                throw new IllegalStateException("region " + region.path() + " is already closed");
            }
            NativeShmFutex futex = new NativeShmFutex();
            ShmDirection inbound = ShmDirection.inbound(role);
            // The server reads from the first request on: its region existed before any client could
            // publish. A client starts at what is published when it attaches, as the reference's does.
            long firstSequence = role == SessionRole.SERVER ? 0
                    : ShmConsumer.publishedSequence(mapped, region.layout(), inbound);
            this.sender = new ShmMessageSender(new ShmPublisher(mapped, region.layout(),
                    ShmDirection.outbound(role), futex));
            this.receiver = new ShmMessageReceiver(new ShmConsumer(mapped, region.layout(), inbound, futex,
                    ShmWaitPolicy.DEFAULT, firstSequence), maxInboundPayload, maxInboundItems);
            built = true;
        } finally {
            if (!built) {
                if (mapped != null) {
                    mapping.release();
                }
                region.close();
            }
        }
    }

    /** Publishes one message of this side's direction. */
    void send(int flags, int code, int transportStatus, long itemCount, long messageId, ByteBuffer payload,
            int offset, int length) throws TransportException {
        sender.send(flags, code, transportStatus, itemCount, messageId, payload, offset, length);
    }

    /** Waits up to {@code timeoutMillis} for the peer's next message, valid until the next receive. */
    ReceivedMessage receive(long timeoutMillis) throws TransportException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        return receiver.receive(deadline, ShmAbortCheck.NONE);
    }

    /** Unmaps the region; a server's channel also removes the file. */
    @Override
    public void close() {
        region.mapping().release();
        region.close();
    }
}
