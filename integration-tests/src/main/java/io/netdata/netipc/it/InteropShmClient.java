package io.netdata.netipc.it;

import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.SessionRole;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmRegionException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The client side of {@code interop_shm}: attaches to the region (retrying
 * while the server is still creating it), sends the {@link EchoExchange}
 * request and checks the echo. It prints {@code PASS} or {@code FAIL} once it
 * has read the response; when it cannot attach, send or receive it reports on
 * standard error only, as the reference does.
 *
 * <p>Thread-safety: not thread-safe; one instance serves one run.
 */
final class InteropShmClient {
    static final String PASS = "PASS";
    static final String FAIL = "FAIL";
    private static final int STATUS_OK = TransportStatus.OK.code();

    private final PrintStream out;
    private final PrintStream err;

    InteropShmClient(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** {@code client}: one request, one checked echo. */
    int echoOne(Path runDir, String service) {
        ShmRegion region = attach(runDir, service);
        if (region == null) {
            return InteropShm.EXIT_FAILED;
        }
        ByteBuffer payload = EchoExchange.payload();
        boolean ok;
        try (ShmChannel channel = new ShmChannel(region, SessionRole.CLIENT, EchoExchange.PAYLOAD_BYTES,
                InteropShmConfig.MAX_ITEMS)) {
            try {
                channel.send(EchoExchange.FLAGS, EchoExchange.METHOD, STATUS_OK, EchoExchange.ITEM_COUNT,
                        EchoExchange.MESSAGE_ID, payload, 0, payload.capacity());
            } catch (TransportException e) {
                err.println("client: send failed: " + e.getMessage());
                return InteropShm.EXIT_FAILED;
            }
            ReceivedMessage response;
            try {
                response = channel.receive(InteropShmConfig.RECEIVE_TIMEOUT.toMillis());
            } catch (TransportException e) {
                err.println("client: receive failed: " + e.getMessage());
                return InteropShm.EXIT_FAILED;
            }
            ok = EchoExchange.check(response, payload.array(), err);
        }
        out.println(ok ? PASS : FAIL);
        out.flush();
        return ok ? InteropShm.EXIT_OK : InteropShm.EXIT_FAILED;
    }

    /**
     * Attaches, retrying a region that is missing or not yet initialised; null
     * (after reporting why) when that fails for good.
     */
    private ShmRegion attach(Path runDir, String service) {
        String lastFailure = "no attempt";
        for (int attempt = 0; attempt < InteropShmConfig.ATTACH_ATTEMPTS; attempt++) {
            try {
                return ShmRegion.attach(InteropShmConfig.endpoint(runDir, service), InteropShmConfig.SESSION_ID,
                        EchoExchange.PAYLOAD_BYTES, EchoExchange.PAYLOAD_BYTES);
            } catch (ShmRegionException e) {
                if (!e.error().retryable()) {
                    err.println("client: attach failed: " + e.getMessage());
                    return null;
                }
                lastFailure = e.getMessage();
            } catch (TransportException | IllegalArgumentException e) {
                err.println("client: attach failed: " + e.getMessage());
                return null;
            }
            if (!pause()) {
                err.println("client: attach interrupted");
                return null;
            }
        }
        err.println("client: attach failed: " + lastFailure);
        return null;
    }

    private static boolean pause() {
        try {
            Thread.sleep(InteropShmConfig.ATTACH_RETRY_INTERVAL.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
