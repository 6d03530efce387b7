package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jnr.constants.platform.Errno;

/**
 * Connects a client socket to an endpoint without waiting past a deadline.
 *
 * <p>A blocking {@code connect} to a server whose accept queue is full waits
 * until the server accepts someone, forever if it is stuck. The socket is
 * therefore connected non-blocking: a full queue fails at once with
 * {@code EAGAIN}, and the connect is retried after a short pause until the
 * deadline. The connected socket is made blocking again, as sessions need.
 *
 * <p>Thread-safety: stateless.
 */
final class UdsConnector {
    /** Pause before retrying a connect that a full accept queue refused. */
    static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private UdsConnector() {
    }

    /**
     * A blocking socket connected to {@code endpoint}, owned by the caller.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline or {@link ReadinessWait#NO_DEADLINE}
     * @throws TransportException NOT_FOUND when no server listens; TIMEOUT when the server's
     *     queue stays full until the deadline; ABORTED when the thread is interrupted while
     *     waiting for room in it; IO for anything else
     */
    static NativeFd connect(ServiceEndpoint endpoint, long deadlineNanos) throws TransportException {
        int socket = UdsSocket.openNonBlocking();
        if (socket < 0) {
            throw io(new NativeException("socket", Native.errno()));
        }
        NativeFd fd = new NativeFd(socket);
        boolean connected = false;
        try {
            connectWithin(socket, endpoint.socketPath(), deadlineNanos);
            UdsSocket.makeBlocking(socket);
            connected = true;
            return fd;
        } catch (NativeException e) {
            throw io(e);
        } finally {
            if (!connected) {
                fd.close();
            }
        }
    }

    private static void connectWithin(int socket, Path path, long deadlineNanos) throws TransportException {
        byte[] address = UnixSocketAddress.of(path);
        while (Native.libc().connect(socket, address, address.length) < 0) {
            int errno = Native.errno();
            if (errno == Errno.EINTR.intValue()) {
                continue;
            }
            if (errno == Errno.EAGAIN.intValue() || errno == Errno.EWOULDBLOCK.intValue()) {
                awaitRetry(path, deadlineNanos);
                continue;
            }
            NativeException e = new NativeException("connect " + path, errno);
            boolean absent = e.is(Errno.ENOENT) || e.is(Errno.ECONNREFUSED);
            throw new TransportException(absent ? TransportError.NOT_FOUND : TransportError.IO, e.getMessage(), e);
        }
    }

    /**
     * Pauses before the next attempt, or throws TIMEOUT when the deadline has passed and
     * ABORTED when the thread is interrupted (its interrupt status stays set): a pending
     * interrupt would otherwise turn every pause into none and the retries into a busy loop.
     */
    private static void awaitRetry(Path path, long deadlineNanos) throws TransportException {
        if (deadlineNanos == ReadinessWait.NOW
                || deadlineNanos != ReadinessWait.NO_DEADLINE && deadlineNanos - System.nanoTime() <= 0) {
            throw new TransportException(TransportError.TIMEOUT,
                    "the server at " + path + " took no new connection before the deadline");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new TransportException(TransportError.ABORTED,
                    "interrupted while the server at " + path + " had no room for a new connection");
        }
        LockSupport.parkNanos(RETRY_PAUSE_NANOS);
    }

    private static TransportException io(NativeException e) {
        return new TransportException(TransportError.IO, e.getMessage(), e);
    }
}
