package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.Native;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.OpenFlags;
import jnr.constants.platform.Sock;

/**
 * Socket constants and creation shared by the UDS listener and sessions.
 *
 * <p>Thread-safety: stateless.
 */
final class UdsSocket {
    /** {@code SOCK_CLOEXEC}: on Linux the same bit as {@code O_CLOEXEC}; descriptors never leak into children. */
    static final int SOCK_CLOEXEC = OpenFlags.O_CLOEXEC.intValue();
    /** {@code AF_UNIX}. */
    static final int FAMILY = AddressFamily.AF_UNIX.intValue();
    /** {@code SOCK_SEQPACKET}: reliable, ordered, message boundaries kept. */
    static final int TYPE = Sock.SOCK_SEQPACKET.intValue();

    private UdsSocket() {
    }

    /** A new close-on-exec SEQPACKET socket descriptor, or a negative value with errno set. */
    static int open() {
        return Native.libc().socket(FAMILY, TYPE | SOCK_CLOEXEC, 0);
    }
}
