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

    int fd() {
        return fd.fd();
    }

    /**
     * Sends the direct-memory header {@code [headerAddress, +headerLength)} followed by
     * {@code payload[offset, offset + length)} as one packet.
     */
    void send(ByteBuffer header, long headerAddress, int headerLength, ByteBuffer payload, int offset, int length)
            throws TransportException {
        long expected = (long) headerLength + length;
        long sent;
        try {
            if (length == 0 || payload.isDirect()) {
                long payloadAddress = length == 0 ? 0 : Native.address(payload) + offset;
                sent = gather.send(fd.fd(), headerAddress, headerLength, payloadAddress, length);
            } else {
                ByteBuffer stage = staging((int) expected);
                stage.put(0, header, 0, headerLength);
                stage.put(headerLength, payload, offset, length);
                sent = gather.send(fd.fd(), stagingAddress, expected, 0, 0);
            }
        } catch (NativeException e) {
            throw failure("send", e);
        }
        if (sent != expected) {
            // SEQPACKET sends whole packets or fail; a short count means the kernel broke that promise.
            throw new TransportException(TransportError.IO, "short send: " + sent + " of " + expected + " bytes");
        }
    }

    private ByteBuffer staging(int size) {
        if (staging == null || staging.capacity() < size) {
            staging = ByteBuffer.allocateDirect(size);
            stagingAddress = Native.address(staging);
        }
        return staging;
    }

    /**
     * Receives one packet into {@code [address, address + capacity)}, first waiting
     * for it until {@code deadlineNanos} or an abort.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link ReadinessWait#NO_DEADLINE}
     * @param abort may be null
     * @return the packet length, at most {@code capacity}
     * @throws TransportException TIMEOUT or ABORTED before anything was read; PEER_CLOSED,
     *     PROTOCOL_VIOLATION (packet longer than {@code capacity}) or IO
     */
    int receive(long address, int capacity, long deadlineNanos, AbortSignal abort) throws TransportException {
        if (deadlineNanos != ReadinessWait.NO_DEADLINE || abort != null) {
            awaitReadable(deadlineNanos, abort);
        }
        while (true) {
            long received = Native.libc().recv(fd.fd(), address, capacity, MSG_TRUNC);
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

    private void awaitReadable(long deadlineNanos, AbortSignal abort) throws TransportException {
        WaitResult result;
        try {
            result = wait.await(fd.fd(), abort == null ? NativeFd.CLOSED : abort.fd(), deadlineNanos);
        } catch (NativeException e) {
            throw failure("poll", e);
        }
        if (result == WaitResult.TIMEOUT) {
            throw new TransportException(TransportError.TIMEOUT, "no packet before the deadline");
        }
        if (result == WaitResult.ABORTED) {
            throw new TransportException(TransportError.ABORTED, "receive aborted");
        }
    }

    /** Classifies a failed call: a vanished peer is PEER_CLOSED, the rest IO. */
    static TransportException failure(String operation, NativeException e) {
        boolean peerGone = e.is(Errno.EPIPE) || e.is(Errno.ECONNRESET) || e.is(Errno.ENOTCONN);
        return new TransportException(peerGone ? TransportError.PEER_CLOSED : TransportError.IO,
                operation + ": " + e.getMessage(), e);
    }
}
