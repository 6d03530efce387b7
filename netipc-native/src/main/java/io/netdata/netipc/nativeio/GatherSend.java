package io.netdata.netipc.nativeio;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.constants.platform.Errno;
import jnr.constants.platform.SocketMessage;

/**
 * Sends one packet made of two separate native memory ranges (a header and a
 * slice of a payload) with a single {@code sendmsg(2)}, so a message's payload
 * is never copied to put a header in front of it. The {@code struct msghdr} and
 * its two {@code struct iovec}s live in direct memory owned by the object:
 * sending allocates nothing.
 *
 * <p>The layout is the LP64 Linux one, shared by x86_64 and aarch64 (the only
 * platforms {@link NativePlatform} admits).
 *
 * <p>Thread-safety: not thread-safe; give each sending thread its own instance.
 */
public final class GatherSend {
    /** {@code MSG_NOSIGNAL}: a closed peer yields {@code EPIPE} instead of killing the process with SIGPIPE. */
    public static final int MSG_NOSIGNAL = SocketMessage.MSG_NOSIGNAL.intValue();

    private static final int MSGHDR_SIZE = 56;
    private static final int OFF_MSG_IOV = 16;
    private static final int OFF_MSG_IOVLEN = 24;
    private static final int IOVEC_SIZE = 16;
    private static final int OFF_IOV_BASE = 0;
    private static final int OFF_IOV_LEN = 8;
    private static final int MAX_VECTORS = 2;

    private final ByteBuffer memory = ByteBuffer.allocateDirect(MSGHDR_SIZE + MAX_VECTORS * IOVEC_SIZE)
            .order(ByteOrder.nativeOrder());
    private final long messageAddress = Native.address(memory);

    public GatherSend() {
        memory.putLong(OFF_MSG_IOV, messageAddress + MSGHDR_SIZE);
    }

    /**
     * Sends {@code [first, first + firstLength)} followed by
     * {@code [second, second + secondLength)} as one packet, retrying when a
     * signal interrupts the call before anything was sent.
     *
     * @param secondLength may be 0, then only the first range is sent
     * @return the number of bytes sent
     * @throws NativeException when {@code sendmsg} fails
     */
    public long send(int fd, long first, long firstLength, long second, long secondLength) throws NativeException {
        int vectors = secondLength == 0 ? 1 : MAX_VECTORS;
        setVector(0, first, firstLength);
        setVector(1, second, secondLength);
        memory.putLong(OFF_MSG_IOVLEN, vectors);
        try {
            while (true) {
                long sent = Native.libc().sendmsg(fd, messageAddress, MSG_NOSIGNAL);
                if (sent >= 0) {
                    return sent;
                }
                int errno = Native.errno();
                if (errno != Errno.EINTR.intValue()) {
                    throw new NativeException("sendmsg", errno);
                }
            }
        } finally {
            // The kernel reads the msghdr: it must outlive the call even if this object does not.
            Reference.reachabilityFence(memory);
        }
    }

    private void setVector(int index, long base, long length) {
        int offset = MSGHDR_SIZE + index * IOVEC_SIZE;
        memory.putLong(offset + OFF_IOV_BASE, base);
        memory.putLong(offset + OFF_IOV_LEN, length);
    }
}
