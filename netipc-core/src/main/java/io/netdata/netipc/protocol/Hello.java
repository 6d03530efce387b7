package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU16;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU64;

import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Owned hello payload: the client's handshake proposal. Unsigned 32-bit fields
 * are {@code long}s in {@code [0, 2^32)}; {@code authToken} is an unsigned
 * 64-bit value in raw bits. The reserved word is always written as zero.
 *
 * <p>Thread-safety: immutable.
 */
public record Hello(int layoutVersion, int flags, long supportedProfiles, long preferredProfiles,
        long maxRequestPayloadBytes, long maxRequestBatchItems, long maxResponsePayloadBytes,
        long maxResponseBatchItems, long authToken, long packetSize) {

    public Hello {
        Checks.checkU16(layoutVersion, "layout_version");
        Checks.checkU16(flags, "flags");
        Checks.checkU32(supportedProfiles, "supported_profiles");
        Checks.checkU32(preferredProfiles, "preferred_profiles");
        Checks.checkU32(maxRequestPayloadBytes, "max_request_payload_bytes");
        Checks.checkU32(maxRequestBatchItems, "max_request_batch_items");
        Checks.checkU32(maxResponsePayloadBytes, "max_response_payload_bytes");
        Checks.checkU32(maxResponseBatchItems, "max_response_batch_items");
        Checks.checkU32(packetSize, "packet_size");
    }

    /**
     * Writes the 44 hello bytes at absolute index {@code offset}.
     *
     * @return the number of bytes written, {@link HelloView#SIZE}
     */
    public int encodeTo(ByteBuffer buffer, int offset) {
        Checks.checkRegion(buffer, offset, HelloView.SIZE);
        putU16(buffer, offset + HelloView.OFF_LAYOUT_VERSION, layoutVersion);
        putU16(buffer, offset + HelloView.OFF_FLAGS, flags);
        putU32(buffer, offset + HelloView.OFF_SUPPORTED_PROFILES, supportedProfiles);
        putU32(buffer, offset + HelloView.OFF_PREFERRED_PROFILES, preferredProfiles);
        putU32(buffer, offset + HelloView.OFF_MAX_REQUEST_PAYLOAD_BYTES, maxRequestPayloadBytes);
        putU32(buffer, offset + HelloView.OFF_MAX_REQUEST_BATCH_ITEMS, maxRequestBatchItems);
        putU32(buffer, offset + HelloView.OFF_MAX_RESPONSE_PAYLOAD_BYTES, maxResponsePayloadBytes);
        putU32(buffer, offset + HelloView.OFF_MAX_RESPONSE_BATCH_ITEMS, maxResponseBatchItems);
        putU32(buffer, offset + HelloView.OFF_RESERVED, 0);
        putU64(buffer, offset + HelloView.OFF_AUTH_TOKEN, authToken);
        putU32(buffer, offset + HelloView.OFF_PACKET_SIZE, packetSize);
        return HelloView.SIZE;
    }

    /** The encoded bytes. */
    public byte[] toBytes() {
        byte[] bytes = new byte[HelloView.SIZE];
        encodeTo(ByteBuffer.wrap(bytes), 0);
        return bytes;
    }
}
