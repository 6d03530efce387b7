package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.constants.platform.Errno;

/**
 * Client connections left waiting in a listener's accept queue until the
 * kernel reports it full: each is a non-blocking connect, and the first that
 * fails with {@code EAGAIN} found no free slot. Closing closes them all.
 */
final class PendingConnections implements AutoCloseable {
    /** More connections than any accept queue a test sets up holds. */
    private static final int LIMIT = 256;

    private final List<NativeFd> connections = new ArrayList<>();

    private PendingConnections() {
    }

    /**
     * Connects to the listener at {@code path} until its accept queue is full.
     *
     * @throws AssertionError when {@value #LIMIT} connections fit and the queue is still not full
     */
    static PendingConnections fillQueue(Path path) throws NativeException {
        PendingConnections pending = new PendingConnections();
        try {
            byte[] address = UnixSocketAddress.of(path);
            while (pending.connections.size() < LIMIT) {
                NativeFd client = new NativeFd(Native.check(UdsSocket.openNonBlocking(), "socket"));
                if (Native.libc().connect(client.fd(), address, address.length) == 0) {
                    pending.connections.add(client);
                    continue;
                }
                int errno = Native.errno();
                client.close();
                if (errno == Errno.EAGAIN.intValue()) {
                    return pending;
                }
                throw new NativeException("connect " + path, errno);
            }
            throw new AssertionError("the accept queue of " + path + " took " + LIMIT + " connections");
        } catch (NativeException | RuntimeException | Error e) {
            pending.close();
            throw e;
        }
    }

    /** Connections that found a slot in the queue. */
    int count() {
        return connections.size();
    }

    @Override
    public void close() {
        connections.forEach(NativeFd::close);
        connections.clear();
    }
}
