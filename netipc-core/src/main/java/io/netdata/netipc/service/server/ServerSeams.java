package io.netdata.netipc.service.server;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.uds.PendingConnection;
import io.netdata.netipc.transport.uds.UdsListener;
import io.netdata.netipc.transport.uds.UdsSession;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The places a managed server meets the system or a client where failures
 * cannot be provoked at will (the stop signal's eventfd, {@code accept}, the
 * handshake, the heap), so that tests can stand in for them. Production uses
 * {@link #SYSTEM}.
 *
 * <p>Thread-safety: immutable; each seam is called from the server's threads.
 */
record ServerSeams(StopSignals stopSignals, Acceptor acceptor, Handshaker handshaker,
        IntFunction<ByteBuffer> allocator) {
    /** Creates the signal that wakes the server's threads when it closes. */
    @FunctionalInterface
    interface StopSignals {
        AbortSignal create() throws NativeException;
    }

    /** Accepts the next client's connection, on the acceptor thread. */
    @FunctionalInterface
    interface Acceptor {
        PendingConnection accept(UdsListener listener, AbortSignal stop) throws TransportException;
    }

    /** Handshakes an accepted connection, on the thread that will serve it. */
    @FunctionalInterface
    interface Handshaker {
        UdsSession handshake(PendingConnection connection, AbortSignal stop, Supplier<ServerHandshakeConfig> config)
                throws TransportException;
    }

    static final ServerSeams SYSTEM = new ServerSeams(AbortSignal::create,
            (listener, stop) -> listener.acceptPending(null, stop), PendingConnection::handshake,
            ByteBuffer::allocate);
}
