package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.GatherSend;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.nativeio.WaitResult;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import jnr.constants.platform.Errno;
import jnr.constants.platform.SocketMessage;

/**
 * Packet-level I/O on one connected SEQPACKET socket: one call sends or
 * receives exactly one packet. Turns every operating-system outcome into the
 * {@link TransportError} a session acts on: an orderly or abrupt close by the
 * peer is PEER_CLOSED, a packet longer than the receive buffer a
 * PROTOCOL_VIOLATION (detected with {@code MSG_TRUNC}, never silently cut),
 * anything else IO.
 *
 * <p>Payloads in direct buffers are sent in place with a gathered
 * {@code sendmsg}; payloads in heap buffers are copied packet by packet into a
 * direct staging buffer, the one copy the system call needs.
 *
 * <p>Thread-safety: not thread-safe; owned by one session.
 */
final class SeqPacketChannel {
    /** {@code MSG_TRUNC}: recv returns the packet's real length even when the buffer is shorter. */
    static final int MSG_TRUNC = SocketMessage.MSG_TRUNC.intValue();

    private final NativeFd fd;
    private final GatherSend gather = new GatherSend();
    private final ReadinessWait wait = new ReadinessWait();
    private ByteBuffer staging;
    private long stagingAddress;

    SeqPacketChannel(NativeFd fd) {
        this.fd = fd;
    }

    /** The socket's packet size as {@link UdsSocket#detectPacketSize(int)} derives it. */
    long detectPacketSize() throws TransportException {
        int socket = acquire();
        try {
            return UdsSocket.detectPacketSize(socket);
        } finally {
            fd.release();
        }
    }

    /**
     * Sends the direct-memory header {@code [headerAddress, +headerLength)} followed by
     * {@code payload[offset, offset + length)} as one packet.
     *
     * @throws TransportException CLOSED when the socket is (or gets) closed; PEER_CLOSED; IO
     */
    void send(ByteBuffer header, long headerAddress, int headerLength, ByteBuffer payload, int offset, int length)
            throws TransportException {
        int socket = acquire();
        try {
            sendOn(socket, header, headerAddress, headerLength, payload, offset, length);
        } catch (TransportException e) {
            throw closedMeanwhile(e);
        } finally {
            fd.release();
            // The kernel reads these buffers (the staging one too, a field of this object): they must
            // outlive the call even when the caller drops them.
            Reference.reachabilityFence(header);
            Reference.reachabilityFence(payload);
            Reference.reachabilityFence(this);
        }
    }

    private void sendOn(int socket, ByteBuffer header, long headerAddress, int headerLength, ByteBuffer payload,
            int offset, int length) throws TransportException {
        long expected = (long) headerLength + length;
        long sent;
        try {
            if (length == 0 || payload.isDirect()) {
                long payloadAddress = length == 0 ? 0 : Native.address(payload) + offset;
                sent = gather.send(socket, headerAddress, headerLength, payloadAddress, length);
            } else {
                ByteBuffer stage = staging((int) expected);
                stage.put(0, header, 0, headerLength);
                stage.put(headerLength, payload, offset, length);
                sent = gather.send(socket, stagingAddress, expected, 0, 0);
            }
        } catch (NativeException e) {
            throw failure("send", e);
        }
        if (sent != expected) {
            // SEQPACKET sends whole packets or fail; a short count means the kernel broke that promise.
            throw new TransportException(TransportError.IO, "short send: " + sent + " of " + expected + " bytes");
        }
    }

    private ByteBuffer staging(int size) throws TransportException {
        if (staging == null || staging.capacity() < size) {
            try {
                staging = ByteBuffer.allocateDirect(size);
            } catch (OutOfMemoryError e) {
                throw new TransportException(TransportError.LIMIT_EXCEEDED,
                        "no direct memory to stage a packet of " + size + " bytes", e);
            }
            stagingAddress = Native.address(staging);
        }
        return staging;
    }

    /**
     * Receives one packet into {@code [address, address + capacity)} of {@code buffer},
     * first waiting for it until {@code deadlineNanos} or an abort.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link ReadinessWait#NO_DEADLINE}
     * @param abort may be null
     * @return the packet length, at most {@code capacity}
     * @throws TransportException TIMEOUT or ABORTED before anything was read; PEER_CLOSED,
     *     PROTOCOL_VIOLATION (packet longer than {@code capacity}), CLOSED or IO
     * @throws IllegalStateException when {@code abort} is closed
     */
    int receive(ByteBuffer buffer, long address, int capacity, long deadlineNanos, AbortSignal abort)
            throws TransportException {
        int socket = acquire();
        try {
            if (deadlineNanos != ReadinessWait.NO_DEADLINE || abort != null) {
                awaitReadable(socket, deadlineNanos, abort);
            }
            return receiveOn(socket, address, capacity);
        } catch (TransportException e) {
            throw closedMeanwhile(e);
        } finally {
            fd.release();
            // The kernel writes into the buffer: it must outlive the call even when the caller drops it.
            Reference.reachabilityFence(buffer);
        }
    }

    private static int receiveOn(int socket, long address, int capacity) throws TransportException {
        while (true) {
            long received = Native.libc().recv(socket, address, capacity, MSG_TRUNC);
            if (received > capacity) {
                throw new TransportException(TransportError.PROTOCOL_VIOLATION,
                        "packet of " + received + " bytes exceeds the agreed packet size " + capacity);
            }
            if (received > 0) {
                return (int) received;
            }
            if (received == 0) {
                throw new TransportException(TransportError.PEER_CLOSED, "peer closed the connection");
            }
            int errno = Native.errno();
            if (errno != Errno.EINTR.intValue()) {
                throw failure("recv", new NativeException("recv", errno));
            }
        }
    }

    private void awaitReadable(int socket, long deadlineNanos, AbortSignal abort) throws TransportException {
        WaitResult result;
        try {
            result = wait.await(socket, abort, deadlineNanos);
        } catch (NativeException e) {
            throw failure("poll", e);
        }
        throwIfNotReady(result, "receive");
    }

    /** Turns a wait's TIMEOUT or ABORTED into its exception; READY returns. */
    static void throwIfNotReady(WaitResult result, String operation) throws TransportException {
        if (result == WaitResult.TIMEOUT) {
            throw new TransportException(TransportError.TIMEOUT, operation + ": nothing arrived before the deadline");
        }
        if (result == WaitResult.ABORTED) {
            throw new TransportException(TransportError.ABORTED, operation + " aborted");
        }
    }

    private int acquire() throws TransportException {
        int socket = fd.acquire();
        if (socket == NativeFd.CLOSED) {
            throw new TransportException(TransportError.CLOSED, "session is closed");
        }
        return socket;
    }

    /** A failure seen while the owner closed the socket from another thread is reported as that close. */
    private TransportException closedMeanwhile(TransportException e) {
        return fd.isOpen() ? e : new TransportException(TransportError.CLOSED, "session closed during the call", e);
    }

    /** Classifies a failed call: a vanished peer is PEER_CLOSED, the rest IO. */
    static TransportException failure(String operation, NativeException e) {
        boolean peerGone = e.is(Errno.EPIPE) || e.is(Errno.ECONNRESET) || e.is(Errno.ENOTCONN);
        return new TransportException(peerGone ? TransportError.PEER_CLOSED : TransportError.IO,
                operation + ": " + e.getMessage(), e);
    }
}
