package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.LibC;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jnr.constants.platform.Access;
import jnr.constants.platform.Errno;

/**
 * Stale-endpoint recovery before a listener binds (upstream
 * {@code level1-posix-uds.md}, "Stale endpoint recovery"). When nothing exists
 * at the socket path there is nothing to do. Otherwise whatever is there is
 * probed by connecting to it: a live server keeps it (address in use); an
 * {@code ENOENT} means it vanished meanwhile; anything else (a dead server's
 * socket, a foreign file, a directory) is not a live server and is removed.
 *
 * <p>The probe socket is non-blocking: a live server whose accept queue is
 * full answers {@code EAGAIN} instead of keeping the probe, and the listener's
 * open, waiting for a free slot forever; {@code EAGAIN} counts as live. A
 * refused probe ({@code ECONNREFUSED}) is retried
 * {@value #REFUSED_PROBE_ATTEMPTS} times in all, {@link #REFUSED_PROBE_PAUSE}
 * apart, as the Go reference does: another server that has bound the path but
 * not yet called {@code listen} refuses connections too, and must not lose its
 * fresh socket file. When the probe socket cannot be created because
 * descriptors are exhausted ({@code EMFILE}, {@code ENFILE}), liveness is
 * unknown and the endpoint is kept (address in use); any other failure to
 * create it keeps the endpoint too and is reported as IO.
 *
 * <p>Thread-safety: stateless.
 */
final class StaleEndpoint {
    /** Probes refused in a row before the endpoint counts as stale (the Go reference's count). */
    static final int REFUSED_PROBE_ATTEMPTS = 3;
    /** Pause between refused probes (the Go reference's delay): time for a bound server to reach listen. */
    static final Duration REFUSED_PROBE_PAUSE = Duration.ofMillis(50);
    /** Result of a probe that connected. */
    private static final int CONNECTED = 0;

    /** The parts of the probe that tests replace: creating its socket and pausing between attempts. */
    interface ProbeEnvironment {
        /** A new non-blocking SEQPACKET socket descriptor, or minus the errno of the failure. */
        int openSocket();

        /** Waits before the next probe after a refused one. */
        void pause() throws InterruptedException;
    }

    /** The real system calls. */
    static final ProbeEnvironment SYSTEM = new ProbeEnvironment() {
        @Override
        public int openSocket() {
            int fd = UdsSocket.openNonBlocking();
            return fd >= 0 ? fd : -Native.errno();
        }

        @Override
        public void pause() throws InterruptedException {
            Thread.sleep(REFUSED_PROBE_PAUSE.toMillis());
        }
    };

    private StaleEndpoint() {
    }

    /**
     * Makes the socket path free for binding, or throws when a live server owns it.
     *
     * @throws TransportException ADDRESS_IN_USE for a live server, an unknown liveness
     *     (descriptors exhausted, interrupted between probes) or a stale entry that will
     *     not go; IO when the probe socket cannot be created for another reason
     */
    static void recover(ServiceEndpoint endpoint) throws TransportException {
        recover(endpoint, SYSTEM);
    }

    /** As {@link #recover(ServiceEndpoint)}, with the probe's socket and pause from {@code environment}. */
    static void recover(ServiceEndpoint endpoint, ProbeEnvironment environment) throws TransportException {
        Path path = endpoint.socketPath();
        if (!mayExist(path)) {
            return;
        }
        int outcome = probe(path, environment);
        if (outcome == CONNECTED) {
            throw new TransportException(TransportError.ADDRESS_IN_USE, "a live server listens at " + path);
        }
        if (outcome == Errno.EAGAIN.intValue()) {
            throw new TransportException(TransportError.ADDRESS_IN_USE,
                    "a live server listens at " + path + " (its accept queue is full)");
        }
        if (outcome != Errno.ENOENT.intValue()) {
            remove(path);
        }
    }

    /**
     * False only when nothing exists at {@code path}. The check names the file by
     * the same bytes as the probe's {@code connect} ({@link UnixSocketAddress#cString})
     * and, like the probe, follows a symbolic link: an {@code lstat} would not change
     * the outcome, because the probe that follows would follow the link anyway. An
     * error other than "no such entry" leaves the question to the probe.
     */
    private static boolean mayExist(Path path) {
        if (Native.libc().access(UnixSocketAddress.cString(path), Access.F_OK.intValue()) == 0) {
            return true;
        }
        int errno = Native.errno();
        return errno != Errno.ENOENT.intValue() && errno != Errno.ENOTDIR.intValue();
    }

    /** Probes until one is not refused or the attempts run out; {@link #CONNECTED} or the last errno. */
    private static int probe(Path path, ProbeEnvironment environment) throws TransportException {
        byte[] address = UnixSocketAddress.of(path);
        for (int attempt = 1; ; attempt++) {
            int outcome = connectOnce(path, address, environment);
            if (outcome != Errno.ECONNREFUSED.intValue() || attempt == REFUSED_PROBE_ATTEMPTS) {
                return outcome;
            }
            pauseBeforeRetry(path, environment);
        }
    }

    /** One probe on a fresh socket (as the Go reference dials afresh): {@link #CONNECTED} or connect's errno. */
    private static int connectOnce(Path path, byte[] address, ProbeEnvironment environment)
            throws TransportException {
        int probe = environment.openSocket();
        if (probe < 0) {
            throw socketFailure(path, -probe);
        }
        LibC libc = Native.libc();
        try {
            int errno;
            do {
                errno = libc.connect(probe, address, address.length) == 0 ? CONNECTED : Native.errno();
            } while (errno == Errno.EINTR.intValue());
            return errno;
        } finally {
            libc.close(probe);
        }
    }

    /** Only descriptor exhaustion is "unknown liveness" in the spec; other failures are reported as they are. */
    private static TransportException socketFailure(Path path, int errno) {
        NativeException cause = new NativeException("socket to probe " + path, errno);
        boolean exhausted = errno == Errno.EMFILE.intValue() || errno == Errno.ENFILE.intValue();
        return exhausted
                ? new TransportException(TransportError.ADDRESS_IN_USE,
                        "cannot probe " + path + " (no descriptor for the probe); keeping it", cause)
                : new TransportException(TransportError.IO, cause.getMessage(), cause);
    }

    /** An interrupt ends the wait, and with it the chance to tell live from stale: the endpoint is kept. */
    private static void pauseBeforeRetry(Path path, ProbeEnvironment environment) throws TransportException {
        try {
            environment.pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(TransportError.ADDRESS_IN_USE,
                    "interrupted while probing " + path + "; keeping it", e);
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
