package io.netdata.netipc.service.server;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.uds.UdsListener;
import io.netdata.netipc.transport.uds.UdsSession;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The three places a managed server meets the system where failures cannot be
 * provoked at will (the stop signal's eventfd, {@code accept}, the heap), so
 * that tests can stand in for them. Production uses {@link #SYSTEM}.
 *
 * <p>Thread-safety: immutable; each seam is called from the server's threads.
 */
record ServerSeams(StopSignals stopSignals, Acceptor acceptor, IntFunction<ByteBuffer> allocator) {
    /** Creates the signal that wakes the server's threads when it closes. */
    @FunctionalInterface
    interface StopSignals {
        AbortSignal create() throws NativeException;
    }

    /** Accepts and handshakes the next client. */
    @FunctionalInterface
    interface Acceptor {
        UdsSession accept(UdsListener listener, AbortSignal stop, Supplier<ServerHandshakeConfig> config)
                throws TransportException;
    }

    static final ServerSeams SYSTEM = new ServerSeams(AbortSignal::create,
            (listener, stop, config) -> listener.accept(null, stop, config), ByteBuffer::allocate);
}
