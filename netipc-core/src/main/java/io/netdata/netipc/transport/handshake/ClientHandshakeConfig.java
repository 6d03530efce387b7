package io.netdata.netipc.transport.handshake;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;

/**
 * What a client proposes in its hello. Zero means the named default, as in the
 * reference: baseline profile only, {@link Wire#MAX_PAYLOAD_DEFAULT}-byte
 * payloads, {@value #DEFAULT_BATCH_ITEMS} batch item, packet size from the
 * socket's {@code SO_SNDBUF}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param authToken unsigned 64-bit, raw bits
 */
public record ClientHandshakeConfig(long supportedProfiles, long preferredProfiles, long maxRequestPayloadBytes,
        long maxRequestBatchItems, long maxResponsePayloadBytes, long maxResponseBatchItems, long authToken,
        long packetSize) {
    /** Batch items proposed when none are configured. */
    public static final int DEFAULT_BATCH_ITEMS = 1;

    public ClientHandshakeConfig {
        Checks.checkU32(supportedProfiles, "supportedProfiles");
        Checks.checkU32(preferredProfiles, "preferredProfiles");
        Checks.checkU32(maxRequestPayloadBytes, "maxRequestPayloadBytes");
        Checks.checkU32(maxRequestBatchItems, "maxRequestBatchItems");
        Checks.checkU32(maxResponsePayloadBytes, "maxResponsePayloadBytes");
        Checks.checkU32(maxResponseBatchItems, "maxResponseBatchItems");
        Checks.checkU32(packetSize, "packetSize");
    }

    /** Supported profiles with the default applied. */
    public long effectiveSupportedProfiles() {
        return ServerHandshakeConfig.orDefault(supportedProfiles, Wire.PROFILE_BASELINE);
    }
}
