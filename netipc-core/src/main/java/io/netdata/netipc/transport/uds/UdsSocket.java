package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.protocol.Wire;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.Fcntl;
import jnr.constants.platform.OpenFlags;
import jnr.constants.platform.Shutdown;
import jnr.constants.platform.Sock;
import jnr.constants.platform.SocketLevel;
import jnr.constants.platform.SocketOption;

/**
 * Socket constants and creation shared by the UDS listener and sessions.
 *
 * <p>Thread-safety: stateless.
 */
final class UdsSocket {
    /** {@code SOCK_CLOEXEC}: on Linux the same bit as {@code O_CLOEXEC}; descriptors never leak into children. */
    static final int SOCK_CLOEXEC = OpenFlags.O_CLOEXEC.intValue();
    /** {@code SOCK_NONBLOCK}: calls that would wait fail with {@code EAGAIN} instead. */
    static final int SOCK_NONBLOCK = Sock.SOCK_NONBLOCK.intValue();
    /** {@code O_NONBLOCK}, the file-status flag {@link #SOCK_NONBLOCK} sets. */
    static final int O_NONBLOCK = OpenFlags.O_NONBLOCK.intValue();
    /** {@code AF_UNIX}. */
    static final int FAMILY = AddressFamily.AF_UNIX.intValue();
    /** {@code SOCK_SEQPACKET}: reliable, ordered, message boundaries kept. */
    static final int TYPE = Sock.SOCK_SEQPACKET.intValue();

    /** {@code SOL_SOCKET}. */
    static final int SOL_SOCKET = SocketLevel.SOL_SOCKET.intValue();
    /** {@code SO_SNDBUF}. */
    static final int SO_SNDBUF = SocketOption.SO_SNDBUF.intValue();
    /** {@code SHUT_RDWR}: ends both directions; wakes a thread blocked in accept on a listener. */
    static final int SHUT_RDWR = Shutdown.SHUT_RDWR.intValue();
    /** Packet size the reference assumes when the socket will not tell its send buffer. */
    static final int FALLBACK_PACKET_SIZE = 65536;
    /**
     * Linux refuses a datagram longer than the send buffer minus this many bytes
     * ({@code EMSGSIZE}), so a socket whose {@code SO_SNDBUF} equals the packet
     * size cannot send a full packet.
     */
    static final int KERNEL_DATAGRAM_RESERVE = 32;

    private UdsSocket() {
    }

    /** The profiles this transport can speak: the baseline and, over a per-session region, SHM_HYBRID. */
    static final long SUPPORTED_PROFILES = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;

    /**
     * Refuses profile sets this transport cannot honour: a session that negotiated
     * a profile would have to speak it. SHM_FUTEX and the other bits have no data
     * plane here (0 means baseline).
     *
     * @throws IllegalArgumentException for any bit other than {@link Wire#PROFILE_BASELINE} and
     *     {@link Wire#PROFILE_SHM_HYBRID}
     */
    static void requireSupportedProfiles(long supportedProfiles) {
        if ((supportedProfiles & ~SUPPORTED_PROFILES) != 0) {
            throw new IllegalArgumentException("supported profiles 0x" + Long.toHexString(supportedProfiles)
                    + ": only the baseline (0x1) and SHM_HYBRID (0x2) profiles are available over this transport");
        }
    }

    /**
     * The socket's packet size, derived from its {@code SO_SNDBUF} as the
     * reference does, less the {@value #KERNEL_DATAGRAM_RESERVE} bytes Linux
     * keeps back: the reference proposes the raw {@code SO_SNDBUF}, a packet the
     * kernel refuses ({@code EMSGSIZE}), which would keep a reference peer from
     * sending full packets to us. {@value #FALLBACK_PACKET_SIZE} when the buffer
     * size cannot be read.
     */
    static long detectPacketSize(int fd) {
        int size = sendBufferSize(fd);
        return size > KERNEL_DATAGRAM_RESERVE + Wire.HEADER_LEN ? size - KERNEL_DATAGRAM_RESERVE
                : FALLBACK_PACKET_SIZE;
    }

    /** {@code SO_SNDBUF}, or 0 when it cannot be read. */
    static int sendBufferSize(int fd) {
        int[] value = {0};
        int[] length = {Integer.BYTES};
        return Native.libc().getsockopt(fd, SOL_SOCKET, SO_SNDBUF, value, length) < 0 ? 0 : value[0];
    }

    /**
     * Makes the socket able to send packets of {@code packetSize} bytes by raising
     * its send buffer when it is too small; the kernel caps the raise at
     * {@code net.core.wmem_max}, and a send that still does not fit fails with
     * {@code EMSGSIZE} as it would without this.
     */
    static void ensureCanSend(int fd, long packetSize) {
        if (sendBufferSize(fd) - KERNEL_DATAGRAM_RESERVE >= packetSize) {
            return;
        }
        long wanted = Math.min(packetSize + KERNEL_DATAGRAM_RESERVE, Integer.MAX_VALUE);
        Native.libc().setsockopt(fd, SOL_SOCKET, SO_SNDBUF, new int[] {(int) wanted}, Integer.BYTES);
    }

    /** Shuts both directions of {@code socket} down, waking every call blocked on it; errors are moot. */
    static void shutDown(int socket) {
        Native.libc().shutdown(socket, SHUT_RDWR);
    }

    /** A new close-on-exec SEQPACKET socket descriptor, or a negative value with errno set. */
    static int open() {
        return Native.libc().socket(FAMILY, TYPE | SOCK_CLOEXEC, 0);
    }

    /** As {@link #open()}, but non-blocking: for connects that must not wait past a deadline. */
    static int openNonBlocking() {
        return Native.libc().socket(FAMILY, TYPE | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    }

    /**
     * Makes {@code socket} blocking again, as sessions need it.
     *
     * @throws NativeException when {@code fcntl} fails
     */
    static void makeBlocking(int socket) throws NativeException {
        int flags = Native.check(Native.libc().fcntl(socket, Fcntl.F_GETFL.intValue(), 0), "fcntl F_GETFL");
        Native.check(Native.libc().fcntl(socket, Fcntl.F_SETFL.intValue(), flags & ~O_NONBLOCK), "fcntl F_SETFL");
    }
}
