package io.netdata.netipc.transport.uds;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmRegionException;
import io.netdata.netipc.transport.shm.ShmRegionLayout;

/**
 * The server's region for one session, prepared before the client's hello is
 * read, as the reference servers do: the handshake may then select SHM only when
 * the region exists, so the hello-ack never promises a region that is not there.
 *
 * <p>The areas are sized from the server's configured maxima, not from the
 * negotiated values (not known yet): the handshake agrees at most the server's
 * request maximum and exactly its response maximum, so every message fits.
 *
 * <p>When the region cannot be created (too large, no space to reserve, a live
 * region at the path, any I/O failure) the session is negotiated without the SHM
 * profiles, over the socket; only a server that offers nothing else fails the
 * accept.
 *
 * <p>Thread-safety: immutable.
 *
 * @param config the handshake configuration this session is negotiated with
 * @param region the prepared region, or null when the session cannot use SHM
 */
record ShmServerRegion(ServerHandshakeConfig config, ShmRegion region) {
    /** The profile bits this transport can serve over a region. */
    static final long SHM_PROFILES = Wire.PROFILE_SHM_HYBRID;

    /**
     * Prepares the region of session {@code sessionId} when {@code config} offers SHM.
     *
     * @throws TransportException the creation failure when the configuration offers nothing but SHM
     */
    static ShmServerRegion prepare(ServiceEndpoint endpoint, ServerHandshakeConfig config, long sessionId)
            throws TransportException {
        if ((config.effectiveSupportedProfiles() & SHM_PROFILES) == 0) {
            return new ShmServerRegion(config, null);
        }
        try {
            ShmRegionLayout layout = ShmRegionLayout.forPayloadLimits(config.effectiveMaxRequestPayloadBytes(),
                    config.effectiveMaxResponsePayloadBytes());
            return new ShmServerRegion(config, ShmRegion.create(endpoint, sessionId, layout));
        } catch (ShmRegionException e) {
            return withoutShm(config, new TransportException(TransportError.LIMIT_EXCEEDED, e.getMessage(), e));
        } catch (TransportException e) {
            return withoutShm(config, e);
        }
    }

    private static ShmServerRegion withoutShm(ServerHandshakeConfig config, TransportException failure)
            throws TransportException {
        ServerHandshakeConfig fallback = config.withoutProfiles(SHM_PROFILES);
        if (fallback.supportedProfiles() == 0) {
            throw failure;
        }
        return new ShmServerRegion(fallback, null);
    }

    /** Closes (and unlinks) the region when the session did not select SHM, or failed; null-safe. */
    void discard() {
        if (region != null) {
            region.close();
        }
    }
}
