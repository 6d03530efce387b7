package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.constants.platform.Errno;

/**
 * Main class of the child process in {@link UdsDescriptorExhaustionTest}, started with a low
 * descriptor limit: it leaves a dead server's socket file behind, takes every free descriptor
 * with sockets, and reports what opening a listener over the dead socket and connecting a
 * session do then, whether the socket file survived, and what opening the listener does once
 * the descriptors are free again. One line per outcome, {@code key outcome}, then {@link ChildJvm#DONE}.
 *
 * <p>Everything the exhausted calls touch is loaded first, by a rehearsal of the same calls with
 * descriptors to spare: a class whose file cannot be opened fails to load for good.
 *
 * <p>Arguments: run directory.
 */
public final class DescriptorExhaustionChild {
    /** Outcome of a call that returned normally. */
    static final String OK = "OK";
    static final String FILLERS = "fillers";
    static final String STALE_OPEN = "stale-open";
    static final String STALE_KEPT = "stale-kept";
    static final String CONNECT = "connect";
    static final String RECLAIM = "reclaim";
    private static final String SERVICE = "exhausted";
    private static final ClientHandshakeConfig CLIENT = UdsTestSupport.clientConfig(1024, 1, 1024, 0);

    private DescriptorExhaustionChild() {
    }

    private interface Call {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(args[0]);
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, SERVICE);
        rehearse(runDir);
        leaveDeadSocketAt(endpoint.socketPath());
        List<Integer> fillers = new ArrayList<>();
        String staleOpen;
        String connect;
        boolean kept;
        try {
            fill(fillers);
            staleOpen = outcome(() -> UdsListener.open(endpoint).close());
            kept = Files.exists(endpoint.socketPath(), LinkOption.NOFOLLOW_LINKS);
            // Top up in case the JVM closed a descriptor of its own meanwhile.
            fill(fillers);
            connect = outcome(() -> UdsSession.connect(endpoint, CLIENT, UdsTestSupport.WAIT).close());
        } finally {
            fillers.forEach(fd -> Native.libc().close(fd));
        }
        ChildJvm.report(FILLERS, Integer.toString(fillers.size()));
        ChildJvm.report(STALE_OPEN, staleOpen);
        ChildJvm.report(STALE_KEPT, Boolean.toString(kept));
        ChildJvm.report(CONNECT, connect);
        ChildJvm.report(RECLAIM, outcome(() -> UdsListener.open(endpoint).close()));
        ChildJvm.endReport();
    }

    /**
     * Runs every outcome the exhausted calls can have with descriptors to spare: a live server's
     * ADDRESS_IN_USE, a failed connect's IO with its errno, a listener opened and closed, and a
     * stale endpoint reclaimed.
     */
    private static void rehearse(Path runDir) throws Exception {
        ServiceEndpoint rehearsal = new ServiceEndpoint(runDir, "rehearsal");
        try (UdsListener live = UdsListener.open(rehearsal)) {
            outcome(() -> UdsListener.open(rehearsal).close());
        }
        outcome(() -> UdsSession.connect(new ServiceEndpoint(runDir.resolve("missing"), SERVICE), CLIENT,
                UdsTestSupport.WAIT).close());
        leaveDeadSocketAt(rehearsal.socketPath());
        outcome(() -> UdsListener.open(rehearsal).close());
        outcome(() -> {
            throw new TransportException(TransportError.IO, "rehearsal", new NativeException("socket",
                    Errno.EMFILE.intValue()));
        });
        Files.exists(rehearsal.socketPath(), LinkOption.NOFOLLOW_LINKS);
    }

    /** Leaves a socket file behind as a crashed server would: bound, then closed without unlink. */
    private static void leaveDeadSocketAt(Path path) throws NativeException {
        try (NativeFd dead = new NativeFd(Native.check(UdsSocket.open(), "socket"))) {
            byte[] address = UnixSocketAddress.of(path);
            Native.check(Native.libc().bind(dead.fd(), address, address.length), "bind");
        }
    }

    /** Opens sockets into {@code fillers} until no descriptor is left. */
    private static void fill(List<Integer> fillers) {
        for (int fd = UdsSocket.open(); fd >= 0; fd = UdsSocket.open()) {
            fillers.add(fd);
        }
        if (Native.errno() != Errno.EMFILE.intValue()) {
            throw new IllegalStateException("socket failed with errno " + Native.errno() + ", not EMFILE");
        }
    }

    /** {@link #OK}, or the transport error and the errno behind it, or the class of anything else thrown. */
    private static String outcome(Call call) {
        try {
            call.run();
            return OK;
        } catch (TransportException e) {
            return e.getCause() instanceof NativeException cause ? e.error() + " " + cause.errnoName()
                    : e.error().toString();
        } catch (Exception | Error e) {
            return "threw " + e;
        }
    }
}
