package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU16;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU64;

import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Owned hello-ack payload: the server's final session parameters. Unsigned
 * 32-bit fields are {@code long}s in {@code [0, 2^32)}; {@code sessionId} is an
 * unsigned 64-bit value in raw bits. The reserved word is always written as zero.
 *
 * <p>Thread-safety: immutable.
 */
public record HelloAck(int layoutVersion, int flags, long serverSupportedProfiles, long intersectionProfiles,
        long selectedProfile, long agreedMaxRequestPayloadBytes, long agreedMaxRequestBatchItems,
        long agreedMaxResponsePayloadBytes, long agreedMaxResponseBatchItems, long agreedPacketSize,
        long sessionId) {

    public HelloAck {
        Checks.checkU16(layoutVersion, "layout_version");
        Checks.checkU16(flags, "flags");
        Checks.checkU32(serverSupportedProfiles, "server_supported_profiles");
        Checks.checkU32(intersectionProfiles, "intersection_profiles");
        Checks.checkU32(selectedProfile, "selected_profile");
        Checks.checkU32(agreedMaxRequestPayloadBytes, "agreed_max_request_payload_bytes");
        Checks.checkU32(agreedMaxRequestBatchItems, "agreed_max_request_batch_items");
        Checks.checkU32(agreedMaxResponsePayloadBytes, "agreed_max_response_payload_bytes");
        Checks.checkU32(agreedMaxResponseBatchItems, "agreed_max_response_batch_items");
        Checks.checkU32(agreedPacketSize, "agreed_packet_size");
    }

    /**
     * The payload of a rejected handshake: every field zero except the layout
     * version, as the reference server sends it.
     */
    public static HelloAck rejection() {
        return new HelloAck(Wire.LAYOUT_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Writes the 48 hello-ack bytes at absolute index {@code offset}.
     *
     * @return the number of bytes written, {@link HelloAckView#SIZE}
     */
    public int encodeTo(ByteBuffer buffer, int offset) {
        Checks.checkRegion(buffer, offset, HelloAckView.SIZE);
        putU16(buffer, offset + HelloAckView.OFF_LAYOUT_VERSION, layoutVersion);
        putU16(buffer, offset + HelloAckView.OFF_FLAGS, flags);
        putU32(buffer, offset + HelloAckView.OFF_SERVER_SUPPORTED_PROFILES, serverSupportedProfiles);
        putU32(buffer, offset + HelloAckView.OFF_INTERSECTION_PROFILES, intersectionProfiles);
        putU32(buffer, offset + HelloAckView.OFF_SELECTED_PROFILE, selectedProfile);
        putU32(buffer, offset + HelloAckView.OFF_AGREED_MAX_REQUEST_PAYLOAD_BYTES, agreedMaxRequestPayloadBytes);
        putU32(buffer, offset + HelloAckView.OFF_AGREED_MAX_REQUEST_BATCH_ITEMS, agreedMaxRequestBatchItems);
        putU32(buffer, offset + HelloAckView.OFF_AGREED_MAX_RESPONSE_PAYLOAD_BYTES, agreedMaxResponsePayloadBytes);
        putU32(buffer, offset + HelloAckView.OFF_AGREED_MAX_RESPONSE_BATCH_ITEMS, agreedMaxResponseBatchItems);
        putU32(buffer, offset + HelloAckView.OFF_AGREED_PACKET_SIZE, agreedPacketSize);
        putU32(buffer, offset + HelloAckView.OFF_RESERVED, 0);
        putU64(buffer, offset + HelloAckView.OFF_SESSION_ID, sessionId);
        return HelloAckView.SIZE;
    }

    /** The encoded bytes. */
    public byte[] toBytes() {
        byte[] bytes = new byte[HelloAckView.SIZE];
        encodeTo(ByteBuffer.wrap(bytes), 0);
        return bytes;
    }
}
