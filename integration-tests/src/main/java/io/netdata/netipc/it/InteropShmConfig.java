package io.netdata.netipc.it;

import io.netdata.netipc.transport.ServiceEndpoint;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The values every {@code interop_shm} fixture uses, in every language: the
 * region of session 1, request and response areas of 64 KiB each (whole
 * messages, header included), and a 10-second wait for the peer's message.
 *
 * <p>Thread-safety: immutable constants.
 */
final class InteropShmConfig {
    static final long SESSION_ID = 1;
    static final long AREA_CAPACITY_BYTES = 65_536;
    static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(10);
    /** A message of the fixtures is a single item; batches are not part of this contract. */
    static final long MAX_ITEMS = 1;
    /** How often and how long a client tries to attach while the server is still creating the region. */
    static final int ATTACH_ATTEMPTS = 500;
    static final Duration ATTACH_RETRY_INTERVAL = Duration.ofMillis(10);

    private InteropShmConfig() {
    }

    /**
     * The service's endpoint in {@code runDir}; its region is
     * {@code {runDir}/{service}-0000000000000001.ipcshm}.
     *
     * @throws IllegalArgumentException for a service name the transport refuses
     */
    static ServiceEndpoint endpoint(Path runDir, String service) {
        return new ServiceEndpoint(runDir, service);
    }
}
