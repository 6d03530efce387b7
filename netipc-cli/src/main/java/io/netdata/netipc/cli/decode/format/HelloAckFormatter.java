package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.HelloAckView;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/** The hello-ack payload of a handshake. Thread-safety: not thread-safe. */
public final class HelloAckFormatter implements MessageFormatter {
    private final HelloAckView ack = new HelloAckView();

    @Override
    public void decode(ByteBuffer buffer, int offset, int length) {
        ack.wrap(buffer, offset, length);
    }

    @Override
    public void write(JsonGenerator json, StringFormat strings) {
        json.writeStartObject();
        json.writeNumberProperty("layout_version", ack.layoutVersion());
        json.writeNumberProperty("flags", ack.flags());
        json.writeNumberProperty("server_supported_profiles", ack.serverSupportedProfiles());
        json.writeNumberProperty("intersection_profiles", ack.intersectionProfiles());
        json.writeNumberProperty("selected_profile", ack.selectedProfile());
        json.writeNumberProperty("agreed_max_request_payload_bytes", ack.agreedMaxRequestPayloadBytes());
        json.writeNumberProperty("agreed_max_request_batch_items", ack.agreedMaxRequestBatchItems());
        json.writeNumberProperty("agreed_max_response_payload_bytes", ack.agreedMaxResponsePayloadBytes());
        json.writeNumberProperty("agreed_max_response_batch_items", ack.agreedMaxResponseBatchItems());
        json.writeNumberProperty("agreed_packet_size", ack.agreedPacketSize());
        JsonFields.writeU64(json, "session_id", ack.sessionId());
        json.writeEndObject();
    }
}
