package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.LibC;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.constants.platform.Errno;

/**
 * Stale-endpoint recovery before a listener binds (upstream
 * {@code level1-posix-uds.md}): whatever sits at the socket path is probed by
 * connecting to it. A live server keeps it (address in use); a missing path
 * needs nothing; anything else (a dead server's socket, a foreign file, a
 * directory) is not a live server and is removed. When the probe socket itself
 * cannot be created (descriptor exhaustion), liveness is unknown and the
 * endpoint is kept rather than risk deleting a live server's socket.
 *
 * <p>Thread-safety: stateless.
 */
final class StaleEndpoint {
    private StaleEndpoint() {
    }

    /**
     * Makes the socket path free for binding, or throws when a live server owns it.
     *
     * @throws TransportException ADDRESS_IN_USE for a live server or an unknown liveness,
     *     IO when a stale entry cannot be removed
     */
    static void recover(ServiceEndpoint endpoint) throws TransportException {
        Path path = endpoint.socketPath();
        LibC libc = Native.libc();
        int probe = UdsSocket.open();
        if (probe < 0) {
            throw new TransportException(TransportError.ADDRESS_IN_USE,
                    "cannot probe " + path + " (no descriptor for the probe); keeping it");
        }
        int connected;
        int errno;
        try {
            byte[] address = UnixSocketAddress.of(path);
            do {
                connected = libc.connect(probe, address, address.length);
                errno = connected < 0 ? Native.errno() : 0;
            } while (errno == Errno.EINTR.intValue());
        } finally {
            libc.close(probe);
        }
        if (connected == 0) {
            throw new TransportException(TransportError.ADDRESS_IN_USE, "a live server listens at " + path);
        }
        if (errno != Errno.ENOENT.intValue()) {
            remove(path);
        }
    }

    /** Removes a stale entry (an empty directory included); one that will not go is reported as in use. */
    private static void remove(Path path) throws TransportException {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new TransportException(TransportError.ADDRESS_IN_USE,
                    "cannot remove stale endpoint " + path, e);
        }
    }
}
