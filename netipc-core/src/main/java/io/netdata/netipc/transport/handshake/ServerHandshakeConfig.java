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
    public long effectiveSupportedProfiles() {
        return orDefault(supportedProfiles, Wire.PROFILE_BASELINE);
    }

    /** The request payload ceiling with the default applied: the most a client may propose. */
    public long effectiveMaxRequestPayloadBytes() {
        return orDefault(maxRequestPayloadBytes, Wire.MAX_PAYLOAD_DEFAULT);
    }

    /** The response payload ceiling with the default applied: what every session gets. */
    public long effectiveMaxResponsePayloadBytes() {
        return orDefault(maxResponsePayloadBytes, Wire.MAX_PAYLOAD_DEFAULT);
    }

    /**
     * This configuration without the profile bits of {@code profiles}, for a session
     * that cannot offer them (the server could not prepare its SHM region). The
     * supported set is taken with its default applied, so removing bits from a
     * default never turns into the default again.
     */
    public ServerHandshakeConfig withoutProfiles(long profiles) {
        return new ServerHandshakeConfig(effectiveSupportedProfiles() & ~profiles, preferredProfiles & ~profiles,
                maxRequestPayloadBytes, maxResponsePayloadBytes, authToken, packetSize);
    }

    static long orDefault(long value, long defaultValue) {
        return value == 0 ? defaultValue : value;
    }
}
