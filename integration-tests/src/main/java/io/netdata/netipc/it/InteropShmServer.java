package io.netdata.netipc.it;

import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.SessionRole;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmRegionException;
import io.netdata.netipc.transport.shm.ShmRegionLayout;
import java.io.PrintStream;
import java.nio.file.Path;
import jnr.constants.platform.Errno;

/**
 * The server side of {@code interop_shm}: creates the region, announces
 * {@code READY}, echoes one request back as a response with the same code,
 * flags, item count, message id and payload, then removes the region.
 *
 * <p>Thread-safety: not thread-safe; one instance serves one run.
 */
final class InteropShmServer {
    /** The line a test script waits for before it starts the client. */
    static final String READY = "READY";
    /**
     * The line the reference fixtures print when the file system had no room for
     * the region, which a test that fills the backing store looks for.
     */
    static final String ALLOCATE_ENOSPC = "NIPC_SHM_ALLOCATE_ENOSPC";
    private static final int STATUS_OK = TransportStatus.OK.code();

    private final PrintStream out;
    private final PrintStream err;

    InteropShmServer(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** {@code server}: echoes one request; exits 1 if anything fails. */
    int echoOne(Path runDir, String service) {
        ShmRegion region;
        try {
            region = ShmRegion.create(InteropShmConfig.endpoint(runDir, service), InteropShmConfig.SESSION_ID,
                    ShmRegionLayout.forAreaCapacities(InteropShmConfig.AREA_CAPACITY_BYTES,
                            InteropShmConfig.AREA_CAPACITY_BYTES));
        } catch (TransportException e) {
            if (isOutOfSpace(e)) {
                err.println(ALLOCATE_ENOSPC);
            }
            err.println("server: shm create failed: " + e.getMessage());
            return InteropShm.EXIT_FAILED;
        } catch (ShmRegionException | IllegalArgumentException e) {
            err.println("server: shm create failed: " + e.getMessage());
            return InteropShm.EXIT_FAILED;
        }
        try (ShmChannel channel = new ShmChannel(region, SessionRole.SERVER,
                InteropShmConfig.AREA_CAPACITY_BYTES - Wire.HEADER_LEN, InteropShmConfig.MAX_ITEMS)) {
            out.println(READY);
            // The script reading our output may be waiting on this line: never leave it in a buffer.
            out.flush();
            return echo(channel);
        }
    }

    private int echo(ShmChannel channel) {
        ReceivedMessage request;
        try {
            request = channel.receive(InteropShmConfig.RECEIVE_TIMEOUT.toMillis());
        } catch (TransportException e) {
            err.println("server: receive failed: " + e.getMessage());
            return InteropShm.EXIT_FAILED;
        }
        try {
            // The payload is sent straight from the receive copy, which stays valid until the next receive.
            channel.send(request.flags(), request.code(), STATUS_OK, request.itemCount(), request.messageId(),
                    request.buffer(), request.payloadOffset(), request.payloadLength());
        } catch (TransportException e) {
            err.println("server: send failed: " + e.getMessage());
            return InteropShm.EXIT_FAILED;
        }
        return InteropShm.EXIT_OK;
    }

    /** Whether the region could not be reserved because its file system is full. */
    private static boolean isOutOfSpace(TransportException e) {
        return e.error() == TransportError.ALLOCATION_FAILED && e.getCause() instanceof NativeException cause
                && cause.is(Errno.ENOSPC);
    }
}
