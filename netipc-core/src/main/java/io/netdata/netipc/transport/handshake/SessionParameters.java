package io.netdata.netipc.transport.handshake;

/**
 * The final values of one session, as the server's hello-ack fixed them. Both
 * sides use these, never their own proposals. Unsigned 32-bit values are
 * {@code long}s; {@code sessionId} is unsigned 64-bit in raw bits.
 *
 * <p>Thread-safety: immutable.
 *
 * @param selectedProfile the single profile bit of the session's data plane
 * @param packetSize the agreed packet size; messages longer than this are chunked
 */
public record SessionParameters(long selectedProfile, long maxRequestPayloadBytes, long maxRequestBatchItems,
        long maxResponsePayloadBytes, long maxResponseBatchItems, long packetSize, long sessionId) {
}
