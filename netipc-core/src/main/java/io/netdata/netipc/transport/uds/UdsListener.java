package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.LibC;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import jnr.constants.platform.Errno;

/**
 * A listening UDS SEQPACKET endpoint, {@code {runDir}/{service}.sock}.
 *
 * <p>Opening recovers a stale endpoint first ({@link StaleEndpoint}), then binds
 * a socket file that only the owner can use (mode 0600, as the reference
 * creates it): the mode is set on the socket before {@code bind}, so the file
 * never exists with wider permissions and no process-wide umask is touched.
 * Closing stops accepting and removes the socket file if it is still this
 * listener's; sessions already accepted are not affected.
 *
 * <p>{@link #fd()} exposes the listening descriptor for callers' own event loops.
 *
 * <p>Thread-safety: {@link #close()} is safe from any thread and idempotent;
 * accepting is meant for one thread at a time.
 */
public final class UdsListener implements AutoCloseable {
    /** Pending-connection queue length, as the reference uses. */
    static final int BACKLOG = 16;
    /** Mode of the socket file: read and write for the owner only. */
    static final int SOCKET_MODE = 0600;
    private static final Set<PosixFilePermission> SOCKET_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final String FILE_KEY_ATTRIBUTE = "unix:ino";

    private final ServiceEndpoint endpoint;
    private final NativeFd fd;
    private final Object socketFileKey;

    private UdsListener(ServiceEndpoint endpoint, NativeFd fd, Object socketFileKey) {
        this.endpoint = endpoint;
        this.fd = fd;
        this.socketFileKey = socketFileKey;
    }

    /**
     * Opens the endpoint.
     *
     * @throws TransportException ADDRESS_IN_USE when a live server owns it; IO for other failures
     */
    public static UdsListener open(ServiceEndpoint endpoint) throws TransportException {
        Objects.requireNonNull(endpoint, "endpoint");
        StaleEndpoint.recover(endpoint);
        Path path = endpoint.socketPath();
        LibC libc = Native.libc();
        int socket = UdsSocket.open();
        if (socket < 0) {
            throw ioFailure("socket for " + path, Native.errno());
        }
        NativeFd fd = new NativeFd(socket);
        try {
            bindOwnerOnly(libc, socket, path);
        } catch (TransportException e) {
            fd.close();
            throw e;
        }
        try {
            Object fileKey = restrictPermissions(path);
            Native.check(libc.listen(socket, BACKLOG), "listen " + path);
            return new UdsListener(endpoint, fd, fileKey);
        } catch (IOException e) {
            // The socket file is ours from bind on: never leave it behind a failed open.
            fd.close();
            deleteQuietly(path);
            throw e instanceof NativeException n ? new TransportException(TransportError.IO, n.getMessage(), n)
                    : new TransportException(TransportError.IO, "cannot set up " + path, e);
        }
    }

    /** Binds {@code socket} to {@code path} with the owner-only mode set before the file exists. */
    private static void bindOwnerOnly(LibC libc, int socket, Path path) throws TransportException {
        if (libc.fchmod(socket, SOCKET_MODE) < 0) {
            throw ioFailure("fchmod socket for " + path, Native.errno());
        }
        byte[] address = UnixSocketAddress.of(path);
        if (libc.bind(socket, address, address.length) < 0) {
            int errno = Native.errno();
            throw errno == Errno.EADDRINUSE.intValue()
                    ? new TransportException(TransportError.ADDRESS_IN_USE, "another server bound " + path)
                    : ioFailure("bind " + path, errno);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Best effort on a path that is already failing; the caller's exception says why.
        }
    }

    /**
     * Makes sure the bound socket file is owner-only (a kernel that ignored the
     * pre-bind mode still gets it) and returns the file's identity.
     */
    private static Object restrictPermissions(Path path) throws IOException {
        if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(SOCKET_PERMISSIONS)) {
            Files.setPosixFilePermissions(path, SOCKET_PERMISSIONS);
        }
        return Files.getAttribute(path, FILE_KEY_ATTRIBUTE, LinkOption.NOFOLLOW_LINKS);
    }

    private static TransportException ioFailure(String operation, int errno) {
        NativeException cause = new NativeException(operation, errno);
        return new TransportException(TransportError.IO, cause.getMessage(), cause);
    }

    /** The endpoint this listener serves. */
    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    /** The listening descriptor, for callers' event loops; {@link NativeFd#CLOSED} after close. */
    public int fd() {
        return fd.fd();
    }

    public boolean isOpen() {
        return fd.isOpen();
    }

    /**
     * Accepts one connection, blocking until a client connects.
     *
     * @return the connected socket, owned by the caller
     * @throws TransportException IO when the listener is closed or accept fails
     */
    public NativeFd accept() throws TransportException {
        int listening = fd.fd();
        if (listening == NativeFd.CLOSED) {
            throw new TransportException(TransportError.IO, "listener for " + endpoint.socketPath() + " is closed");
        }
        int client = Native.libc().accept4(listening, 0, 0, UdsSocket.SOCK_CLOEXEC);
        if (client < 0) {
            throw ioFailure("accept on " + endpoint.socketPath(), Native.errno());
        }
        return new NativeFd(client);
    }

    /**
     * Stops accepting and removes the socket file when it is still this
     * listener's (another server may have reclaimed the path meanwhile).
     */
    @Override
    public void close() {
        if (!fd.isOpen()) {
            return;
        }
        fd.close();
        Path path = endpoint.socketPath();
        try {
            if (socketFileKey.equals(Files.getAttribute(path, FILE_KEY_ATTRIBUTE, LinkOption.NOFOLLOW_LINKS))) {
                deleteQuietly(path);
            }
        } catch (IOException e) {
            // Already gone or unreadable: nothing of ours left to remove.
        }
    }
}
