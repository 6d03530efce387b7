package io.netdata.netipc.transport.handshake;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;

/**
 * What a server decides a handshake with. Zero means the named default, as in
 * the reference: baseline profile only, {@link Wire#MAX_PAYLOAD_DEFAULT}-byte
 * payload ceilings, packet size from the socket's {@code SO_SNDBUF}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param supportedProfiles profile bits the server offers (0: baseline only)
 * @param preferredProfiles profile bits the server prefers when the client prefers them too
 * @param maxRequestPayloadBytes the largest request payload a client may propose (0: default)
 * @param maxResponsePayloadBytes the response payload ceiling the server grants (0: default)
 * @param authToken the token clients must present (unsigned 64-bit, raw bits)
 * @param packetSize the server's packet size (0: detect from the socket)
 */
public record ServerHandshakeConfig(long supportedProfiles, long preferredProfiles, long maxRequestPayloadBytes,
        long maxResponsePayloadBytes, long authToken, long packetSize) {

    public ServerHandshakeConfig {
        Checks.checkU32(supportedProfiles, "supportedProfiles");
        Checks.checkU32(preferredProfiles, "preferredProfiles");
        Checks.checkU32(maxRequestPayloadBytes, "maxRequestPayloadBytes");
        Checks.checkU32(maxResponsePayloadBytes, "maxResponsePayloadBytes");
        Checks.checkU32(packetSize, "packetSize");
    }

    /** Supported profiles with the default applied. */
    long effectiveSupportedProfiles() {
        return orDefault(supportedProfiles, Wire.PROFILE_BASELINE);
    }

    long effectiveMaxRequestPayloadBytes() {
        return orDefault(maxRequestPayloadBytes, Wire.MAX_PAYLOAD_DEFAULT);
    }

    long effectiveMaxResponsePayloadBytes() {
        return orDefault(maxResponsePayloadBytes, Wire.MAX_PAYLOAD_DEFAULT);
    }

    static long orDefault(long value, long defaultValue) {
        return value == 0 ? defaultValue : value;
    }
}
